import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MCP_TOOLS } from '../../src/agents/skill-guide.js';
import { bo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tasks.js';

const SKILL = '.claude/skills/backend-orchestrator/SKILL.md';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('bo-agents-'));
});
afterEach(() => cleanup());

const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};

/** Every file under the project with its bytes and modification time. */
function snapshot(root = dir, prefix = ''): Record<string, { text: string; mtimeMs: number }> {
  const out: Record<string, { text: string; mtimeMs: number }> = {};
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const rel = path.posix.join(prefix, entry.name);
    const abs = path.join(root, entry.name);
    if (entry.isDirectory()) Object.assign(out, snapshot(abs, rel));
    else out[rel] = { text: readFileSync(abs, 'utf8'), mtimeMs: statSync(abs).mtimeMs };
  }
  return out;
}

type FileRow = { file: string; outcome: string; reason?: string };
const AGENT_FILES = [SKILL, '.mcp.json', '.cursor/mcp.json', '.codex/config.toml'];
/** The outcome of each agent file in `bo init --json` output (the standards docs left out). */
const outcomes = (rows: FileRow[]) => Object.fromEntries(rows.filter((r) => AGENT_FILES.includes(r.file)).map((r) => [r.file, r.outcome]));

describe('bo init --agent', () => {
  it('writes the skill and each agent\'s MCP config, and a second run changes no byte', async () => {
    const first = await bo(dir, ['init', '--agent', 'claude,cursor', '--agent', 'codex', '--json']);
    expect(first.code).toBe(0);
    const out = first.json();
    expect(out.agents).toEqual(['claude', 'cursor', 'codex']);
    expect(outcomes(out.files)).toEqual({ [SKILL]: 'created', '.mcp.json': 'created', '.cursor/mcp.json': 'created', '.codex/config.toml': 'created' });
    expect(JSON.parse(read('.mcp.json')).mcpServers['backend-orchestrator']).toEqual({ command: 'npx', args: ['--no', 'bo', 'mcp', '--agent', 'claude-code'] });
    expect(JSON.parse(read('.cursor/mcp.json')).mcpServers['backend-orchestrator'].args).toContain('${workspaceFolder}');
    expect(read('.codex/config.toml')).toContain('[mcp_servers.backend-orchestrator]\ncommand = "npx"\nargs = ["--no", "bo", "mcp", "--agent", "codex"]\n');
    expect(out.notes.join('\n')).toMatch(/bo is not installed in this project/);

    const before = snapshot();
    const second = await bo(dir, ['init', '--agent', 'claude,cursor,codex', '--json']);
    expect(second.code).toBe(0);
    expect(outcomes(second.json().files)).toEqual({ [SKILL]: 'unchanged', '.mcp.json': 'unchanged', '.cursor/mcp.json': 'unchanged', '.codex/config.toml': 'unchanged' });
    expect(snapshot()).toEqual(before);
  });

  it('writes a SKILL.md whose front matter parses and which names every MCP tool', async () => {
    expect((await bo(dir, ['init', '--agent', 'cursor'])).code).toBe(0);
    const skill = read(SKILL);
    const front = /^---\n([\s\S]*?)\n---\n/.exec(skill);
    expect(front).not.toBeNull();
    const meta = parse(front?.[1] ?? '') as { name: string; description: string };
    expect(meta.name).toBe('backend-orchestrator');
    expect(meta.description).toMatch(/backend/);
    for (const tool of MCP_TOOLS) expect(skill, tool).toContain(tool);
  });

  it('keeps a SKILL.md the user edited unless --force', async () => {
    await bo(dir, ['init', '--agent', 'claude']);
    const edited = `${read(SKILL)}\n## Our team's extra rule\n- Ask Dana before touching payments.\n`;
    write(SKILL, edited);

    const kept = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(kept.code).toBe(0);
    expect(kept.json().files).toContainEqual({ file: SKILL, outcome: 'kept', reason: 'changed by you; --force to overwrite' });
    expect(read(SKILL)).toBe(edited);

    const text = await bo(dir, ['init', '--agent', 'claude']);
    expect(text.stdout).toContain(`kept      ${SKILL} (changed by you; --force to overwrite)`);
    expect(read(SKILL)).toBe(edited);

    const forced = await bo(dir, ['init', '--agent', 'claude', '--force', '--json']);
    expect(forced.json().files).toContainEqual({ file: SKILL, outcome: 'updated' });
    expect(read(SKILL)).not.toContain('Ask Dana');
    expect((await bo(dir, ['init', '--agent', 'claude', '--json'])).json().files).toContainEqual({ file: SKILL, outcome: 'unchanged' });
  });

  it('updates its own SKILL.md when the config changes', async () => {
    await bo(dir, ['init', '--agent', 'claude']);
    expect(read(SKILL)).toContain('p95 ≤ 200 ms');
    write('backend-orchestrator.config.json', JSON.stringify({ thresholds: { api_p95_ms: 150 } }));
    const again = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(again.json().files).toContainEqual({ file: SKILL, outcome: 'updated' });
    expect(read(SKILL)).toContain('p95 ≤ 150 ms');
  });

  it('keeps a SKILL.md that was there before bo wrote one', async () => {
    write(SKILL, '---\nname: backend-orchestrator\ndescription: ours\n---\nOur own guide.\n');
    const r = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(r.json().files).toContainEqual({ file: SKILL, outcome: 'kept', reason: 'changed by you; --force to overwrite' });
    expect(read(SKILL)).toContain('Our own guide.');
  });

  it('adds its server to an .mcp.json with other servers and keeps them', async () => {
    const theirs = '{\n  "mcpServers": {\n    "github": {\n      "command": "gh-mcp",\n      "args": ["--stdio"]\n    }\n  }\n}\n';
    write('.mcp.json', theirs);
    const r = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(r.json().files).toContainEqual({ file: '.mcp.json', outcome: 'updated' });
    const servers = JSON.parse(read('.mcp.json')).mcpServers;
    expect(servers.github).toEqual({ command: 'gh-mcp', args: ['--stdio'] });
    expect(servers['backend-orchestrator'].command).toBe('npx');
    expect(read('.mcp.json').startsWith('{\n  "mcpServers": {\n    "github": {\n      "command": "gh-mcp",')).toBe(true);

    // The user adds another server later: ours is unchanged and theirs stays.
    const withMore = read('.mcp.json').replace('"mcpServers": {', '"mcpServers": {\n    "db": { "command": "pg-mcp" },');
    write('.mcp.json', withMore);
    const again = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(again.json().files).toContainEqual({ file: '.mcp.json', outcome: 'unchanged' });
    expect(read('.mcp.json')).toBe(withMore);
  });

  it('keeps its entry in .mcp.json when the user changed it, and replaces only the entry with --force', async () => {
    await bo(dir, ['init', '--agent', 'claude']);
    const config = JSON.parse(read('.mcp.json'));
    config.mcpServers['backend-orchestrator'] = { command: 'node', args: ['tools/bo.js', 'mcp'] };
    config.mcpServers.github = { command: 'gh-mcp' };
    write('.mcp.json', JSON.stringify(config, null, 2));

    const kept = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(kept.json().files).toContainEqual({ file: '.mcp.json', outcome: 'kept', reason: 'changed by you; --force to overwrite' });
    expect(JSON.parse(read('.mcp.json')).mcpServers['backend-orchestrator'].command).toBe('node');

    const forced = await bo(dir, ['init', '--agent', 'claude', '--force', '--json']);
    expect(forced.json().files).toContainEqual({ file: '.mcp.json', outcome: 'updated' });
    const servers = JSON.parse(read('.mcp.json')).mcpServers;
    expect(servers['backend-orchestrator'].command).toBe('npx');
    expect(servers.github).toEqual({ command: 'gh-mcp' });
  });

  it('never rewrites an MCP config it cannot parse, even with --force', async () => {
    write('.cursor/mcp.json', '{ "mcpServers": { "x": } }');
    const r = await bo(dir, ['init', '--agent', 'cursor', '--force', '--json']);
    expect(r.code).toBe(0);
    const row = (r.json().files as FileRow[]).find((f) => f.file === '.cursor/mcp.json');
    expect(row?.outcome).toBe('kept');
    expect(row?.reason).toMatch(/^\.cursor\/mcp\.json:1:\d+: .*fix the JSON and run again$/);
    expect(read('.cursor/mcp.json')).toBe('{ "mcpServers": { "x": } }');
  });

  it('appends its table to an existing Codex config', async () => {
    write('.codex/config.toml', 'model = "o3"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
    const r = await bo(dir, ['init', '--agent', 'codex', '--json']);
    expect(r.json().files).toContainEqual({ file: '.codex/config.toml', outcome: 'updated' });
    expect(read('.codex/config.toml').startsWith('model = "o3"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n\n')).toBe(true);
    expect(read('.codex/config.toml')).toContain('[mcp_servers.backend-orchestrator]');
    expect(r.json().notes.join('\n')).toMatch(/trusted project/);
  });

  it('refuses an unknown agent with exit 2, the valid names, and nothing written', async () => {
    const r = await bo(dir, ['init', '--agent', 'claude,gemini']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"gemini"');
    expect(r.stderr).toContain('claude, cursor, codex');
    expect(existsSync(path.join(dir, '.claude'))).toBe(false);
    expect(existsSync(path.join(dir, 'ai-state'))).toBe(false);
    const json = await bo(dir, ['init', '--agent', 'gemini', '--json']);
    expect(json.code).toBe(2);
    expect(json.json().error.code).toBe('BO_ERR_USAGE');
  });

  it('without --agent writes no agent file', async () => {
    const r = await bo(dir, ['init', '--json']);
    expect(r.code).toBe(0);
    expect(r.json().agents).toBeUndefined();
    expect(existsSync(path.join(dir, '.claude'))).toBe(false);
    expect(existsSync(path.join(dir, '.mcp.json'))).toBe(false);
  });

  it('does not ask to install bo when the project has it', async () => {
    write('node_modules/.bin/bo', '#!/bin/sh\n');
    const r = await bo(dir, ['init', '--agent', 'claude', '--json']);
    expect(r.json().notes.join('\n')).not.toMatch(/not installed/);
  });

  it('exits 2 on a corrupt record of written files, saying what to do', async () => {
    await bo(dir, ['init', '--agent', 'claude']);
    write('ai-state/.agent-files.json', '{"files": 3}');
    const r = await bo(dir, ['init', '--agent', 'claude']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.agent-files\.json: files: expected record.*delete it to start over/);
  });
});
