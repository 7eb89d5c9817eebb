/** The security checklist's rules, in checklist order. */
import type { Rule } from '../types.js';

export const SECURITY_RULES: readonly Rule[] = [];
