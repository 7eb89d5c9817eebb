/**
 * Casing of names (path segments, path params, properties, query params): what shape a name has,
 * whether it fits a convention, and the name rewritten in it. One-word lowercase names (`id`,
 * `users`) fit every lowercase convention, so only multi-word names show a team's choice.
 */
import { nameWords } from '../../../scan/code/facts.js';

export const CASINGS = ['kebab-case', 'snake_case', 'camelCase', 'PascalCase'] as const;
export type Casing = (typeof CASINGS)[number];

/** `lower`: one lowercase word; `upper`: an acronym (`ID`); `mixed`: no convention (`user_Name`). */
export type Shape = Casing | 'lower' | 'upper' | 'mixed';

const SHAPES: readonly [RegExp, Shape][] = [
  [/^[a-z][a-z0-9]*$/, 'lower'],
  [/^[A-Z][A-Z0-9]*$/, 'upper'],
  [/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/, 'kebab-case'],
  [/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/, 'snake_case'],
  [/^[a-z][a-z0-9]*(?:[A-Z]+[a-z0-9]*)+$/, 'camelCase'],
  [/^[A-Z][a-z0-9]+(?:[A-Z]+[a-z0-9]*)*$/, 'PascalCase'],
];

export function shapeOf(name: string): Shape {
  for (const [pattern, shape] of SHAPES) if (pattern.test(name)) return shape;
  return 'mixed';
}

export function fitsCasing(shape: Shape, casing: Casing): boolean {
  if (shape === 'upper') return true;
  if (shape === 'lower') return casing !== 'PascalCase';
  return shape === casing;
}

/** Whether a name shows a convention (two or more words in one of the four casings). */
export const isMultiWord = (shape: Shape): shape is Casing => (CASINGS as readonly string[]).includes(shape);

/** `user_id` in camelCase → `userId`. */
export function toCasing(name: string, casing: Casing): string {
  const words = nameWords(name);
  if (!words.length) return name;
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  switch (casing) {
    case 'kebab-case':
      return words.join('-');
    case 'snake_case':
      return words.join('_');
    case 'camelCase':
      return words[0] + words.slice(1).map(capital).join('');
    case 'PascalCase':
      return words.map(capital).join('');
  }
}

export interface CasingChoice {
  expected: Casing;
  /** `config`: set by the team; `default`: the standard's (the API agrees or shows no choice); `majority`: what most names use. */
  source: 'config' | 'default' | 'majority';
  /** Distinct multi-word names per casing. */
  counts: Record<Casing, number>;
}

/**
 * The casing names should have: the configured one, else the one most multi-word names use (one
 * casing across the API is the point), the standard's default winning ties and empty APIs.
 */
export function chooseCasing(names: Iterable<string>, configured: Casing | undefined, fallback: Casing): CasingChoice {
  const counts: Record<Casing, number> = { 'kebab-case': 0, snake_case: 0, camelCase: 0, PascalCase: 0 };
  for (const name of new Set(names)) {
    const shape = shapeOf(name);
    if (isMultiWord(shape)) counts[shape]++;
  }
  if (configured) return { expected: configured, source: 'config', counts };
  const top = Math.max(...Object.values(counts));
  if (counts[fallback] === top) return { expected: fallback, source: 'default', counts };
  const expected = CASINGS.find((c) => counts[c] === top) as Casing;
  return { expected, source: 'majority', counts };
}

/** How a report explains where the expected casing comes from. */
export function casingReason(choice: CasingChoice, setting: string): string {
  if (choice.source === 'config') return `conventions.${setting} is ${choice.expected}`;
  if (choice.source === 'majority') return `most of the API uses ${choice.expected} (${choice.counts[choice.expected]} names)`;
  return `the API standard uses ${choice.expected}`;
}

/** `address.city`, `items[0].sku`, `filter[name]` → the names in it; `_id`, `$ref`, `@type` follow conventions of their own. */
export const nameParts = (name: string): string[] => name.split(/[.[\]*]+/).filter((part) => /^[A-Za-z][\w-]*$/.test(part));
