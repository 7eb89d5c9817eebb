/** docs/rules.md from the rules themselves (a test keeps the file in step), so docs never drift from code. */
import { CHECKLIST } from './catalog.js';
import type { Rule } from './types.js';

const AREA_TITLES = { api: 'API checklist', database: 'Database checklist', security: 'Security checklist', metrics: 'Success metrics', tests: 'Test requirements', contract: 'Contract' } as const;

const fence = (text: string) => `\`\`\`\n${text.trim()}\n\`\`\``;

export function rulesMarkdown(rules: readonly Rule[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out = [
    '# Gate rules',
    '',
    'Generated from `src/gates/**` (the rules themselves); do not edit by hand. `bo rules` lists them and',
    '`bo rules <id>` prints one. Change a severity in the config (`"gates": { "severities": { "<id>": "warning" } }`,',
    'or `"off"`), and silence one finding with a comment on or above its line: `// bo-ignore <id>: <reason>`',
    '(the reason is required and shown in reports).',
    '',
  ];
  for (const area of Object.keys(AREA_TITLES) as (keyof typeof AREA_TITLES)[]) {
    out.push(`## ${AREA_TITLES[area]}`, '');
    for (const item of CHECKLIST.filter((i) => i.area === area)) {
      out.push(`### ${item.title}`, '');
      for (const id of item.rules) {
        const rule = byId.get(id);
        if (!rule) continue;
        const kind = rule.kind === 'dynamic' ? `dynamic (needs ${rule.needs})` : 'static';
        out.push(`<a id="${id.replace('/', '')}"></a>`, `#### \`${id}\``, '', `Severity **${rule.severity}** · ${kind}`, '', rule.docs.description, '');
        if (rule.live) out.push(`Live part (\`bo check --live\`): ${rule.live}`, '');
        out.push('Fails:', '', fence(rule.docs.failing), '', 'Passes:', '', fence(rule.docs.passing), '');
        if (rule.docs.whenNotToUse) out.push(`When not to use it: ${rule.docs.whenNotToUse}`, '');
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
