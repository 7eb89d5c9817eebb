import { describe, expect, it } from 'vitest';
import { jsonMcpConfig, readJsonEntry } from '../../src/agents/mcp-json.js';

const launch = { command: 'npx', args: ['--no', 'bo', 'mcp'] };
const part = jsonMcpConfig('.mcp.json', 'backend-orchestrator', launch);

describe('jsonMcpConfig', () => {
  it('writes a new file with only our server', () => {
    const text = part.render(undefined);
    expect(JSON.parse(text)).toEqual({ mcpServers: { 'backend-orchestrator': { command: 'npx', args: ['--no', 'bo', 'mcp'] } } });
    expect(text.endsWith('}\n')).toBe(true);
    expect(part.read(text)).toEqual({ kind: 'present', canonical: part.desired });
  });

  it('adds our server beside the user\'s, in their indentation, leaving their lines as they were', () => {
    const theirs = '{\n    "mcpServers": {\n        "github": {\n            "command": "gh-mcp",  "args": ["--stdio"]\n        }\n    },\n    "other": true\n}\n';
    expect(part.read(theirs)).toEqual({ kind: 'absent' });
    const merged = part.render(theirs);
    expect(JSON.parse(merged)).toEqual({ mcpServers: { github: { command: 'gh-mcp', args: ['--stdio'] }, 'backend-orchestrator': launch }, other: true });
    expect(merged.startsWith('{\n    "mcpServers": {\n        "github": {\n            "command": "gh-mcp",  "args": ["--stdio"]\n')).toBe(true);
    expect(merged).toContain('\n        "backend-orchestrator": {\n            "command": "npx",');
    expect(merged.endsWith('    },\n    "other": true\n}\n')).toBe(true);
    expect(part.read(merged)).toEqual({ kind: 'present', canonical: part.desired });
  });

  it('adds mcpServers to a file without it', () => {
    const merged = part.render('{\n  "$schema": "x"\n}\n');
    expect(JSON.parse(merged)).toEqual({ $schema: 'x', mcpServers: { 'backend-orchestrator': launch } });
  });

  it('replaces only our entry', () => {
    const old = '{\n  "mcpServers": {\n    "backend-orchestrator": { "command": "bo", "args": ["mcp"] },\n    "db": { "command": "pg-mcp" }\n  }\n}\n';
    const read = part.read(old);
    expect(read.kind).toBe('present');
    expect(read.kind === 'present' && read.canonical).not.toBe(part.desired);
    const merged = part.render(old);
    expect(JSON.parse(merged).mcpServers).toEqual({ 'backend-orchestrator': launch, db: { command: 'pg-mcp' } });
    expect(merged).toContain('"db": { "command": "pg-mcp" }');
  });

  it('compares entries by meaning, not by layout', () => {
    const compact = '{"mcpServers":{"backend-orchestrator":{"args":["--no","bo","mcp"],"command":"npx"}}}';
    expect(part.read(compact)).toEqual({ kind: 'present', canonical: part.desired });
  });

  it('reports a file it cannot read instead of rewriting it', () => {
    const broken = readJsonEntry('.mcp.json', '{\n  "mcpServers": {,\n}', 'backend-orchestrator');
    expect(broken.kind).toBe('unreadable');
    expect(broken.kind === 'unreadable' && broken.reason).toMatch(/^\.mcp\.json:2:\d+: .*fix the JSON/);
    const notObject = readJsonEntry('.mcp.json', '{"mcpServers": []}', 'backend-orchestrator');
    expect(notObject.kind === 'unreadable' && notObject.reason).toMatch(/"mcpServers" is not an object/);
    expect(readJsonEntry('.mcp.json', '[]', 'backend-orchestrator').kind).toBe('unreadable');
    expect(readJsonEntry('.mcp.json', '  \n', 'backend-orchestrator').kind).toBe('absent');
  });
});
