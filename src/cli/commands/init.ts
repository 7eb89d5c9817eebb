/** `bo init`: the state layout, a default config and the team's standards docs. Idempotent. */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { stableStringify } from '../../core/json.js';
import { writeFileAtomic } from '../../store/file/atomic.js';
import { printJson } from '../io.js';
import type { Run } from './types.js';

export const CONFIG_SCHEMA_REF = './node_modules/backend-orchestrator/schema/config.schema.json';

type Outcome = 'created' | 'kept' | 'updated';

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
    .description('create the state layout (ai-state/), a default config and the standards docs')
    .option('--force', 'rewrite the standards docs even if they exist and differ')
    .addHelpText('after', '\nExamples:\n  $ bo init\n  $ bo init -C path/to/backend --json\n\nRunning it again changes nothing that exists (unless --force).')
    .action((_opts, cmd: Command) =>
      run(cmd, async (session) => {
        const force = Boolean(cmd.opts().force);
        const { root, file, config } = await session.config();
        const store = await session.store();
        await store.init();
        const { BACKEND_STANDARD_MD, API_DESIGN_MD } = await import('../../standards/templates.js');
        const files: { file: string; outcome: Outcome }[] = [];
        const record = async (target: string, content: string, overwrite = false) =>
          files.push({ file: path.relative(root, target) || target, outcome: await writeIfMissing(target, content, overwrite) });

        await record(path.join(store.layout.root, '.gitignore'), '# backend-orchestrator: lock files and caches are per machine\n.locks/\n.cache/\n*.tmp\n');
        if (!file) {
          await record(path.join(root, 'backend-orchestrator.config.json'), stableStringify({ $schema: CONFIG_SCHEMA_REF, stateDir: config.stateDir }));
        }
        const docs: Record<string, string> = { 'backend-standard.md': BACKEND_STANDARD_MD, 'api-design.md': API_DESIGN_MD };
        for (const name of config.standards) {
          const content = docs[path.basename(name)];
          if (content) await record(path.resolve(root, name), content, force);
        }

        const state = path.relative(root, store.layout.root) || store.layout.root;
        if (session.json) {
          printJson(session.io, { root, stateDir: state, files });
          return;
        }
        session.out(`Initialised backend-orchestrator in ${root}`);
        session.out(`  state: ${state}/ (active/backend/{endpoints,models,services}.json, tasks/, reports/; archive/; events/)`);
        for (const f of files) session.out(`  ${f.outcome.padEnd(7)} ${f.file}`);
        session.out(session.paint('dim', '\nnext: bo task add "<what to build>"   ·   bo next   ·   bo context <id>'));
      }),
    );
}

