/**
 * Failures as MCP tool results: `isError: true` with text that says what happened and what to do
 * next (usually which tool to call), so an agent can recover without a person. Operational
 * errors (BoError) keep their message and code; anything else is reported as unexpected.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isBoError, type ErrorCode } from '../core/errors.js';

/** What an agent can do about each kind of failure. */
const NEXT_STEP: Record<ErrorCode, string> = {
  BO_ERR_USAGE: 'fix the named argument and call again',
  BO_ERR_INPUT_INVALID: 'fix the named field and call again',
  BO_ERR_CONFIG_INVALID: 'a person must fix backend-orchestrator.config.json (the message names the key)',
  BO_ERR_TASK_ID_INVALID: 'task ids look like task-007-add-pagination; list_tasks shows them',
  BO_ERR_TASK_DEPENDENCY_UNKNOWN: 'depends takes ids of existing tasks (list_tasks shows them)',
  BO_ERR_TASK_DEPENDENCY_CYCLE: 'drop one of the dependencies named',
  BO_ERR_SKILL_UNKNOWN: 'leave the skill out (the task is routed by its title and type) or name a configured skill',
  BO_ERR_STATE_CORRUPT: 'a person must repair the state file named; other tasks still work',
  BO_ERR_TASK_NOT_FOUND: 'list_tasks shows the open tasks, and finished ones with status done',
  BO_ERR_TASK_CONFLICT: 'list_tasks shows its status; next_task finds one that is ready',
  BO_ERR_TASK_CLAIMED: 'pick another with next_task (or claim this one after its lease ends)',
  BO_ERR_LOCK_TIMEOUT: 'another process is writing the same state: call again in a few seconds',
  BO_ERR_LOCK_BUSY: 'another process is writing the same state: call again in a few seconds',
};

export function errorText(error: unknown): string {
  if (isBoError(error)) return `${error.message}: ${NEXT_STEP[error.code]} (${error.code})`;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message} (the same call on the CLI with --debug shows where it happened)`;
}

export function errorResult(error: unknown): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: errorText(error) }] };
}

/** A refusal that is not an exception (an event the intake refused, say), worded the same way. */
export function refusal(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
