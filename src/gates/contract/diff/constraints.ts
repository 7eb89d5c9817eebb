/**
 * What a request schema accepts, keyword by keyword: a lower maximum, a higher minimum, a new
 * pattern… each turns away values a client may already send. Pure over two schema objects.
 */
export interface Narrowing {
  keyword: string;
  message: string;
}

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const show = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value));

/** Upper limits: lowering or adding one narrows. */
const UPPER = ['maximum', 'maxLength', 'maxItems', 'maxProperties'];
/** Lower limits: raising one narrows (lengths and counts start at 0, a minimum at minus infinity). */
const LOWER = ['minimum', 'minLength', 'minItems', 'minProperties'];

export function narrowedConstraints(base: Record<string, unknown>, next: Record<string, unknown>): Narrowing[] {
  const found: Narrowing[] = [];
  for (const keyword of UPPER) {
    const before = num(base[keyword]);
    const after = num(next[keyword]);
    if (after !== undefined && (before === undefined || after < before)) found.push({ keyword, message: before === undefined ? `${keyword} ${after} added` : `${keyword} lowered from ${before} to ${after}` });
  }
  for (const keyword of LOWER) {
    const before = num(base[keyword]) ?? (keyword === 'minimum' ? undefined : 0);
    const after = num(next[keyword]);
    if (after !== undefined && (before === undefined || after > before)) found.push({ keyword, message: num(base[keyword]) === undefined ? `${keyword} ${after} added` : `${keyword} raised from ${before} to ${after}` });
  }
  found.push(...exclusiveBounds(base, next));
  if (typeof next.pattern === 'string' && next.pattern !== base.pattern) {
    found.push({ keyword: 'pattern', message: typeof base.pattern === 'string' ? `pattern changed from ${show(base.pattern)} to ${show(next.pattern)}` : `pattern ${show(next.pattern)} added` });
  }
  const [beforeStep, afterStep] = [num(base.multipleOf), num(next.multipleOf)];
  // A new step that divides the old one accepts every value the old one did.
  if (afterStep !== undefined && afterStep !== beforeStep && !(beforeStep !== undefined && beforeStep % afterStep === 0)) {
    found.push({ keyword: 'multipleOf', message: `multipleOf changed from ${show(beforeStep)} to ${afterStep}` });
  }
  if (next.uniqueItems === true && base.uniqueItems !== true) found.push({ keyword: 'uniqueItems', message: 'uniqueItems added' });
  if (next.additionalProperties === false && base.additionalProperties !== false) found.push({ keyword: 'additionalProperties', message: 'additionalProperties set to false (unknown properties are now refused)' });
  return found;
}

/** 2.0/3.0 write exclusive bounds as booleans beside minimum/maximum; 3.1 as numbers of their own. */
function exclusiveBounds(base: Record<string, unknown>, next: Record<string, unknown>): Narrowing[] {
  const found: Narrowing[] = [];
  for (const [keyword, upper] of [['exclusiveMaximum', true], ['exclusiveMinimum', false]] as const) {
    const [before, after] = [base[keyword], next[keyword]];
    if (after === true && before !== true) found.push({ keyword, message: `${keyword} added` });
    const [b, a] = [num(before), num(after)];
    if (a !== undefined && (b === undefined ? typeof before !== 'number' : upper ? a < b : a > b)) {
      found.push({ keyword, message: b === undefined ? `${keyword} ${a} added` : `${keyword} ${upper ? 'lowered' : 'raised'} from ${b} to ${a}` });
    }
  }
  return found;
}
