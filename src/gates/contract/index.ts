/** The contract rules, in checklist order. */
import type { Rule } from '../types.js';
import breakingChange from './breaking-change.js';
import responseSchema from './response-schema.js';
import errorStandard from './error-standard.js';

export const CONTRACT_RULES: readonly Rule[] = [breakingChange, responseSchema, errorStandard];
