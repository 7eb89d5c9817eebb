/**
 * JavaScript and TypeScript sources parsed with oxc-parser (an ESTree-compatible AST with byte
 * offsets). A file with syntax errors yields a problem with its position; its AST is not used.
 */
import { parseSync } from 'oxc-parser';
import type { Program } from 'oxc-parser';
import { LineIndex } from './position.js';
import type { ScanProblem, SourceFile } from './types.js';

export interface ParsedModule {
  file: SourceFile;
  program: Program;
  lines: LineIndex;
  /** `import … from '<specifier>'` and `export … from '<specifier>'`, in order. */
  imports: ImportBinding[];
  comments: { type: 'Line' | 'Block'; value: string; start: number; end: number }[];
}

export interface ImportBinding {
  specifier: string;
  /** The name imported (`default`, `*` for a namespace, or the exported name). */
  imported: string;
  /** The local name it is bound to. */
  local: string;
  isType: boolean;
}

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export const isSourceFile = (path: string) => SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext)) && !path.endsWith('.d.ts');

export function parseModule(file: SourceFile): ParsedModule | ScanProblem {
  let result: ReturnType<typeof parseSync>;
  try {
    result = parseSync(file.path, file.text, { sourceType: 'unambiguous', preserveParens: false });
  } catch (error) {
    return { file: file.path, message: `could not parse: ${(error as Error).message}`, severity: 'error' };
  }
  const lines = new LineIndex(file.text);
  const firstError = result.errors.find((e) => e.severity === 'Error');
  if (firstError) {
    const offset = firstError.labels[0]?.start ?? 0;
    return { file: file.path, ...lines.position(offset), message: `syntax error: ${firstError.message}`, severity: 'error' };
  }
  const imports: ImportBinding[] = [];
  for (const statement of result.module.staticImports) {
    for (const entry of statement.entries) {
      const name = entry.importName;
      imports.push({
        specifier: statement.moduleRequest.value,
        imported: name.kind === 'Default' ? 'default' : name.kind === 'NamespaceObject' ? '*' : (name.name ?? 'default'),
        local: entry.localName.value,
        isType: entry.isType,
      });
    }
    if (statement.entries.length === 0) imports.push({ specifier: statement.moduleRequest.value, imported: '', local: '', isType: false });
  }
  return { file, program: result.program, lines, imports, comments: result.comments };
}

export const isParsed = (value: ParsedModule | ScanProblem): value is ParsedModule => 'program' in value;
