/**
 * Words as the context builder compares them: paths, model names, titles and service names are
 * cut into lower-case terms, plural and singular meet in one stem, and compound names
 * (`OrderItem`, `order_items`, `/order-items`, "order items") meet in one joined key.
 */
import { words } from '../skills/route.js';

/** `OrderItem` → `Order Item`, `APIKey` → `API Key`, so `words()` can cut them. */
export function splitCamel(text: string): string {
  if (!/[A-Z]/.test(text)) return text;
  return text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/** Lower-case words, camelCase split: `getOrderItems` gives `get`, `order`, `items`. */
export function terms(text: string): string[] {
  return words(splitCamel(text));
}

/**
 * A plural-insensitive stem, just enough for resource names: `categories` → `category`,
 * `addresses` → `address`, `boxes` → `box`, `users` → `user`; `status` and `access` stay.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(?:ch|sh|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The joined stem of a compound name: `OrderItem`, `order_items` and `order-items` all give `orderitem`. */
export function compoundKey(name: string): string {
  return stem(terms(name).join(''));
}

/** `{id}`, `:id` or a `*` wildcard. */
export const isParamSegment = (segment: string): boolean => {
  const first = segment.charCodeAt(0);
  return first === 123 /* { */ || (first === 58 /* : */ && segment.length > 1) || first === 42; /* * */
};

/** The version segment of a path (`v1`, `v2beta`), if this segment is one. */
export const isVersionSegment = (segment: string): boolean =>
  (segment.charCodeAt(0) | 32) === 118 /* v or V */ && /^v\d+(?:[a-z]+\d*)?$/i.test(segment);

/** Path segments without parameters: `/api/v1/users/{id}/orders` gives `api`, `v1`, `users`, `orders`. */
export function staticSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '' && !isParamSegment(segment));
}

/** Segments that name resources: no parameters, no `api`/`rest` prefix, no version. */
export function resourceSegments(path: string): string[] {
  return staticSegments(path).filter((segment) => !isVersionSegment(segment) && !/^(?:api|rest)$/i.test(segment));
}

/**
 * The terms a text is matched on: the stem of every word plus the joined stem of every two
 * neighbouring words, so "order items" meets `OrderItem` and `/order-items`.
 */
export function matchKeys(text: string, ignore: ReadonlySet<string> = new Set()): Set<string> {
  const found = terms(text).filter((word) => !ignore.has(word) && !/^\d+$/.test(word));
  const keys = new Set<string>();
  found.forEach((word, index) => {
    keys.add(stem(word));
    const next = found[index + 1];
    if (next !== undefined) keys.add(stem(word + next));
  });
  return keys;
}

export { compareText } from '../core/compare.js';
