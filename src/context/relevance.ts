/**
 * How relevant each endpoint, model and service is to a task. Scores live on one scale so the
 * token budget can compare a model with an endpoint: a task's own target (1000) ≫ its path with
 * another method, its resource or a nested one (800–400) ≫ shared words with the title and
 * targets (100–300) ≫ the rest (0). Pure: values in, scores out.
 */
import type { Endpoint, Model, Service } from '../registry/schema.js';
import { HTTP_METHODS } from '../registry/schema.js';
import { normalizeTarget } from '../tasks/rank.js';
import type { Task } from '../tasks/schema.js';
import { compareText, compoundKey, isVersionSegment, matchKeys, resourceSegments, stem, terms } from './terms.js';

export const RELEVANCE = {
  exact: 1000,
  samePath: 800,
  sameResource: 600,
  nested: 400,
  /** Sharing words: this plus 20 a word, at most `words + 200`. */
  words: 100,
  none: 0,
} as const;

/** What a target written without the version (`/api/products` for `/api/v1/products`) loses. */
const VERSIONLESS = 50;

/** The endpoint is one of the task's targets (exactly, or but for the version). */
export const isTarget = (score: number): boolean => score >= RELEVANCE.exact - VERSIONLESS;

export const MODEL_RELEVANCE = {
  inTarget: 1000,
  /** Named by a word of the title or of a target. */
  inTitle: 700,
  /** Named by a relevant endpoint's path: this plus a tenth of that endpoint's score. */
  inPath: 200,
  /** One foreign key away keeps this share of the named model's score (referenced by it, or referencing it). */
  referenced: 0.45,
  referencing: 0.35,
} as const;

/** Words that say what to do, not what to do it to; they would match every path. */
const STOP_WORDS = new Set(
  ('a an the to for and or with of in on by from into at as is be it this that all each new via ' +
    'add create update remove delete get post put patch list make allow use support implement fix ' +
    'api rest endpoint endpoints route routes id ids pagination paginate filtering filter filters sorting sort')
    .split(' '),
);

interface PathTarget {
  method: string | undefined;
  /** Normalised path (`/api/products/{}`), and the same without version segments. */
  name: string;
  bare: string;
  resource: string;
}

export interface TaskSubject {
  targets: PathTarget[];
  /** What the targets name as a whole: `OrderItem` → `orderitem`, `/api/order-items/{id}` → `orderitem`. */
  targetNames: Set<string>;
  /** Match keys (words and word pairs) of the targets and of the title. */
  targetKeys: Set<string>;
  titleKeys: Set<string>;
}

export interface Scored<T> {
  item: T;
  score: number;
}

const withoutVersion = (name: string) => name.split('/').filter((s) => !isVersionSegment(s)).join('/');
/** The collection a path belongs to: `/api/products/{}` → `/api/products`. */
const resourceOf = (name: string) => name.replace(/(?:\/\{\})+$/, '');
const ENDPOINT_MENTION = new RegExp(`\\b(?:${HTTP_METHODS.join('|')})\\s+/\\S*`, 'g');

function pathTarget(target: string): PathTarget {
  const { method, name } = normalizeTarget(target);
  const bare = withoutVersion(name);
  return { method, name, bare, resource: resourceOf(bare) };
}

/** What a task is about: its targets (and endpoints its title names, `GET /api/products`) and its words. */
export function taskSubject(task: Pick<Task, 'title' | 'targets'>): TaskSubject {
  const isPath = (t: string) => normalizeTarget(t).name.startsWith('/');
  const mentioned = task.title.match(ENDPOINT_MENTION) ?? [];
  const paths = [...task.targets, ...mentioned].filter(isPath);
  // `User.email` names User; `products table` names products; a path names its resources.
  const targetNames = new Set(
    task.targets.flatMap((t) => (isPath(t) ? resourceSegments(normalizeTarget(t).name) : [t, ...t.split(/[\s.:]+/)]).map(compoundKey)),
  );
  const targetKeys = new Set(task.targets.flatMap((t) => [...matchKeys(t, STOP_WORDS)]));
  return { targets: paths.map(pathTarget), targetNames, targetKeys, titleKeys: matchKeys(task.title, STOP_WORDS) };
}

/** The resource words of a path, each segment's terms and its joined name (`order-items` → `orderitem`). */
export function pathKeys(path: string): Set<string> {
  const keys = new Set<string>();
  for (const segment of resourceSegments(path)) {
    for (const word of terms(segment)) if (!STOP_WORDS.has(word)) keys.add(stem(word));
    keys.add(compoundKey(segment));
  }
  return keys;
}

const countShared = (keys: Iterable<string>, subject: TaskSubject) => {
  let shared = 0;
  for (const key of keys) if (subject.targetKeys.has(key) || subject.titleKeys.has(key)) shared++;
  return shared;
};

const wordScore = (shared: number) => (shared > 0 ? RELEVANCE.words + Math.min(shared, 10) * 20 : RELEVANCE.none);

/** What one path is, computed once per distinct path. */
interface PathInfo {
  self: PathTarget;
  keys: Set<string>;
}

const pathInfo = (path: string): PathInfo => ({ self: pathTarget(path), keys: pathKeys(path) });

function targetScore(target: PathTarget, self: PathTarget, method: string): number {
  const sameMethod = !target.method || target.method === method;
  if (target.name === self.name) return sameMethod ? RELEVANCE.exact : RELEVANCE.samePath;
  // A target written without a version (`/api/products`) still finds `/api/v1/products`, a little lower;
  // one written with another version (`/api/v2/products`) names the same resource, not the same endpoint.
  if (target.bare === self.bare && target.name === target.bare) return (sameMethod ? RELEVANCE.exact : RELEVANCE.samePath) - VERSIONLESS;
  if (target.resource === self.resource) return RELEVANCE.sameResource;
  if (self.bare.startsWith(`${target.resource}/`) || target.bare.startsWith(`${self.resource}/`)) return RELEVANCE.nested;
  return RELEVANCE.none;
}

export function scoreEndpoint(endpoint: Pick<Endpoint, 'method' | 'path'>, subject: TaskSubject, info = pathInfo(endpoint.path)): number {
  let best = wordScore(countShared(info.keys, subject));
  for (const target of subject.targets) best = Math.max(best, targetScore(target, info.self, endpoint.method));
  return best;
}

const methodOrder = (method: string) => HTTP_METHODS.indexOf(method as (typeof HTTP_METHODS)[number]);

/** Every endpoint, most relevant first; ties by path, then method, so the order is stable. */
export function rankEndpoints(endpoints: readonly Endpoint[], subject: TaskSubject): Scored<Endpoint>[] {
  const infos = new Map<string, PathInfo>();
  const infoOf = (path: string) => infos.get(path) ?? (infos.set(path, pathInfo(path)).get(path) as PathInfo);
  return endpoints
    .map((item) => ({ item, score: scoreEndpoint(item, subject, infoOf(item.path)) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        compareText(a.item.path, b.item.path) ||
        methodOrder(a.item.method) - methodOrder(b.item.method),
    );
}

/** The keys a model is known by: its name and its table, singular or plural, any case. */
const modelKeys = (model: Pick<Model, 'name' | 'table'>) =>
  [compoundKey(model.name), ...(model.table ? [compoundKey(model.table)] : [])];

/**
 * Models named by the task (targets, then title), by its relevant endpoints' paths, or one
 * foreign key away from those. Only relevant models are returned, most relevant first.
 */
export function rankModels(models: readonly Model[], subject: TaskSubject, endpoints: readonly Scored<Endpoint>[]): Scored<Model>[] {
  const keysOf = new Map(models.map((model) => [model, modelKeys(model)]));
  const byKey = new Map<string, Model[]>();
  for (const [model, keys] of keysOf) {
    for (const key of keys) {
      const known = byKey.get(key);
      if (known) known.push(model);
      else byKey.set(key, [model]);
    }
  }
  const scores = new Map<Model, number>();
  const raise = (model: Model, score: number) => scores.set(model, Math.max(scores.get(model) ?? 0, score));

  // A target naming the model outranks a word of it: target `OrderItem` is about OrderItem, less about Order.
  for (const [model, keys] of keysOf) {
    if (keys.some((k) => subject.targetNames.has(k))) raise(model, MODEL_RELEVANCE.inTarget);
    else if (keys.some((k) => subject.titleKeys.has(k) || subject.targetKeys.has(k))) raise(model, MODEL_RELEVANCE.inTitle);
  }
  const pathScores = new Map<string, number>();
  for (const { item, score } of endpoints) pathScores.set(item.path, Math.max(pathScores.get(item.path) ?? 0, score));
  for (const [path, score] of pathScores) {
    if (score <= RELEVANCE.none) continue;
    const inPath = MODEL_RELEVANCE.inPath + Math.floor(score / 10);
    for (const key of pathKeys(path)) for (const model of byKey.get(key) ?? []) raise(model, inPath);
  }
  // One foreign-key hop from the models named so far, both ways: what they reference and what references them.
  const named = new Map(scores);
  const find = (name: string) => byKey.get(compoundKey(name)) ?? [];
  for (const model of models) {
    for (const field of model.fields) {
      if (!field.references) continue;
      for (const target of find(field.references.model)) {
        const from = named.get(model);
        const to = named.get(target);
        if (from !== undefined) raise(target, Math.floor(from * MODEL_RELEVANCE.referenced));
        if (to !== undefined) raise(model, Math.floor(to * MODEL_RELEVANCE.referencing));
      }
    }
  }
  return [...scores]
    .map(([item, score]) => ({ item, score }))
    .sort((a, b) => b.score - a.score || compareText(a.item.name, b.item.name));
}

/** Parts of service names that say what kind of thing it is, not what it is about. */
const SERVICE_SUFFIXES = new Set(['service', 'services', 'repository', 'repo', 'job', 'worker', 'integration', 'middleware', 'client', 'provider', 'manager', 'handler', 'controller', 'impl']);

/** Services whose name or integrations share words with the task, most relevant first. */
export function rankServices(services: readonly Service[], subject: TaskSubject): Scored<Service>[] {
  return services
    .map((item) => {
      const keys = new Set([...matchKeys(item.name, SERVICE_SUFFIXES), ...item.integrations.flatMap((i) => [...matchKeys(i, SERVICE_SUFFIXES)])]);
      return { item, score: wordScore(countShared(keys, subject)) };
    })
    .filter((s) => s.score > RELEVANCE.none)
    .sort((a, b) => b.score - a.score || compareText(a.item.name, b.item.name));
}
