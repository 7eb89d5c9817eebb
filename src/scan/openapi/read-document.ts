/** Text of a JSON or YAML file to a parsed tree, by extension first and by content second. */
import { readJson } from './json-tree.js';
import type { TreeOutcome } from './tree.js';
import { readYaml } from './yaml/index.js';

export function readDocument(text: string, fileName: string): TreeOutcome {
  if (/\.json$/i.test(fileName)) return readJson(text);
  // JSON is YAML too, but JSON.parse reads it far faster.
  if (/^\s*\{/.test(text.slice(0, 256))) {
    const json = readJson(text);
    if (json.tree) return json;
  }
  return readYaml(text);
}
