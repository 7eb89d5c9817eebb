/** `bo rules [id]`: every rule with its checklist item, or one rule's docs. */
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import type { Rule } from '../../gates/types.js';
import { printJson, table } from '../io.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

const describe = (rule: Rule) => ({
  id: rule.id,
  area: rule.area,
  checklist: rule.checklist,
  severity: rule.severity,
  kind: rule.kind,
  ...(rule.kind === 'dynamic' ? { needs: rule.needs } : {}),
  ...(rule.live ? { live: rule.live } : {}),
  docs: rule.docs,
});

function printDocs(session: Session, rule: Rule, severity: string): void {
  const p = session.paint;
  const indent = (text: string) => text.split('\n').map((line) => `    ${line}`).join('\n');
  session.out(`${p('bold', rule.id)}  ${p('dim', `${rule.area} · ${rule.checklist} · ${severity} · ${rule.kind}${rule.kind === 'dynamic' ? ` (needs ${rule.needs})` : ''}`)}`);
  session.out(`\n${rule.docs.description}`);
  if (rule.live) session.out(`\nLive part (bo check --live): ${rule.live}`);
  session.out(`\n${p('red', 'Fails:')}\n${indent(rule.docs.failing)}`);
  session.out(`\n${p('green', 'Passes:')}\n${indent(rule.docs.passing)}`);
  if (rule.docs.whenNotToUse) session.out(`\nWhen not to use it: ${rule.docs.whenNotToUse}`);
  session.out(p('dim', `\nConfigure: "gates": { "severities": { "${rule.id}": "error|warning|info|off" } } · silence one finding: // bo-ignore ${rule.id}: <reason>`));
}

export function registerRules(program: Command, run: Run): void {
  program
    .command('rules [id]')
    .description('list every gate rule with its checklist item, or print one rule\'s docs')
    .option('--gate <area>', 'only the rules of one area (api, database, security, metrics, tests, contract)')
    .addHelpText('after', `\nExamples:\n  $ bo rules\n  $ bo rules --gate security\n  $ bo rules sec/sql-injection\n  $ bo rules --json`)
    .action((id: string | undefined, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const { RULES, ruleById } = await import('../../gates/rules.js');
        const { config } = await session.config().catch(() => ({ config: undefined }));
        const severityOf = (rule: Rule) => config?.gates?.severities?.[rule.id] ?? rule.severity;
        if (id) {
          const rule = ruleById(id);
          if (!rule) {
            const near = RULES.filter((r) => r.id.includes(id) || id.includes(r.id.split('/')[1] ?? '')).map((r) => r.id);
            throw new BoError('BO_ERR_USAGE', `no rule "${id}"${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}; bo rules lists them`);
          }
          if (session.json) printJson(session.io, { ...describe(rule), severity: severityOf(rule) });
          else printDocs(session, rule, severityOf(rule));
          return;
        }
        const area = cmd.opts().gate as string | undefined;
        const rules = RULES.filter((r) => !area || r.area === area);
        if (session.json) {
          printJson(session.io, rules.map((r) => ({ ...describe(r), severity: severityOf(r) })));
          return;
        }
        const rows = rules.map((r) => [r.id, severityOf(r), r.kind === 'dynamic' ? `live (${r.needs})` : 'static', r.checklist, firstSentence(r.docs.description)]);
        session.io.stdout.write(table(['rule', 'severity', 'kind', 'checklist item', 'checks'], rows, session.paint));
        session.out(session.paint('dim', `\n${rules.length} rules · bo rules <id> prints a rule's docs with failing and passing examples`));
      }),
    );
}

function firstSentence(text: string): string {
  const sentence = /^(.*?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 90 ? `${sentence.slice(0, 87)}…` : sentence;
}
