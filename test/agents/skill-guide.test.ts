import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MCP_TOOLS, SKILL_NAME, liveGatesOn, skillGuide } from '../../src/agents/skill-guide.js';
import { Config, defaultConfig } from '../../src/config/schema.js';

/** The YAML front matter and the body of a SKILL.md. */
function split(md: string): { meta: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(md);
  if (!match) throw new Error('no front matter');
  return { meta: parse(match[1] ?? '') as Record<string, unknown>, body: match[2] ?? '' };
}

const configWith = (raw: Record<string, unknown>) => Config.parse(raw);

describe('skillGuide', () => {
  it('starts with front matter that parses, naming the skill and saying when to use it', () => {
    const { meta } = split(skillGuide(defaultConfig()));
    expect(meta.name).toBe(SKILL_NAME);
    // Claude Code: lowercase letters, digits and hyphens, at most 64; a description of at most 1024 characters.
    expect(String(meta.name)).toMatch(/^[a-z0-9-]{1,64}$/);
    const description = String(meta.description);
    expect(description.length).toBeGreaterThan(40);
    expect(description.length).toBeLessThanOrEqual(1024);
    expect(description.split(/(?<=\.)\s+/).length).toBeLessThanOrEqual(2);
    expect(description).toMatch(/Use it whenever/);
    expect(Object.keys(meta).sort()).toEqual(['description', 'name']);
  });

  it('mentions every MCP tool and its CLI equivalent', () => {
    const { body } = split(skillGuide(defaultConfig()));
    expect(MCP_TOOLS).toEqual(['next_task', 'claim_task', 'get_context', 'report_progress', 'submit_task', 'create_task', 'list_tasks', 'search_registry', 'run_checks', 'emit_event']);
    for (const tool of MCP_TOOLS) expect(body, tool).toContain(`\`${tool}\``);
    for (const command of ['bo next --json', 'bo claim <id>', 'bo context <id>', 'bo submit <id> --agent <you> --json', 'bo heartbeat <id>', 'bo progress <id>']) {
      expect(body, command).toContain(command);
    }
  });

  it('teaches the loop, the fix-what-is-listed rule and the house rules', () => {
    const { body } = split(skillGuide(defaultConfig()));
    expect(body).toMatch(/next_task`[\s\S]*claim_task`[\s\S]*get_context`[\s\S]*submit_task`/);
    expect(body).toContain('Fix exactly those items');
    expect(body).toContain('renews the lease');
    expect(body).toContain('Never edit `ai-state/` by hand');
    expect(body).toContain('One task at a time');
    expect(body).toMatch(/Never weaken, skip or delete tests/);
  });

  it('takes attempts, lease, thresholds, skills and the state dir from the config', () => {
    const defaults = skillGuide(defaultConfig());
    expect(defaults).toContain('After 5 failed submits');
    expect(defaults).toContain('30-minute lease');
    expect(defaults).toContain('p95 ≤ 200 ms');
    expect(defaults).toContain('test coverage ≥ 80 %');
    expect(defaults).not.toContain('billing-skill');

    const custom = skillGuide(
      configWith({
        stateDir: '.bo-state',
        submit: { maxAttempts: 3 },
        tasks: { leaseMinutes: 45 },
        thresholds: { api_p95_ms: 120, coverage_pct: 90 },
        skills: { 'billing-skill': { description: 'Invoices and refunds.', types: ['billing'], gates: ['security', 'api/pagination'] } },
      }),
    );
    expect(custom).toContain('After 3 failed submits');
    expect(custom).toContain('45-minute lease');
    expect(custom).toContain('p95 ≤ 120 ms');
    expect(custom).toContain('test coverage ≥ 90 %');
    expect(custom).toContain('| billing-skill | Invoices and refunds. | security, api/pagination |');
    expect(custom).toContain('Never edit `.bo-state/` by hand');
    expect(custom).not.toContain('ai-state/');
  });

  it('says whether submit runs the live gates: only with a service and submit.live not false', () => {
    const none = defaultConfig();
    expect(liveGatesOn(none)).toBe(false);
    expect(skillGuide(none)).toContain('submit runs the static gates only');

    const service = configWith({ service: { start: 'npm start', baseUrl: 'http://127.0.0.1:3000' } });
    expect(liveGatesOn(service)).toBe(true);
    expect(skillGuide(service)).toContain('Live gates run on submit: the service is started with `npm start`');
    expect(skillGuide(service)).not.toContain('static gates only');

    const off = configWith({ service: { start: 'npm start' }, submit: { live: false } });
    expect(liveGatesOn(off)).toBe(false);
    expect(skillGuide(off)).toContain('`submit.live` is false');
  });

  it('is pure: the same config gives the same bytes', () => {
    expect(skillGuide(defaultConfig())).toBe(skillGuide(defaultConfig()));
  });
});
