/**
 * YAML text to a parsed tree, read by js-yaml (YAML 1.2, core schema) plus the line of every key.
 *
 * js-yaml 5's `load` is `parseEvents` (a flat list of events that point into the text by offset)
 * followed by `constructFromEvents` (the values); v5 has no `listener` option any more. We call the
 * two steps ourselves so the events can say where each key is:
 *   1. `keysInPairOrder` lists where every mapping key is, in the order the constructor adds pairs;
 *   2. the constructor builds mappings with `lineMapTag`: js-yaml's own `{}` mapping tag that also
 *      takes the next place at each pair, so it knows the key's line and whether the key is already
 *      in the mapping. CORE_SCHEMA has no other mapping tag, so every pair goes through it.
 * `json: true` makes a repeated key keep the last value (like `JSON.parse` and the `yaml` package)
 * instead of throwing at the first one; each repeat becomes a warning. parseEvents' default depth
 * limit (100 nested collections) turns absurd nesting into a YAML error, not a stack overflow.
 */
import {
  CORE_SCHEMA,
  EVENT_ID,
  SCALAR_STYLE,
  YAMLException,
  constructFromEvents,
  defineMappingTag,
  mapTag,
  parseEvents,
  type Event,
} from 'js-yaml';
import type { KeyLines, TreeOutcome, TreeProblem } from '../tree.js';

export function readYaml(text: string): TreeOutcome {
  // Offsets (and so columns) then count from the first character that is not the byte-order mark.
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const keyLines: KeyLines = new WeakMap();
  /** Keys already present in their mapping, with their index in pair order. */
  const repeated: { index: number; key: string }[] = [];
  let events: Event[];
  let keys: KeyPlaces;
  let documents: unknown[];
  try {
    events = parseEvents(source, {});
    keys = keysInPairOrder(events, source);
    let pair = 0;
    const lineMapTag = defineMappingTag<Record<string, unknown>>(mapTag.tagName, {
      identify: mapTag.identify,
      represent: mapTag.represent,
      has: mapTag.has,
      keys: mapTag.keys,
      get: mapTag.get,
      create: () => {
        const map = {};
        keyLines.set(map, new Map());
        return map;
      },
      addPair: (map, key, value) => {
        const index = pair++;
        // The key as mapTag stores it: scalars become strings (`200: x` is "200").
        const name = String(key);
        const lines = keyLines.get(map) as Map<string, number>;
        // Every key added is in `lines`, so this is "already in the mapping".
        if (lines.has(name)) repeated.push({ index, key: name });
        lines.set(name, keys.lines[index] as number);
        return mapTag.addPair(map, key, value);
      },
    });
    documents = constructFromEvents(events, { source, schema: CORE_SCHEMA.withTags(lineMapTag), json: true });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const at = error.mark ? { line: error.mark.line + 1, column: error.mark.column + 1 } : {};
    return { problems: [{ ...at, message: `YAML: ${error.reason}`, severity: 'error' }] };
  }

  if (documents.length > 1) {
    // `load` refuses this too, but without a position: point at the second document's content.
    const second = events.findIndex((event, index) => index > 0 && event.type === EVENT_ID.DOCUMENT);
    const start = events[second + 1] ? startOf(events[second + 1] as Event) : -1;
    const at = start >= 0 ? positionOf(source, start) : {};
    return { problems: [{ ...at, message: 'YAML: expected a single document, but found more', severity: 'error' }] };
  }
  const problems: TreeProblem[] = repeated
    .sort((a, b) => (keys.offsets[a.index] as number) - (keys.offsets[b.index] as number))
    .map(({ index, key }) => {
      const offset = keys.offsets[index] as number;
      const column = offset - source.lastIndexOf('\n', offset - 1);
      return { line: keys.lines[index], column, message: `YAML: duplicate key "${key}" (the last one is used)`, severity: 'warning' };
    });
  // An empty document (nothing, or only comments) is null, as with the `yaml` package.
  return { tree: { value: documents[0] ?? null, keyLines, reader: 'js-yaml' }, problems };
}

interface KeyPlaces {
  /** Where each key starts in the text, in the order the constructor adds the pairs. */
  offsets: number[];
  /** Its 1-based line. */
  lines: number[];
}

/**
 * Where every mapping key is, in the order `constructFromEvents` adds the pairs: a pair is added
 * when its value ends, so the keys inside a nested mapping come before the key that holds it. The
 * constructor adds exactly one pair per key and value read in a mapping (repeated keys included,
 * with `json: true`), so the n-th place here belongs to the n-th pair it adds.
 */
function keysInPairOrder(events: readonly Event[], source: string): KeyPlaces {
  const offsets: number[] = [];
  const lines: number[] = [];
  // For each open document, sequence or mapping (by depth): what its next node is, and for a
  // mapping, where the key whose value is being read starts.
  const NOT_A_PAIR = 0;
  const KEY = 1;
  const VALUE = 2;
  const next: number[] = [];
  const keyOffset: number[] = [];
  const keyLine: number[] = [];
  let depth = -1;
  // Events come in text order, so lines are counted as we go.
  let offset = 0;
  let line = 1;
  let nextBreak = source.indexOf('\n');
  for (const event of events) {
    const type = event.type;
    if (type === EVENT_ID.DOCUMENT) {
      next[++depth] = NOT_A_PAIR;
      continue;
    }
    if (type === EVENT_ID.POP) depth--;
    else if (next[depth] === KEY) {
      // An empty key (`: x`) has no text of its own: it keeps the place of the key before it.
      const start = startOf(event);
      if (start >= 0) offset = start;
      while (nextBreak !== -1 && nextBreak < offset) {
        line++;
        nextBreak = source.indexOf('\n', nextBreak + 1);
      }
      keyOffset[depth] = offset;
      keyLine[depth] = line;
    }
    if (type === EVENT_ID.SEQUENCE || type === EVENT_ID.MAPPING) {
      next[++depth] = type === EVENT_ID.MAPPING ? KEY : NOT_A_PAIR;
      continue;
    }
    // A node has ended (a scalar, an alias, or the collection just closed): a key, or a pair.
    if (depth < 0) continue;
    if (next[depth] === KEY) next[depth] = VALUE;
    else if (next[depth] === VALUE) {
      offsets.push(keyOffset[depth] as number);
      lines.push(keyLine[depth] as number);
      next[depth] = KEY;
    }
  }
  return { offsets, lines };
}

/** Where a node's text begins (its tag or anchor, if any, come first); -1 for an empty scalar. */
function startOf(event: Event): number {
  if (event.type === EVENT_ID.DOCUMENT || event.type === EVENT_ID.POP) return -1;
  // Anchor ranges leave out the `&` (and an alias's, the `*`).
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart - 1;
  if (event.tagStart >= 0) return event.tagStart;
  if (event.anchorStart >= 0) return event.anchorStart - 1;
  if (event.type !== EVENT_ID.SCALAR) return event.start;
  if (event.valueStart < 0) return -1;
  // A quoted scalar's range leaves out its opening quote.
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  return quoted ? event.valueStart - 1 : event.valueStart;
}

/** 1-based line and column of an offset (for the rare message that needs one). */
function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  for (let at = source.indexOf('\n'); at !== -1 && at < offset; at = source.indexOf('\n', at + 1)) line++;
  return { line, column: offset - source.lastIndexOf('\n', offset - 1) };
}
