/**
 * Which gates decide that a task is done (product spec section 6, Validate): the task's criteria
 * (its skill's gates, plus a rule per requirement such as `pagination` → api/pagination), read as
 * areas and rule ids; which of them run live; and what the findings are scoped to. Pure.
 */
import type { Area } from '../../gates/types.js';
import { REQUIREMENT_GATES } from '../../skills/builtin.js';
import type { Task } from '../schema.js';

const AREAS: readonly Area[] = ['api', 'database', 'security', 'metrics', 'tests', 'contract'];

/** Live measures an API task's endpoints get when the service can be run: what `backend.api.ready` reports. */
const API_LIVE_RULES = ['metrics/api-response-time', 'metrics/error-rate'];

export interface GatePlan {
  areas: Area[];
  /** Areas whose every rule runs. */
  wholeAreas: Area[];
  /** Single rules named by the criteria (their area may not run whole). */
  rules: string[];
  /** Rules the task's requirements call for: an error when they fail, whatever their usual severity. */
  required: string[];
  /** Run the dynamic gates too. */
  live: boolean;
}

export interface GatePlanInput {
  task: Pick<Task, 'skill' | 'criteria' | 'requirements'>;
  /** Is there a service to start or a base URL to use (config `service`, or a start script)? */
  canRunLive: boolean;
  /** `submit.live` from the config (default true). */
  liveWanted: boolean;
}

export function planGates({ task, canRunLive, liveWanted }: GatePlanInput): GatePlan {
  const wholeAreas = new Set<Area>();
  const rules = new Set<string>();
  for (const gate of task.criteria.gates) {
    if ((AREAS as readonly string[]).includes(gate)) wholeAreas.add(gate as Area);
    else if (gate.includes('/')) rules.add(gate);
  }
  const required = [...new Set(task.requirements.map((r) => REQUIREMENT_GATES[r.toLowerCase()]).filter((g): g is string => g !== undefined))];
  for (const rule of required) rules.add(rule);
  const isApi = task.skill.startsWith('api-development') || wholeAreas.has('api');
  const live = liveWanted && canRunLive && (isApi || wholeAreas.has('metrics') || wholeAreas.has('tests') || wholeAreas.has('database'));
  if (live && isApi) for (const rule of API_LIVE_RULES) rules.add(rule);
  const areas = AREAS.filter((area) => wholeAreas.has(area) || [...rules].some((rule) => areaOfRule(rule) === area));
  return { areas, wholeAreas: AREAS.filter((a) => wholeAreas.has(a)), rules: [...rules].sort(), required: required.sort(), live };
}

/** `api/pagination` → api; `db/…` → database; `sec/…` → security; `test/…`, `tests/…` → tests. */
export function areaOfRule(ruleId: string): Area | undefined {
  const prefix = ruleId.split('/')[0] ?? '';
  const byPrefix: Record<string, Area> = { api: 'api', db: 'database', sec: 'security', metrics: 'metrics', tests: 'tests', test: 'tests', contract: 'contract' };
  return byPrefix[prefix];
}

/** Does the plan run this rule? Whole areas run every rule; otherwise only the named ones. */
export function planSelects(plan: GatePlan, ruleId: string): boolean {
  const area = areaOfRule(ruleId);
  return (area !== undefined && plan.wholeAreas.includes(area)) || plan.rules.includes(ruleId);
}
