/**
 * `bo init`: the state layout, a default config and the team's standards docs; with `--agent`,
 * also the agent skill and the MCP client config of each named coding agent (src/agents/).
 * Idempotent: a second run changes no byte, and nothing the user changed is overwritten unless
 * `--force`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { parseAgentKinds } from '../../agents/kinds.js';
import { stableStringify } from '../../core/json.js';
import { writeFileAtomic } from '../../store/file/atomic.js';
import { printJson } from '../io.js';
import { collect } from '../parse.js';
import type { Run } from './types.js';

export const CONFIG_SCHEMA_REF = './node_modules/backend-orchestrator/schema/config.schema.json';

type Outcome = 'created' | 'kept' | 'updated';

interface FileOutcome {
  file: string;
  /** Standards docs: created, kept or updated; agent files also unchanged. */
  outcome: Outcome | 'unchanged';
  /** Why an agent file was kept. */
  reason?: string;
}

async function writeIfMissing(file: string, content: string, force: boolean): Promise<Outcome> {
  if (existsSync(file)) {
    if (!force) return 'kept';
    if ((await readFile(file, 'utf8')) === content) return 'kept';
    await writeFileAtomic(file, content);
    return 'updated';
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, content);
  return 'created';
}

export function registerInit(program: Command, run: Run): void {
  program
    .command('init')
    .description('create the state layout (ai-state/), a default config and the standards docs; with --agent, set up coding agents')
    .option('--agent <names>', 'also write the agent skill and MCP config for claude, cursor or codex (repeatable or comma-separated)', collect)
    .option('--force', 'rewrite the standards docs even if they exist and differ, and agent files you changed')
    .addHelpText(
      'after',
      '\nExamples:\n  $ bo init\n  $ bo init -C path/to/backend --json\n  $ bo init --agent claude\n  $ bo init --agent cursor,codex\n\n' +
        'Running it again changes nothing that exists (unless --force).\n' +
        'With --agent: .claude/skills/backend-orchestrator/SKILL.md, and .mcp.json (claude), .cursor/mcp.json (cursor) or\n' +
        '.codex/config.toml (codex). Other servers in those files are kept; a file you changed is kept unless --force.',
    )
    .action((_opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts<{ force?: boolean; agent?: string[] }>();
        const force = Boolean(opts.force);
        // Agent names are checked before anything is written: a typo changes nothing.
        const kinds = parseAgentKinds(opts.agent ?? []);
        const { root, file, config } = await session.config();
        const store = await session.store();
        await store.init();
        // The local state directory (the file store's, and with PostgreSQL still this machine's caches and logs).
        const layout = await session.layout();
        const { BACKEND_STANDARD_MD, API_DESIGN_MD } = await import('../../standards/templates.js');
        const files: FileOutcome[] = [];
        const record = async (target: string, content: string, overwrite = false) =>
          files.push({ file: path.relative(root, target) || target, outcome: await writeIfMissing(target, content, overwrite) });

        await record(path.join(layout.root, '.gitignore'), '# backend-orchestrator: lock files, caches, executor logs and worktrees are per machine\n.locks/\n.cache/\n*.tmp\nlogs/\nworktrees/\nserver-token\n');
        if (!file) {
          await record(path.join(root, 'backend-orchestrator.config.json'), stableStringify({ $schema: CONFIG_SCHEMA_REF, stateDir: config.stateDir }));
        }
        const docs: Record<string, string> = { 'backend-standard.md': BACKEND_STANDARD_MD, 'api-design.md': API_DESIGN_MD };
        for (const name of config.standards) {
          const content = docs[path.basename(name)];
          if (content) await record(path.resolve(root, name), content, force);
        }

        const setup = kinds.length > 0 ? await (await import('../../agents/setup.js')).setupAgents({ root, stateRoot: layout.root, config, kinds, force }) : undefined;
        if (setup) files.push(...setup.files);

        const state = path.relative(root, layout.root) || layout.root;
        if (session.json) {
          printJson(session.io, { root, stateDir: state, files, ...(setup ? { agents: setup.agents, notes: setup.notes } : {}) });
          return;
        }
        session.out(`Initialised backend-orchestrator in ${root}`);
        session.out(`  state: ${state}/ (active/backend/{endpoints,models,services}.json, tasks/, reports/; archive/; events/)`);
        for (const f of files) session.out(`  ${f.outcome.padEnd(9)} ${f.file}${f.reason ? session.paint('yellow', ` (${f.reason})`) : ''}`);
        if (setup) {
          session.out(`\nagents: ${setup.agents.join(', ')}`);
          for (const note of setup.notes) session.out(`  - ${note}`);
        }
        session.out(session.paint('dim', '\nnext: bo task add "<what to build>"   ·   bo next   ·   bo context <id>'));
      }),
    );
}
