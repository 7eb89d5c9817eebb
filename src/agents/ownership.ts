/**
 * Whose is a file: may `bo init --agent` write its part, or did the user change it? A part is
 * the user's when it differs both from what we would write now and from what we wrote last time
 * (remembered as a hash): then it is kept unless `--force`. A part that still matches what we
 * wrote last is ours to update when the config changed. Pure.
 */
import { createHash } from 'node:crypto';
import type { PartOnDisk } from './managed-part.js';

export type AgentFileOutcome = 'created' | 'updated' | 'unchanged' | 'kept';

export const KEPT_CHANGED = 'changed by you; --force to overwrite';

export interface Decision {
  outcome: AgentFileOutcome;
  /** Write the rendered file. */
  write: boolean;
  /** Why a file is kept. */
  reason?: string;
}

export const digest = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

export interface DecisionInput {
  /** Is there a file at all? */
  exists: boolean;
  part: PartOnDisk;
  /** Our part as we want it (canonical). */
  desired: string;
  /** The digest of our part as we last wrote it, if we did. */
  lastWritten: string | undefined;
  force: boolean;
}

export function decide({ exists, part, desired, lastWritten, force }: DecisionInput): Decision {
  if (!exists) return { outcome: 'created', write: true };
  switch (part.kind) {
    case 'unreadable':
      // Not even --force: rewriting a file we cannot read would drop what the user wrote in it.
      return { outcome: 'kept', write: false, reason: part.reason };
    case 'absent':
      return { outcome: 'updated', write: true };
    case 'present':
      if (part.canonical === desired) return { outcome: 'unchanged', write: false };
      if (force || digest(part.canonical) === lastWritten) return { outcome: 'updated', write: true };
      return { outcome: 'kept', write: false, reason: KEPT_CHANGED };
  }
}
