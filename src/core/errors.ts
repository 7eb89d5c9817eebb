/**
 * Operational errors: every failure the tool reports on purpose has a stable code, a message that
 * says what and where, and the exit code it maps to. Only the CLI entry (and later the HTTP/MCP
 * boundaries) turn these into exit codes or responses; nothing below them exits.
 */

export const EXIT = {
  ok: 0,
  checksFailed: 1,
  invalid: 2,
  conflict: 3,
  notFound: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code with the exit code it maps to and (for the HTTP API later) its status. */
export const ERROR_CODES = {
  BO_ERR_USAGE: { exit: EXIT.invalid, status: 400, title: 'Invalid command usage' },
  BO_ERR_INPUT_INVALID: { exit: EXIT.invalid, status: 422, title: 'Invalid input' },
  BO_ERR_CONFIG_INVALID: { exit: EXIT.invalid, status: 500, title: 'Invalid configuration' },
  BO_ERR_TASK_ID_INVALID: { exit: EXIT.invalid, status: 400, title: 'Invalid task id' },
  BO_ERR_TASK_DEPENDENCY_UNKNOWN: { exit: EXIT.invalid, status: 422, title: 'Unknown dependency' },
  BO_ERR_TASK_DEPENDENCY_CYCLE: { exit: EXIT.invalid, status: 422, title: 'Dependency cycle' },
  BO_ERR_SKILL_UNKNOWN: { exit: EXIT.invalid, status: 422, title: 'Unknown skill' },
  BO_ERR_STATE_CORRUPT: { exit: EXIT.invalid, status: 500, title: 'Corrupt state file' },
  BO_ERR_TASK_NOT_FOUND: { exit: EXIT.notFound, status: 404, title: 'Task not found' },
  BO_ERR_TASK_CONFLICT: { exit: EXIT.conflict, status: 409, title: 'Task state conflict' },
  BO_ERR_TASK_CLAIMED: { exit: EXIT.conflict, status: 409, title: 'Task claimed by another agent' },
  BO_ERR_LOCK_TIMEOUT: { exit: EXIT.conflict, status: 503, title: 'State lock timed out' },
  BO_ERR_LOCK_BUSY: { exit: EXIT.conflict, status: 409, title: 'State lock is held (not waiting)' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class BoError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BoError';
    this.code = code;
    this.details = details;
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, exitCode: this.exitCode, ...(this.details ? { details: this.details } : {}) };
  }
}

export const isBoError = (value: unknown): value is BoError => value instanceof BoError;
