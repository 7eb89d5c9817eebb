import type { Command } from 'commander';
import type { Session } from '../session.js';

/** Runs a command body with its session; the body returns an exit code or nothing (0). */
export type Run = (cmd: Command, fn: (session: Session) => Promise<number | void>) => Promise<void>;
