/** `bo scan`: extract endpoints, models and services into the registry; print counts, changes and drift. */
import { watch } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RegistryDiff } from '../../registry/diff.js';
import type { ScanResult } from '../../scan/scan.js';
import { printJson } from '../io.js';
import type { Session } from '../session.js';
import { reportProblems } from './task.js';
import type { Run } from './types.js';

const MAX_LISTED = 15;

function changeText(diff: RegistryDiff[keyof RegistryDiff]): string {
  const parts = [
    diff.added.length ? `+${diff.added.length} added` : '',
    diff.removed.length ? `-${diff.removed.length} removed` : '',
    diff.changed.length ? `${diff.changed.length} changed` : '',
  ].filter(Boolean);
  return parts.length ? `  (${parts.join(', ')})` : '';
}

function list(session: Session, title: string, items: readonly string[]): void {
  if (items.length === 0) return;
  session.out(`  ${title}:`);
  for (const item of items.slice(0, MAX_LISTED)) session.out(`    ${item}`);
  if (items.length > MAX_LISTED) session.out(session.paint('dim', `    … ${items.length - MAX_LISTED} more (--json lists all)`));
}

async function scanOnce(session: Session, options: { cache: boolean }): Promise<{ result: ScanResult; diff: RegistryDiff }> {
  const { root, config } = await session.config();
  const store = await session.store();
  const { updateRegistry, hasChanges } = await import('../../scan/update-registry.js');
  const tty = Boolean(session.io.stderr.isTTY) && !session.json;
  const update = await updateRegistry({
    root,
    config,
    store,
    cache: options.cache,
    onProgress: tty ? (phase, done, total) => session.io.stderr.write(`\r\u001b[2K${phase} ${total > 1 ? `${done}/${total}` : '…'}`) : undefined,
  });
  if (tty) session.io.stderr.write('\r\u001b[2K');
  if (update.result.registry) reportProblems(session, update.problems);
  if (update.result.registry && update.before && hasChanges(update.diff)) {
    // The data orchestrator and the frontend hear about schema and API changes (events spec).
    const { changeEvents } = await import('../../tasks/submit/submit.js');
    await session.publish(changeEvents(update.diff, update.before, update.result.registry));
  }
  return { result: update.result, diff: update.diff };
}

function print(session: Session, result: ScanResult, diff: RegistryDiff): void {
  const { summary, stats } = result;
  const { drift, problems, counts } = summary;
  if (session.json) {
    printJson(session.io, {
      files: summary.files,
      sourceFiles: summary.sourceFiles,
      durationMs: stats.durationMs,
      cache: stats.cache,
      frameworks: summary.frameworks,
      counts,
      changes: diff,
      drift,
      problems,
    });
    return;
  }
  const p = session.paint;
  const cached = stats.cache === 'none' ? '' : p('dim', ` (cached: ${stats.cache})`);
  session.out(
    `Scanned ${summary.files} files (${summary.sourceFiles} sources) in ${(stats.durationMs / 1000).toFixed(2)} s${summary.frameworks.length ? ` — ${summary.frameworks.join(', ')}` : ''}${cached}`,
  );
  session.out(`  endpoints  ${String(counts.endpoints).padStart(5)}${changeText(diff.endpoints)}`);
  session.out(`  models     ${String(counts.models).padStart(5)}${changeText(diff.models)}`);
  session.out(`  services   ${String(counts.services).padStart(5)}${changeText(diff.services)}`);
  list(session, 'new endpoints', diff.endpoints.added);
  list(session, 'removed endpoints', diff.endpoints.removed);
  if (drift.document) {
    const clean = drift.onlyInCode.length + drift.onlyInSpec.length === 0;
    session.out(`\nDrift against ${drift.document}: ${clean ? p('green', 'none') : p('yellow', `${drift.onlyInCode.length} only in code, ${drift.onlyInSpec.length} only in the spec`)}`);
    list(session, 'only in code (undocumented)', drift.onlyInCode);
    list(session, 'only in the spec (not implemented?)', drift.onlyInSpec);
  } else {
    session.out(p('dim', '\nNo OpenAPI document found (set "openapi" in the config to compare against one).'));
  }
  if (problems.length > 0) {
    session.out(`\n${p('yellow', `Problems (${problems.length})`)} — skipped, the rest was scanned:`);
    for (const problem of problems.slice(0, MAX_LISTED)) {
      const at = problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : '';
      session.out(`  ${problem.file}${at}  ${problem.message}`);
    }
    if (problems.length > MAX_LISTED) session.out(p('dim', `  … ${problems.length - MAX_LISTED} more (--json lists all)`));
  }
}

export function registerScan(program: Command, run: Run): void {
  program
    .command('scan')
    .description('extract endpoints, models and services from the code into the registry; report changes and OpenAPI drift')
    .option('--watch', 'scan again whenever a file changes (Ctrl-C to stop)')
    .option('--no-cache', 'ignore the scan cache and read everything')
    .addHelpText(
      'after',
      `
Examples:
  $ bo scan
  $ bo scan --json | jq '.drift.onlyInCode'
  $ bo scan --watch

Reads Express, Fastify, NestJS, Hono and Koa routes, the OpenAPI document, Prisma schemas, SQL
migrations, TypeORM/Drizzle/Sequelize models and service classes. Never runs the project's code.`,
    )
    .action((_opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const first = await scanOnce(session, { cache: opts.cache !== false });
        print(session, first.result, first.diff);
        if (!opts.watch) return;
        const { root, config } = await session.config();
        const skip = new RegExp(`(^|/)(node_modules|\\.git|${config.stateDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|\\.bo-demo|dist|coverage)(/|$)`);
        let timer: NodeJS.Timeout | undefined;
        let running = Promise.resolve();
        const watcher = watch(root, { recursive: true }, (_event, name) => {
          if (name && skip.test(String(name).split(path.sep).join('/'))) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            running = running.then(async () => {
              const next = await scanOnce(session, { cache: true });
              print(session, next.result, next.diff);
            });
          }, 250);
        });
        session.io.stderr.write(session.paint('dim', 'watching for changes (Ctrl-C to stop)\n'));
        await new Promise<void>((resolve) => {
          const stop = () => {
            watcher.close();
            clearTimeout(timer);
            resolve();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await running;
      }),
    );
}
