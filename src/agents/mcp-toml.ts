/**
 * Our server's table in Codex's `config.toml` (`[mcp_servers.<name>]` with `command` and `args`).
 * The project has no TOML library, and none is needed to own one table: the table is the lines
 * from its header to its last key before the next header, so it is replaced or appended as text
 * and every other line of the file stays byte for byte. When the server is defined another way
 * (dotted keys, an inline table) the file is reported unreadable and left alone rather than
 * given a second, conflicting definition. Pure.
 */
import type { McpLaunch } from './kinds.js';
import type { ManagedPart, PartOnDisk } from './managed-part.js';

const PREAMBLE = [
  "# backend-orchestrator's MCP server for Codex (written by `bo init --agent codex`).",
  '# Codex reads this file in trusted projects; or copy the table into ~/.codex/config.toml.',
];

/** A TOML basic string; JSON's escaping is valid TOML for the characters a command line holds. */
const tomlString = (value: string): string => JSON.stringify(value);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `[mcp_servers.<name>]`, with the name bare or quoted and spaces anywhere TOML allows them. */
const headerPattern = (server: string): RegExp => {
  const name = escapeRegExp(server);
  return new RegExp(`^\\s*\\[\\s*mcp_servers\\s*\\.\\s*(?:${name}|"${name}"|'${name}')\\s*\\]\\s*(?:#.*)?$`);
};

/** Any table or array-of-tables header: where the table before it ends. */
const ANY_HEADER = /^\s*\[\[?\s*[^[\]]+\]\]?\s*(?:#.*)?$/;

const isContent = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** Canonical lines of a table: no blank or comment lines, no indentation, one space around `=`. */
const canonical = (lines: readonly string[]): string =>
  lines
    .filter(isContent)
    .map((line) => line.trim().replace(/^([A-Za-z0-9_-]+)\s*=\s*/, '$1 = '))
    .join('\n');

interface TableSpan {
  /** Index of the header line. */
  start: number;
  /** Index of the table's last key line (comments and blank lines before the next header are not ours). */
  end: number;
}

function findTable(lines: readonly string[], server: string): TableSpan | undefined {
  const header = headerPattern(server);
  const start = lines.findIndex((line) => header.test(line));
  if (start < 0) return undefined;
  let end = start;
  for (let i = start + 1; i < lines.length && !ANY_HEADER.test(lines[i] ?? ''); i++) {
    if (isContent(lines[i] ?? '')) end = i;
  }
  return { start, end };
}

export function tomlTableLines(server: string, launch: McpLaunch): string[] {
  return [`[mcp_servers.${server}]`, `command = ${tomlString(launch.command)}`, `args = [${launch.args.map(tomlString).join(', ')}]`];
}

export function readTomlTable(file: string, text: string, server: string): PartOnDisk {
  const lines = text.split(/\r?\n/);
  const span = findTable(lines, server);
  if (span) return { kind: 'present', canonical: canonical([`[mcp_servers.${server}]`, ...lines.slice(span.start + 1, span.end + 1)]) };
  // The name used as a key (`mcp_servers.<name>.command = …`, `<name> = { … }`, `[mcp_servers.<name>.env]`), not inside a value.
  const asKey = new RegExp(`(?:^|[\\s.\\["'])${escapeRegExp(server)}["']?(?:[\\s.\\]]|$)`);
  const elsewhere = lines.findIndex((line) => isContent(line) && asKey.test(line.split('=')[0] ?? ''));
  if (elsewhere >= 0) {
    return { kind: 'unreadable', reason: `${file}:${elsewhere + 1} defines ${server} in a form bo does not edit; make it a [mcp_servers.${server}] table, or edit it by hand` };
  }
  return { kind: 'absent' };
}

export function tomlMcpConfig(file: string, server: string, launch: McpLaunch): ManagedPart {
  const table = tomlTableLines(server, launch);
  return {
    file,
    desired: canonical(table),
    read: (text) => readTomlTable(file, text, server),
    render(text) {
      if (text === undefined || text.trim() === '') return `${[...PREAMBLE, ...table].join('\n')}\n`;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lines = text.split(/\r?\n/);
      const span = findTable(lines, server);
      if (span) return [...lines.slice(0, span.start), ...table, ...lines.slice(span.end + 1)].join(eol);
      const body = text.endsWith('\n') ? text : `${text}${eol}`;
      return `${body}${eol}${[...PREAMBLE, ...table].join(eol)}${eol}`;
    },
  };
}
