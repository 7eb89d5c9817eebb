/**
 * Lines of the fields of models defined in code (TypeORM classes, Drizzle tables, Sequelize
 * attributes): the registry gives the model's line only. A field is the first class property or
 * object key of its name after the model's line in the model's file, which is how all three write
 * their columns. Each file is walked once, and only when a finding needs one of its fields.
 */
import { walk } from '../../../scan/models/js-ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CheckContext } from '../../types.js';

/** Property name → the lines it is declared on, ascending. */
type KeyLines = Map<string, number[]>;

function keyLines(module: ParsedModule): KeyLines {
  const lines: KeyLines = new Map();
  walk(module.program, (node) => {
    if ((node.type !== 'PropertyDefinition' && node.type !== 'Property') || node.computed) return;
    const key = node.key;
    const name = key.type === 'Identifier' ? key.name : key.type === 'Literal' && typeof key.value === 'string' ? key.value : undefined;
    if (name === undefined) return;
    const line = module.lines.line(key.start);
    lines.set(name, [...(lines.get(name) ?? []), line]);
  });
  for (const list of lines.values()) list.sort((a, b) => a - b);
  return lines;
}

/** The line of `field` in the code model starting at `file:modelLine`, or undefined when it is not written there (inherited, added by the ORM). */
export function codeFieldLine(context: CheckContext, file: string, modelLine: number, field: string): number | undefined {
  const modules = context.memo('database/modules-by-path', () => new Map(context.modules.map((m) => [m.file.path, m])));
  const module = modules.get(file);
  if (!module) return undefined;
  const lines = context.memo(`database/key-lines:${file}`, () => keyLines(module));
  return lines.get(field)?.find((line) => line >= modelLine);
}

/** The first line at or after `fromLine` whose text holds `needle` quoted (`'name'`, `"name"`, `` `name` ``): an index named in code. */
export function quotedNameLine(context: CheckContext, file: string, fromLine: number, needle: string): number | undefined {
  const lines = fileLines(context, file);
  for (let i = Math.max(0, fromLine - 1); i < lines.length; i++) {
    const text = lines[i] as string;
    if (text.includes(`'${needle}'`) || text.includes(`"${needle}"`) || text.includes(`\`${needle}\``)) return i + 1;
  }
  return undefined;
}

/** A discovered file's lines, split once per run. */
export const fileLines = (context: CheckContext, file: string): string[] => context.memo(`database/lines:${file}`, () => (context.fileText(file) ?? '').split('\n'));
