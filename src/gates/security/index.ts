/** The security checklist's rules: data-flow (injection, dangerous calls) and the others. */
import type { Rule } from '../types.js';
import { SECURITY_POLICY_RULES } from './policy-rules.js';
import { SECURITY_TAINT_RULES } from './taint-rules.js';

export const SECURITY_RULES: readonly Rule[] = [...SECURITY_POLICY_RULES, ...SECURITY_TAINT_RULES];
