/**
 * `bo docs [--check]`: regenerate the human docs (`backend-developer.md`) from the registry and
 * say what changed since the last run. `--check` writes nothing and exits 1 when the document
 * is out of date, for CI.
 */
import type { Command } from 'commander';
import { BoError, EXIT } from '../../core/errors.js';
import type { DocsChanges } from '../../docs/changes.js';
import { problemText } from '../../store/file/file-store.js';
import { printJson } from '../io.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

function firstRunSummary(diff: DocsChanges, count: (n: number, what: string) => string): string {
  const { endpoints, models, services, integrations } = diff;
  return `first run: ${count(endpoints.added.length, 'endpoint')}, ${count(models.added.length, 'model')}, ${count(services.added.length, 'service')}, ${count(integrations.added.length, 'third-party integration')}`;
}

async function docs(session: Session, opts: { check?: boolean }): Promise<number> {
  const { root, config } = await session.config();
  const { registry, problems } = await (await session.store()).readRegistry();
  if (problems.length > 0) {
    // Docs from part of the registry would list everything in the unreadable file as removed.
    throw new BoError('BO_ERR_STATE_CORRUPT', `cannot document a registry with unreadable files: ${problems.map(problemText).join('; ')} (fix them, or run bo scan to rewrite them)`);
  }
  if (registry.endpoints.length + registry.models.length + registry.services.length === 0) {
    session.warn('the registry is empty: run bo scan first so the docs have something to show');
  }
  const { updateDeveloperDocs } = await import('../../docs/write.js');
  const check = Boolean(opts.check);
  const result = await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date(), dryRun: check });
  const [{ summarizeChanges }, { count }] = await Promise.all([import('../../docs/changes.js'), import('../../docs/markdown.js')]);
  const summary = result.firstRun ? firstRunSummary(result.diff, count) : summarizeChanges(result.diff);
  const outdated = check && result.changed;
  if (session.json) {
    printJson(session.io, { path: result.path, changed: result.changed, changes: result.diff, firstRun: result.firstRun, summary });
  } else {
    const file = session.relative(result.path);
    const p = session.paint;
    if (check) session.out(outdated ? `${p('red', 'out of date')}: ${file} (${summary}) — run bo docs` : `${p('green', 'up to date')}: ${file}`);
    else session.out(result.changed ? `${p('green', 'updated')} ${file}: ${summary}` : `${file} is up to date: ${summary}`);
  }
  return outdated ? EXIT.checksFailed : EXIT.ok;
}

export function registerDocs(program: Command, run: Run): void {
  program
    .command('docs')
    .description('regenerate backend-developer.md (endpoints, schema, services, changelog) from the registry')
    .option('--check', 'write nothing; exit 1 when the document is out of date (for CI)')
    .addHelpText(
      'after',
      `
Examples:
  $ bo scan && bo docs
  $ bo docs --check
  $ bo docs --json | jq '.changes.endpoints.added'

The path is config "docs": { "path": "…" } (default backend-developer.md at the project root).
Only the parts between <!-- bo:generated:<section>:start --> and …:end --> markers are rewritten;
text written around them is kept. The changelog history lives in <stateDir>/active/backend/docs-snapshot.json.
Exit codes: 0 ok · 1 out of date (--check) · 2 malformed markers or unreadable state.`,
    )
    .action((_opts, cmd: Command) => run(cmd, (session) => docs(session, cmd.opts())));
}
