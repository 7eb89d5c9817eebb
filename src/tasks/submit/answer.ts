/** The answer to a submit, as `bo submit --json` and `POST /v1/tasks/{id}/submit` give it. */
import type { SubmitOutcome } from './submit.js';

export function submitAnswer(outcome: SubmitOutcome) {
  return {
    task: { id: outcome.task.id, status: outcome.task.status, attempts: outcome.task.attempts, ...(outcome.blocked ? { blockedReason: outcome.blocked } : {}) },
    verdict: outcome.verdict,
    attempt: outcome.attempt,
    failures: outcome.failures,
    warnings: outcome.warnings,
    gates: outcome.gates,
    performance: outcome.performance,
    report: outcome.reportId,
    events: outcome.events,
  };
}
