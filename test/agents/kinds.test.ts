import { describe, expect, it } from 'vitest';
import { AGENT_KINDS, AGENT_TARGETS, agentNotes, parseAgentKinds } from '../../src/agents/kinds.js';
import { BoError } from '../../src/core/errors.js';

function usageError(values: string[]): BoError {
  try {
    parseAgentKinds(values);
  } catch (error) {
    if (error instanceof BoError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(values)} to be refused`);
}

describe('parseAgentKinds', () => {
  it('accepts repeated options and comma lists, in the order first named, once each', () => {
    expect(parseAgentKinds(['claude'])).toEqual(['claude']);
    expect(parseAgentKinds(['cursor,codex', 'claude', 'CURSOR', ' codex '])).toEqual(['cursor', 'codex', 'claude']);
    expect(parseAgentKinds([])).toEqual([]);
  });

  it('refuses an unknown name with exit 2, naming it and the valid names', () => {
    const error = usageError(['claude,gemini']);
    expect(error.code).toBe('BO_ERR_USAGE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('"gemini"');
    for (const kind of AGENT_KINDS) expect(error.message).toContain(kind);
  });

  it('refuses an empty name list', () => {
    expect(usageError([',']).message).toMatch(/--agent needs a name: claude, cursor, codex/);
  });
});

describe('AGENT_TARGETS', () => {
  it('starts the server with npx --no, so a missing install never fetches an unrelated "bo" package', () => {
    for (const kind of AGENT_KINDS) {
      const { launch } = AGENT_TARGETS[kind];
      expect(launch.command).toBe('npx');
      expect(launch.args[0]).toBe('--no');
      const bo = launch.args.indexOf('bo');
      expect(bo).toBeGreaterThan(0);
      expect(launch.args.slice(bo)).toContain('mcp');
      expect(launch.args.slice(bo)).toContain('--agent');
    }
  });

  it('points Cursor at the workspace folder, which it may not start servers in', () => {
    const { launch, mcpConfigFile } = AGENT_TARGETS.cursor;
    expect(mcpConfigFile).toBe('.cursor/mcp.json');
    expect(launch.args).toEqual(['--no', '--prefix', '${workspaceFolder}', 'bo', '-C', '${workspaceFolder}', 'mcp', '--agent', 'cursor']);
    expect(AGENT_TARGETS.claude.launch.args).not.toContain('-C');
  });

  it('has instructions for every agent, Codex saying its project config needs trust', () => {
    for (const kind of AGENT_KINDS) expect(agentNotes(kind).length).toBeGreaterThan(0);
    expect(agentNotes('codex').join('\n')).toMatch(/trusted project/);
  });
});
