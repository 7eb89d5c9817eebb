/**
 * Prints a context package within a token budget (product spec section 7: `--max-tokens`, about
 * four characters a token). When the whole package does not fit, the least relevant entries are
 * dropped and `context.omitted` says how many of each. Sizes are estimated per entry and checked
 * by rendering a few times, never once per dropped entry, so a 2,000-endpoint registry stays fast.
 */
import { BoError } from '../core/errors.js';
import { dropOrder, LISTS, keepEntries, type Entry, type Format } from './budget.js';
import { ranksOf } from './ranks.js';
import { serialize } from './serialize.js';
import type { ContextBody, ContextPackage } from './types.js';

export interface RenderOptions {
  format: Format;
  maxTokens: number;
}

export interface RenderedContext {
  text: string;
  tokens: number;
  /** Entries left out per list (`endpoints: 1980`), and characters cut (`title_chars`); empty when all fit. */
  omitted: Record<string, number>;
}

export const CHARS_PER_TOKEN = 4;
export const estimateTokens = (text: string): number => Math.ceil(text.length / CHARS_PER_TOKEN);

/** Verifying renders after the first estimate; each one narrows the range that is known to fit. */
const MAX_PASSES = 8;
/** Stop refining once the text is this close to the limit (a share of the limit). */
const GOOD_ENOUGH = 0.02;

const ellipsis = (text: string, length: number) => (text.length <= length ? text : `${text.slice(0, Math.max(0, length - 1))}…`);

/** Smallest i with prefix[i] >= value (prefix is non-decreasing); prefix.length - 1 when none. */
function lowerBound(prefix: Float64Array, value: number): number {
  let lo = 0;
  let hi = prefix.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((prefix[mid] as number) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Attempt {
  text: string;
  omitted: Record<string, number>;
}

export function renderContext(pkg: ContextPackage, options: RenderOptions): RenderedContext {
  const { format } = options;
  if (!(options.maxTokens >= 1)) throw new BoError('BO_ERR_INPUT_INVALID', `--max-tokens must be a positive number (got ${options.maxTokens})`);
  const maxTokens = Math.floor(options.maxTokens);
  const limit = maxTokens * CHARS_PER_TOKEN;
  const { omitted: _previous, ...body } = pkg.context;
  const order = dropOrder(body, ranksOf(pkg), format);

  // Everything, when the estimate says it may fit.
  if (order.reduce((sum, entry) => sum + entry.cost, 0) <= limit * 1.5) {
    const text = serialize({ context: body }, format);
    if (text.length <= limit) return { text, tokens: estimateTokens(text), omitted: {} };
  }

  // From here on entries are dropped. A long title or description first gets its share of the budget.
  const texts = new Shortener(body);
  texts.shorten('title', Math.max(40, Math.floor(limit / 8)));
  texts.shorten('description', Math.floor(limit / 4));
  const descriptionList = LISTS.findIndex((spec) => spec.key === 'description');
  const description = order.find((entry) => entry.list === descriptionList);
  if (description && body.description !== undefined) description.cost = body.description.length + 20;
  const attempt = (k: number): Attempt =>
    renderWithout(body, order.slice(0, k), { cut: texts.cut, description: texts.full.description, maxTokens }, format);

  // The skeleton (every list empty) must fit; only a very long title can stop it, so cut the title further.
  let skeleton = attempt(order.length);
  for (let i = 0; i < 3 && skeleton.text.length > limit && body.title.length > 1; i++) {
    texts.shorten('title', body.title.length - (skeleton.text.length - limit) - 2);
    skeleton = attempt(order.length);
  }
  if (skeleton.text.length > limit) return done(skeleton);
  return done(bestCut(order, skeleton, attempt, limit));
}

/** Shortens the title and description in place, remembering how many characters each lost. */
class Shortener {
  readonly full: { title: number; description: number };
  readonly cut: Record<string, number> = {};

  constructor(private readonly body: ContextBody) {
    this.full = { title: body.title.length, description: body.description?.length ?? 0 };
  }

  shorten(key: 'title' | 'description', length: number): void {
    const value = this.body[key];
    if (value === undefined || value.length <= length) return;
    const short = ellipsis(value, length);
    this.body[key] = short;
    this.cut[`${key}_chars`] = this.full[key] - (short.length - 1);
  }
}

/**
 * The fewest dropped entries (k, in drop order) whose text fits: k is guessed from the estimated
 * sizes, then each render narrows the range [lo, hi) between a k known too big and one known to fit.
 */
function bestCut(order: readonly Entry[], skeleton: Attempt, attempt: (k: number) => Attempt, limit: number): Attempt {
  const n = order.length;
  const prefix = new Float64Array(n + 1);
  order.forEach((entry, i) => (prefix[i + 1] = (prefix[i] as number) + entry.cost));
  const at = (i: number) => prefix[i] as number;
  let best = skeleton;
  let lo = -1;
  let hi = n;
  let k = lowerBound(prefix, at(n) - (limit - skeleton.text.length));
  for (let pass = 0; pass < MAX_PASSES && hi - lo > 1; pass++) {
    if (k <= lo || k >= hi) k = (lo + hi) >> 1;
    const tried = attempt(k);
    const size = tried.text.length;
    if (size <= limit) {
      best = tried;
      hi = k;
      const slack = limit - size;
      if (slack <= limit * GOOD_ENOUGH) break;
      // Put back as many entries as the slack should hold; none fits when k does not move.
      k = lowerBound(prefix, at(k) - slack);
      if (k >= hi) break;
    } else {
      lo = k;
      k = lowerBound(prefix, at(k) + (size - limit));
    }
  }
  return best;
}

function done(attempt: Attempt): RenderedContext {
  return { text: attempt.text, tokens: estimateTokens(attempt.text), omitted: attempt.omitted };
}

interface Notes {
  /** Characters cut from the title and description (`title_chars`). */
  cut: Record<string, number>;
  /** Length of the whole description, reported if it is dropped altogether. */
  description: number;
  maxTokens: number;
}

function renderWithout(body: ContextBody, dropped: readonly Entry[], notes: Notes, format: Format): Attempt {
  const kept = keepEntries(body, dropped);
  const { description: droppedDescription, ...counts } = kept.counts;
  const omitted: Record<string, number> = { ...counts, ...notes.cut };
  if (droppedDescription) omitted.description_chars = notes.description;
  const entries = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const shortened = ['title', 'description'].filter((key) => omitted[`${key}_chars`] !== undefined);
  const what = [entries > 0 ? `${entries} entries omitted` : '', shortened.length > 0 ? `${shortened.join(' and ')} shortened` : '']
    .filter(Boolean)
    .join(', ');
  const context = { ...kept.body, omitted: { ...omitted, note: `${what} to stay within ${notes.maxTokens} tokens (--max-tokens)` } };
  return { text: serialize({ context }, format), omitted };
}
