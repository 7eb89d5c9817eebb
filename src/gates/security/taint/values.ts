/**
 * Operations on tainted values: joining, reading a member (which is where request objects turn
 * into request data), splicing into strings and coercions. Origin lists are capped: a value that
 * already carries a few origins gains nothing from a tenth.
 */
import { isServerFileField, memberOfRequest } from './sources.js';
import type { Hop, Origin, ParamFlow, Place, Splice, Value } from './types.js';

export const CLEAN: Value = { taint: [] };
const MAX_ORIGINS = 6;
const MAX_SPLICES = 4;
const MAX_HOPS = 8;
const MAX_PATH = 2;

export const isTainted = (value: Value): boolean => value.taint.length > 0 || (value.fields !== undefined && [...value.fields.values()].some((t) => t.length > 0));

const rootKey = (origin: Origin): string => {
  const { root } = origin;
  if (root.kind === 'param') return `p${root.index}.${root.path.join('.')}`;
  return `${root.kind}:${root.at.file}:${root.at.line}:${root.at.column}:${root.label}`;
};

const originKey = (origin: Origin): string => `${rootKey(origin)}|${origin.splices[0] ? `${origin.splices[0].line}:${origin.splices[0].column}` : ''}|${origin.stringy ? 's' : ''}${origin.validated ? 'v' : ''}${origin.cleared}`;

/** Union of origin lists, without duplicates, capped. */
export function joinTaint(...lists: (readonly Origin[] | undefined)[]): readonly Origin[] {
  const nonEmpty = lists.filter((l): l is readonly Origin[] => !!l && l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return nonEmpty[0] as readonly Origin[];
  const seen = new Set<string>();
  const out: Origin[] = [];
  for (const list of nonEmpty) {
    for (const origin of list) {
      const key = originKey(origin);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(origin);
      if (out.length >= MAX_ORIGINS) return out;
    }
  }
  return out;
}

export function join(...values: (Value | undefined)[]): Value {
  const present = values.filter((v): v is Value => !!v && isTainted(v));
  if (present.length === 0) return CLEAN;
  if (present.length === 1) return present[0] as Value;
  return { taint: joinTaint(...present.map(flatten)) };
}

/** Everything a value carries, its fields included (what a template literal or a string sink sees). */
export function flatten(value: Value): readonly Origin[] {
  if (!value.fields || value.fields.size === 0) return value.taint;
  return joinTaint(value.taint, ...value.fields.values());
}

export const fromTaint = (taint: readonly Origin[]): Value => (taint.length ? { taint } : CLEAN);

export const mapOrigins = (taint: readonly Origin[], fn: (origin: Origin) => Origin | undefined): readonly Origin[] =>
  taint.flatMap((origin) => {
    const next = fn(origin);
    return next ? [next] : [];
  });

/** `value.name`: a field of an object literal, request data off a request object, or the same taint further in. */
export function member(value: Value, name: string | undefined, at: Place): Value {
  if (name === 'length') return CLEAN;
  const field = name !== undefined ? value.fields?.get(name) : undefined;
  if (field) return fromTaint(field);
  if (value.taint.length === 0) return CLEAN;
  return fromTaint(
    mapOrigins(value.taint, (origin) => {
      const { root } = origin;
      if (root.kind === 'request') return memberOfRequest(origin, root, name, at);
      if (root.kind === 'param') return root.path.length < MAX_PATH ? { ...origin, root: { ...root, path: [...root.path, name ?? '*'] } } : origin;
      if (name !== undefined && isServerFileField(root.label, name)) return undefined;
      const guarantee = name !== undefined ? root.safeFields?.get(name) : undefined;
      if (guarantee?.kind === 'scalar') return undefined;
      // A validator's safe fields speak of the next member only.
      const { safeFields, ...next } = root;
      const label = name === undefined || root.label.split('.').length >= 4 ? root.label : `${root.label}.${name}`;
      const moved = safeFields || label !== root.label ? { ...origin, root: { ...next, label } } : origin;
      // A string the schema held to a pattern: safe for the sinks the pattern rules out.
      return guarantee ? { ...moved, stringy: true, cleared: moved.cleared | guarantee.cleared } : moved;
    }),
  );
}

/** The value read through a property path (a parameter flow's `path`) off an argument. */
export function memberPath(value: Value, path: readonly string[], at: Place): Value {
  let current = value;
  for (const step of path) current = member(current, step === '*' ? undefined : step, at);
  return current;
}

/** Request data written into a string at `splice`: the result is a string that remembers where. */
export function spliced(value: Value, splice: Splice): readonly Origin[] {
  return mapOrigins(flatten(value), (origin) => {
    if (origin.root.kind === 'request') return undefined;
    return { ...origin, stringy: true, splices: addSplice(origin.splices, splice) };
  });
}

function addSplice(list: readonly Splice[], splice: Splice): readonly Splice[] {
  if (list.some((s) => s.line === splice.line && s.column === splice.column && s.file === splice.file)) return list;
  const next = [...list, splice];
  // Keep the first (where data entered a string) and the latest ones (closest to the sink).
  return next.length > MAX_SPLICES ? [next[0] as Splice, ...next.slice(next.length - MAX_SPLICES + 1)] : next;
}

/** Coerced to a string (`String(x)`, `x.trim()`, `.join()`): no longer an object. */
export const stringify = (value: Value): Value =>
  fromTaint(mapOrigins(flatten(value), (o) => (o.root.kind === 'request' ? undefined : o.stringy ? o : { ...o, stringy: true })));

/**
 * The keys of an object (`Object.keys`, `for…in`): chosen by the client, unless a schema
 * checked the object (zod strips unknown keys, joi rejects them).
 */
export const keysOf = (value: Value): Value => fromTaint(mapOrigins(flatten(value), (o) => (o.root.kind === 'request' || o.validated ? undefined : { ...o, stringy: true })));

export const markValidated = (value: Value): Value =>
  fromTaint(mapOrigins(flatten(value), (o) => (o.root.kind === 'request' ? undefined : o.validated ? o : { ...o, validated: true })));

export const clear = (value: Value, bits: number): Value =>
  fromTaint(mapOrigins(flatten(value), (o) => ((o.cleared & bits) === bits ? o : { ...o, cleared: o.cleared | bits })));

export function addHops(hops: readonly Hop[], more: readonly Hop[]): readonly Hop[] {
  if (more.length === 0) return hops;
  const all = [...hops, ...more];
  return all.length > MAX_HOPS ? [...all.slice(0, 3), ...all.slice(all.length - (MAX_HOPS - 3))] : all;
}

/**
 * An argument's origin carried through a callee's parameter flow: the argument's own history, the
 * call, then what the callee did with it.
 */
export function compose(origin: Origin, flow: ParamFlow, call: Hop): Origin {
  const splices = flow.splices.reduce((list, s) => addSplice(list, s), origin.splices);
  return {
    root: origin.root,
    hops: addHops(addHops(origin.hops, [call]), flow.hops),
    splices,
    stringy: origin.stringy || flow.stringy,
    validated: origin.validated || flow.validated,
    cleared: origin.cleared | flow.cleared,
  };
}

/** A parameter-rooted origin as a flow of the function being summarised. */
export function toFlow(origin: Origin): ParamFlow | undefined {
  const { root } = origin;
  if (root.kind !== 'param') return undefined;
  return { index: root.index, path: root.path, hops: origin.hops, splices: origin.splices, stringy: origin.stringy, validated: origin.validated, cleared: origin.cleared };
}

export const paramOrigin = (index: number, path: readonly string[] = []): Origin => ({
  root: { kind: 'param', index, path },
  hops: [],
  splices: [],
  stringy: false,
  validated: false,
  cleared: 0,
});
