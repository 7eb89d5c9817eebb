/**
 * What a value an anchored regular expression accepted can still hold, judged from the
 * expression's source. A value `^task-\d{3,}-[a-z0-9]+$` accepted has no `/`, `\` or quote in it:
 * it cannot lead a file path out of its directory or break out of SQL text. Used for Fastify
 * route schemas (`pattern`) and for regex guards (`if (!ID.test(id)) throw …`).
 *
 * The parser knows the plain subset ids and slugs are written in: literal characters, classes and
 * ranges, `\d`, `\w`, `\s`, groups, alternation and quantifiers. Anything else (lookarounds,
 * backreferences, `\b`, `\p{…}`, unknown escapes) makes the expression unreadable, and an
 * unreadable expression, one not anchored at both ends (`^…$` around every alternative), or one
 * with the `m` flag (where `^`/`$` match at each line) clears nothing. `.`, `\S` and `[^…]` read
 * fine but can match any character, so they clear nothing either.
 */
import { CLEARED } from './types.js';

/** Characters an expression may match: ASCII codes, and whether anything beyond ASCII may match. */
interface CharSet {
  codes: ReadonlySet<number>;
  wide: boolean;
}

type Rx =
  | { kind: 'set'; set: CharSet }
  | { kind: 'seq'; items: Rx[] }
  | { kind: 'alt'; options: Rx[] }
  | { kind: 'repeat'; inner: Rx; min: number; max: number }
  | { kind: 'start' }
  | { kind: 'end' };

const ASCII = 128;
const range = (from: string, to: string): number[] => Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) => from.charCodeAt(0) + i);
const codesOf = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));
const set = (codes: Iterable<number>, wide = false): CharSet => ({ codes: new Set(codes), wide });
const complement = (of: CharSet): CharSet => set(Array.from({ length: ASCII }, (_, i) => i).filter((c) => !of.codes.has(c)), true);

const DIGITS = set(range('0', '9'));
const WORD = set([...range('a', 'z'), ...range('A', 'Z'), ...range('0', '9'), ...codesOf('_')]);
/** `\s` also matches Unicode spaces, hence wide. */
const SPACE = set(codesOf(' \t\n\v\f\r'), true);
const ANY_BUT_NEWLINE = complement(set(codesOf('\n\r')));
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };
const SHORTHANDS: Readonly<Record<string, CharSet>> = { d: DIGITS, w: WORD, s: SPACE, D: complement(DIGITS), W: complement(WORD), S: complement(SPACE) };

/** Characters a path part may hold and still be one plain name: no separator, no drive colon, no NUL. */
const PATH_CHARS = new Set([...WORD.codes, ...codesOf('-.~+@=,')]);
/** Characters that cannot end an SQL literal or start anything in SQL text but a name or a number (`--` is looked for apart). */
const SQL_CHARS = new Set([...WORD.codes, ...codesOf('-.')]);
const DOT = '.'.charCodeAt(0);
const DASH = '-'.charCodeAt(0);

class Unreadable extends Error {}

/** A recursive-descent reader of a regular expression's source, in the subset described above. */
class Reader {
  private at = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
  ) {}

  read(): Rx {
    const rx = this.alternatives();
    if (this.at !== this.source.length) throw new Unreadable();
    return rx;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private alternatives(): Rx {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Rx) : { kind: 'alt', options };
  }

  private sequence(): Rx {
    const items: Rx[] = [];
    for (let next = this.peek(); next !== undefined && next !== '|' && next !== ')'; next = this.peek()) items.push(this.quantified(this.atom()));
    return { kind: 'seq', items };
  }

  private atom(): Rx {
    const char = this.source[this.at++] as string;
    switch (char) {
      case '^':
        return { kind: 'start' };
      case '$':
        return { kind: 'end' };
      case '.':
        return { kind: 'set', set: ANY_BUT_NEWLINE };
      case '(':
        return this.group();
      case '[':
        return { kind: 'set', set: this.characterClass() };
      case '\\':
        return { kind: 'set', set: this.escape(false) };
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Unreadable();
      default:
        return { kind: 'set', set: this.literal(char) };
    }
  }

  private group(): Rx {
    if (this.peek() === '?') {
      const kind = this.source.slice(this.at, this.at + 3);
      if (kind.startsWith('?:')) this.at += 2;
      else if (kind.startsWith('?<') && kind !== '?<=' && kind !== '?<!') {
        const close = this.source.indexOf('>', this.at);
        if (close === -1) throw new Unreadable();
        this.at = close + 1;
      } else throw new Unreadable(); // lookarounds and flag groups
    }
    const inner = this.alternatives();
    if (this.source[this.at++] !== ')') throw new Unreadable();
    return inner;
  }

  private quantified(atom: Rx): Rx {
    const rest = this.source.slice(this.at);
    let min: number;
    let max: number;
    const counted = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (rest.startsWith('*')) [min, max] = [0, Infinity];
    else if (rest.startsWith('+')) [min, max] = [1, Infinity];
    else if (rest.startsWith('?')) [min, max] = [0, 1];
    else if (counted) {
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] ? Number(counted[3]) : Infinity;
    } else if (rest.startsWith('{')) throw new Unreadable();
    else return atom;
    if (atom.kind === 'start' || atom.kind === 'end' || max < min) throw new Unreadable();
    this.at += counted ? counted[0].length : 1;
    if (this.peek() === '?') this.at++; // lazy: matches the same strings
    return { kind: 'repeat', inner: atom, min, max };
  }

  /** After `[`: the characters of the class (a negated class can match anything outside its list). */
  private characterClass(): CharSet {
    const negated = this.peek() === '^';
    if (negated) this.at++;
    const codes = new Set<number>();
    let wide = false;
    for (;;) {
      const from = this.classAtom();
      if (!from) break;
      if (from.single !== undefined && this.peek() === '-' && this.source[this.at + 1] !== ']') {
        this.at++;
        const to = this.classAtom();
        if (to?.single === undefined || to.single < from.single) throw new Unreadable();
        for (let code = from.single; code <= Math.min(to.single, ASCII - 1); code++) this.addCode(codes, code);
        wide ||= to.single >= ASCII;
        continue;
      }
      for (const code of from.set.codes) codes.add(code);
      wide ||= from.set.wide;
    }
    const listed = { codes, wide };
    return negated ? complement(listed) : listed;
  }

  /** One member of a class (undefined at its closing `]`), with its code when it is one character (a range end). */
  private classAtom(): { set: CharSet; single: number | undefined } | undefined {
    const char = this.source[this.at++];
    if (char === undefined) throw new Unreadable();
    if (char === ']') return undefined;
    if (char === '\\' && /[dwsDWS]/.test(this.peek() ?? '')) return { set: this.escape(true), single: undefined };
    const found = char === '\\' ? this.escape(true) : this.literal(char);
    const code = char === '\\' ? (found.codes.size === 1 ? [...found.codes][0] : undefined) : char.charCodeAt(0);
    return { set: found, single: code };
  }

  /** After `\`: a shorthand class, a control character, or an escaped punctuation character. */
  private escape(inClass: boolean): CharSet {
    const char = this.source[this.at++];
    if (char === undefined) throw new Unreadable();
    const shorthand = SHORTHANDS[char];
    if (shorthand) return shorthand;
    const control = CONTROL_ESCAPES[char];
    if (control !== undefined) return set(codesOf(control));
    if (inClass && char === 'b') return set([8]);
    // Backreferences, \b, \B, \cX, \xHH, \uHHHH, \p{…}, \k<…> and unknown letter escapes are not read.
    if (/[A-Za-z0-9]/.test(char)) throw new Unreadable();
    return this.literal(char);
  }

  private literal(char: string): CharSet {
    const code = char.charCodeAt(0);
    if (code >= ASCII || char.length !== 1) return set([], true);
    const codes = new Set<number>();
    this.addCode(codes, code);
    return { codes, wide: false };
  }

  /** With the `i` flag a letter matches both cases. */
  private addCode(codes: Set<number>, code: number): void {
    codes.add(code);
    if (!this.ignoreCase) return;
    const char = String.fromCharCode(code);
    codes.add(char.toLowerCase().charCodeAt(0));
    codes.add(char.toUpperCase().charCodeAt(0));
  }
}

/** The expression inside `^…$` (an alternation of them for `^a$|^b$`), or undefined when not anchored at both ends. */
function anchoredBody(rx: Rx): Rx | undefined {
  const alternatives = rx.kind === 'alt' ? rx.options : [rx];
  const bodies: Rx[] = [];
  for (const alternative of alternatives) {
    const items = alternative.kind === 'seq' ? alternative.items : [alternative];
    if (items.length < 2 || items[0]?.kind !== 'start' || items[items.length - 1]?.kind !== 'end') return undefined;
    const middle = items.slice(1, -1);
    if (middle.some(hasAnchor)) return undefined;
    bodies.push({ kind: 'seq', items: middle });
  }
  return bodies.length === 1 ? bodies[0] : { kind: 'alt', options: bodies };
}

function hasAnchor(rx: Rx): boolean {
  switch (rx.kind) {
    case 'start':
    case 'end':
      return true;
    case 'seq':
      return rx.items.some(hasAnchor);
    case 'alt':
      return rx.options.some(hasAnchor);
    case 'repeat':
      return hasAnchor(rx.inner);
    default:
      return false;
  }
}

/** Every character the expression may match. */
function charsOf(rx: Rx): CharSet {
  const codes = new Set<number>();
  let wide = false;
  const visit = (node: Rx): void => {
    if (node.kind === 'set') {
      for (const code of node.set.codes) codes.add(code);
      wide ||= node.set.wide;
    } else if (node.kind === 'seq') node.items.forEach(visit);
    else if (node.kind === 'alt') node.options.forEach(visit);
    else if (node.kind === 'repeat' && node.max > 0) visit(node.inner);
  };
  visit(rx);
  return { codes, wide };
}

/** Whether the expression matches the empty string, and some non-empty string made only of `code`. */
function runOf(rx: Rx, code: number): { empty: boolean; run: boolean } {
  switch (rx.kind) {
    case 'set':
      return { empty: false, run: rx.set.codes.has(code) };
    case 'seq': {
      const parts = rx.items.map((item) => runOf(item, code));
      return { empty: parts.every((p) => p.empty), run: parts.every((p) => p.empty || p.run) && parts.some((p) => p.run) };
    }
    case 'alt': {
      const parts = rx.options.map((option) => runOf(option, code));
      return { empty: parts.some((p) => p.empty), run: parts.some((p) => p.run) };
    }
    case 'repeat': {
      const inner = runOf(rx.inner, code);
      return { empty: rx.min === 0 || inner.empty, run: rx.max > 0 && inner.run };
    }
    default:
      return { empty: true, run: false };
  }
}

interface PairFacts {
  empty: boolean;
  /** Some non-empty match starts / ends with the character. */
  first: boolean;
  last: boolean;
  /** Some match holds the character twice in a row. */
  pair: boolean;
}

/** Whether the expression can match a string with `code` twice in a row (`..`, `--`). */
function pairOf(rx: Rx, code: number): PairFacts {
  switch (rx.kind) {
    case 'set': {
      const has = rx.set.codes.has(code);
      return { empty: false, first: has, last: has, pair: false };
    }
    case 'seq': {
      const out: PairFacts = { empty: true, first: false, last: false, pair: false };
      for (const item of rx.items) {
        const part = pairOf(item, code);
        out.pair ||= part.pair || (out.last && part.first);
        if (out.empty) out.first ||= part.first;
        out.last = part.last || (part.empty && out.last);
        out.empty &&= part.empty;
      }
      return out;
    }
    case 'alt': {
      const parts = rx.options.map((option) => pairOf(option, code));
      return { empty: parts.some((p) => p.empty), first: parts.some((p) => p.first), last: parts.some((p) => p.last), pair: parts.some((p) => p.pair) };
    }
    case 'repeat': {
      if (rx.max === 0) return { empty: true, first: false, last: false, pair: false };
      const inner = pairOf(rx.inner, code);
      return { empty: rx.min === 0 || inner.empty, first: inner.first, last: inner.last, pair: inner.pair || (rx.max >= 2 && inner.last && inner.first) };
    }
    default:
      return { empty: true, first: false, last: false, pair: false };
  }
}

const within = (chars: CharSet, allowed: ReadonlySet<number>): boolean => !chars.wide && [...chars.codes].every((code) => allowed.has(code));

/**
 * The sinks a string matching this expression is safe for, as CLEARED bits (0 for none):
 * - paths, when it holds only name characters and cannot be `.`, `..` or any run of dots (a path
 *   climbs out of its directory only through a separator or a part that is all dots);
 * - SQL, when it holds only letters, digits, `_`, `-` and `.`, never `--` (a comment).
 */
export function patternClears(source: string, flags = ''): number {
  if (flags.includes('m')) return 0;
  let body: Rx | undefined;
  try {
    body = anchoredBody(new Reader(source, flags.includes('i')).read());
  } catch (error) {
    if (error instanceof Unreadable) return 0;
    throw error;
  }
  if (!body) return 0;
  const chars = charsOf(body);
  let cleared = 0;
  if (within(chars, PATH_CHARS) && !runOf(body, DOT).run) cleared |= CLEARED.path;
  if (within(chars, SQL_CHARS) && !pairOf(body, DASH).pair) cleared |= CLEARED.sql;
  return cleared;
}
