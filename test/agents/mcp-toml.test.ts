import { describe, expect, it } from 'vitest';
import { readTomlTable, tomlMcpConfig } from '../../src/agents/mcp-toml.js';

const launch = { command: 'npx', args: ['--no', 'bo', 'mcp', '--agent', 'codex'] };
const part = tomlMcpConfig('.codex/config.toml', 'backend-orchestrator', launch);
const TABLE = '[mcp_servers.backend-orchestrator]\ncommand = "npx"\nargs = ["--no", "bo", "mcp", "--agent", "codex"]';

describe('tomlMcpConfig', () => {
  it('writes a new file: a comment saying where it goes, then our table', () => {
    const text = part.render(undefined);
    expect(text.startsWith('# ')).toBe(true);
    expect(text.endsWith(`${TABLE}\n`)).toBe(true);
    expect(part.read(text)).toEqual({ kind: 'present', canonical: part.desired });
  });

  it('appends our table to a config without it, leaving every other byte', () => {
    const theirs = 'model = "o3"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\nargs = ["serve"]';
    expect(part.read(theirs)).toEqual({ kind: 'absent' });
    const merged = part.render(theirs);
    expect(merged.startsWith(`${theirs}\n\n# `)).toBe(true);
    expect(merged.endsWith(`${TABLE}\n`)).toBe(true);
    expect(part.render(merged)).toBe(merged);
  });

  it('replaces only our table: the tables and comments after it stay', () => {
    const old = [
      'model = "o3"',
      '[mcp_servers."backend-orchestrator"]  # ours',
      'command = "bo"',
      '  args = [',
      '    "mcp",',
      '  ]',
      '',
      '# the docs server',
      '[mcp_servers.docs]',
      'command = "docs-mcp"',
      '',
    ].join('\n');
    const read = part.read(old);
    expect(read).toEqual({ kind: 'present', canonical: '[mcp_servers.backend-orchestrator]\ncommand = "bo"\nargs = [\n"mcp",\n]' });
    expect(part.render(old)).toBe(['model = "o3"', ...TABLE.split('\n'), '', '# the docs server', '[mcp_servers.docs]', 'command = "docs-mcp"', ''].join('\n'));
  });

  it('reads a table equal in meaning but spaced differently as ours', () => {
    const spaced = '[ mcp_servers.backend-orchestrator ]\n  command="npx"\n  args   =   ["--no", "bo", "mcp", "--agent", "codex"]\n';
    expect(part.read(spaced)).toEqual({ kind: 'present', canonical: part.desired });
  });

  it('keeps Windows line endings', () => {
    const merged = part.render('model = "o3"\r\n');
    expect(merged).toBe(`model = "o3"\r\n\r\n${part.render(undefined).trimEnd().split('\n').join('\r\n')}\r\n`);
  });

  it('leaves alone a config that defines our server in a form it does not edit', () => {
    for (const text of ['mcp_servers.backend-orchestrator.command = "bo"', '[mcp_servers]\nbackend-orchestrator = { command = "bo" }', '[mcp_servers.backend-orchestrator.env]\nX = "1"']) {
      const read = readTomlTable('.codex/config.toml', text, 'backend-orchestrator');
      expect(read.kind, text).toBe('unreadable');
      expect(read.kind === 'unreadable' && read.reason).toMatch(/^\.codex\/config\.toml:\d+ defines backend-orchestrator in a form bo does not edit/);
    }
  });

  it('does not mistake the name inside a value or a comment for a definition', () => {
    const text = '# backend-orchestrator was here\n[mcp_servers.other]\nargs = ["/srv/backend-orchestrator/bin.js"]\n';
    expect(readTomlTable('.codex/config.toml', text, 'backend-orchestrator')).toEqual({ kind: 'absent' });
  });
});
