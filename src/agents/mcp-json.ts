/**
 * Our server's entry in a JSON MCP client config (`.mcp.json` for Claude Code, `.cursor/mcp.json`
 * for Cursor; both `{"mcpServers": {"<name>": {"command", "args"}}}`). Only our entry is written:
 * the user's other servers, key order, indentation and line endings stay as they were, through
 * jsonc-parser's minimal text edits. A file that is not valid JSON, or whose `mcpServers` is not
 * an object, is reported unreadable and never rewritten (replacing it would drop what the user
 * wrote). Pure.
 */
import { applyEdits, modify } from 'jsonc-parser';
import { JsonParseError, parseJson, stableStringify } from '../core/json.js';
import type { McpLaunch } from './kinds.js';
import type { ManagedPart, PartOnDisk } from './managed-part.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The indentation the file already uses (its first indented line), else two spaces. */
function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const match = /\n([ \t]+)\S/.exec(text);
  const indent = match?.[1] ?? '  ';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1 } : { insertSpaces: true, tabSize: indent.length };
}

export function readJsonEntry(file: string, text: string, server: string): PartOnDisk {
  if (text.trim() === '') return { kind: 'absent' };
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (error) {
    const e = error as JsonParseError;
    return { kind: 'unreadable', reason: `${file}:${e.line}:${e.column}: ${e.message}; fix the JSON and run again` };
  }
  if (!isObject(parsed)) return { kind: 'unreadable', reason: `${file} is not a JSON object; make it {"mcpServers": {…}} and run again` };
  const servers = parsed.mcpServers;
  if (servers === undefined) return { kind: 'absent' };
  if (!isObject(servers)) return { kind: 'unreadable', reason: `${file}: "mcpServers" is not an object; make it {"<name>": {…}} and run again` };
  const entry = servers[server];
  return entry === undefined ? { kind: 'absent' } : { kind: 'present', canonical: stableStringify(entry) };
}

export function jsonMcpConfig(file: string, server: string, launch: McpLaunch): ManagedPart {
  const entry = { command: launch.command, args: [...launch.args] };
  return {
    file,
    desired: stableStringify(entry),
    read: (text) => readJsonEntry(file, text, server),
    render(text) {
      if (text === undefined || text.trim() === '') return `${JSON.stringify({ mcpServers: { [server]: entry } }, null, 2)}\n`;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const edits = modify(text, ['mcpServers', server], entry, { formattingOptions: { ...indentOf(text), eol } });
      return applyEdits(text, edits);
    },
  };
}
