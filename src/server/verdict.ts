/**
 * The answer of `POST /v1/tasks/{id}/submit`: the verdict of the gates as `bo submit --json` gives
 * it — pass or fail, only the failing items (each with file:line and a fix hint), the attempt, the
 * report id — and its schema.
 */
import type { JsonSchema } from './schemas.js';
import { submitAnswer } from '../tasks/submit/answer.js';

const FailureSchema: JsonSchema = {
  type: 'object',
  required: ['rule', 'severity', 'file', 'line', 'message', 'hint'],
  properties: {
    rule: { type: 'string' },
    severity: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer' },
    message: { type: 'string' },
    hint: { type: 'string' },
    subject: { type: 'string' },
  },
};

export const VerdictSchema: JsonSchema = {
  type: 'object',
  description: 'The verdict of the gates: pass (the task is done) or fail (back to the agent with the failing items).',
  required: ['task', 'verdict', 'attempt', 'failures', 'warnings', 'gates', 'performance', 'report', 'events'],
  properties: {
    task: {
      type: 'object',
      required: ['id', 'status', 'attempts'],
      properties: { id: { type: 'string' }, status: { type: 'string' }, attempts: { type: 'integer' }, blockedReason: { type: 'string' } },
    },
    verdict: { type: 'string', enum: ['pass', 'fail'] },
    attempt: { type: 'integer' },
    failures: { type: 'array', items: FailureSchema },
    warnings: { type: 'array', items: FailureSchema },
    gates: {
      type: 'object',
      required: ['areas', 'rules', 'live'],
      properties: { areas: { type: 'array', items: { type: 'string' } }, rules: { type: 'array', items: { type: 'string' } }, live: { type: 'boolean' } },
    },
    performance: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'number' } } },
    report: { type: 'string', description: 'The report id: GET /v1/tasks/{id}/reports/{report}' },
    events: { type: 'array', items: { type: 'string' } },
  },
};

/** The answer of POST /v1/tasks/{id}/submit: the same as `bo submit --json`. */
export const verdictOf = submitAnswer;
