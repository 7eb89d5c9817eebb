/**
 * `bo init --agent …`: writes the agent skill and each chosen agent's MCP client config, updating
 * what bo wrote before and keeping what the user changed (unless `force`). Every file is written
 * atomically and only when its bytes change, so a second run with the same config changes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { writeFileAtomic } from '../store/file/atomic.js';
import { AGENT_TARGETS, agentNotes, MCP_SERVER_NAME, type AgentKind } from './kinds.js';
import { wholeFile, type ManagedPart } from './managed-part.js';
import { jsonMcpConfig } from './mcp-json.js';
import { tomlMcpConfig } from './mcp-toml.js';
import { decide, digest, type AgentFileOutcome } from './ownership.js';
import { SKILL_FILE, skillGuide } from './skill-guide.js';
import { loadWrittenRecord, saveWrittenRecord } from './written-record.js';

export interface AgentSetupOptions {
  /** The project root. */
  root: string;
  /** The state directory (where the record of written files is kept). */
  stateRoot: string;
  config: Config;
  kinds: readonly AgentKind[];
  /** Overwrite our part of files the user changed. */
  force: boolean;
}

export interface AgentFileResult {
  /** Relative to the project root, forward slashes. */
  file: string;
  outcome: AgentFileOutcome;
  /** Why a file was kept. */
  reason?: string;
}

export interface AgentSetup {
  agents: AgentKind[];
  files: AgentFileResult[];
  /** What the user still has to do. */
  notes: string[];
}

/** The files for these agents: the skill (one for all), then each agent's MCP config. Pure. */
export function agentParts(config: Config, kinds: readonly AgentKind[]): ManagedPart[] {
  const parts: ManagedPart[] = [wholeFile(SKILL_FILE, skillGuide(config))];
  for (const kind of kinds) {
    const target = AGENT_TARGETS[kind];
    if (parts.some((p) => p.file === target.mcpConfigFile)) continue;
    parts.push(target.format === 'json' ? jsonMcpConfig(target.mcpConfigFile, MCP_SERVER_NAME, target.launch) : tomlMcpConfig(target.mcpConfigFile, MCP_SERVER_NAME, target.launch));
  }
  return parts;
}

/** Can `npx --no bo` find bo from the project: in a node_modules/.bin up the tree, or is this bo itself? */
export function boInstalled(root: string): boolean {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    if (['bo', 'bo.cmd'].some((name) => existsSync(path.join(dir, 'node_modules', '.bin', name)))) return true;
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'backend-orchestrator') return true;
      } catch {
        // An unreadable package.json says nothing about bo; keep looking up.
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}

export async function setupAgents(options: AgentSetupOptions): Promise<AgentSetup> {
  const before = loadWrittenRecord(options.stateRoot);
  const after = { files: { ...before.files } };
  const files: AgentFileResult[] = [];

  for (const part of agentParts(options.config, options.kinds)) {
    const target = path.join(options.root, ...part.file.split('/'));
    const exists = existsSync(target);
    const text = exists ? readFileSync(target, 'utf8') : undefined;
    const decision = decide({
      exists,
      part: text === undefined ? { kind: 'absent' } : part.read(text),
      desired: part.desired,
      lastWritten: before.files[part.file],
      force: options.force,
    });
    if (decision.write) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, part.render(text));
    }
    // What is on disk now is ours (written or already equal); a kept file keeps its old hash.
    if (decision.outcome !== 'kept') after.files[part.file] = digest(part.desired);
    files.push({ file: part.file, outcome: decision.outcome, ...(decision.reason ? { reason: decision.reason } : {}) });
  }
  await saveWrittenRecord(options.stateRoot, before, after);

  const notes = options.kinds.flatMap(agentNotes);
  if (!boInstalled(options.root)) {
    notes.unshift('bo is not installed in this project: run `npm install --save-dev backend-orchestrator` so the agents can start `npx --no bo mcp` (a global install works too).');
  }
  return { agents: [...options.kinds], files, notes };
}
