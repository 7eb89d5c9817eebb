/** `bo context <id>`: the context package a skill receives for a task (product spec section 7). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import { parsePositiveInt } from '../parse.js';
import { reportProblems } from './task.js';
import type { Run } from './types.js';

export function registerContext(program: Command, run: Run): void {
  program
    .command('context')
    .description('print the context package for a task: relevant endpoints, schema, patterns, standards, tests, criteria')
    .argument('<id>', 'task id')
    .option('--format <format>', 'yaml (default) or json', 'yaml')
    .option('--max-tokens <n>', 'keep the package within N tokens (~4 characters each); default from config: 4000', (v) =>
      parsePositiveInt(v, '--max-tokens'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ bo context task-002-api\n  $ bo context task-002-api --max-tokens 1000\n  $ bo context task-002-api --format json > context.json\n\nThe most relevant entries are kept; what was left out is counted under context.omitted.',
    )
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const format = session.json ? 'json' : String(opts.format).toLowerCase();
        if (format !== 'yaml' && format !== 'json') throw new BoError('BO_ERR_USAGE', `--format: "${opts.format}" is not yaml or json`);
        const { root, config } = await session.config();
        const engine = await session.engine();
        const task = await engine.show(id);
        const { registry, problems } = await engine.store.readRegistry();
        reportProblems(session, problems);
        const standards = config.standards.filter((file) => existsSync(path.resolve(root, file)));
        const { buildContextPackage, renderContext } = await import('../../context/index.js');
        const pkg = buildContextPackage({ task, registry, config, standards });
        const rendered = renderContext(pkg, { format, maxTokens: opts.maxTokens ?? config.context.maxTokens });
        session.out(rendered.text);
      }),
    );
}
