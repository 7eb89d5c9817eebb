/** The API checklist's rules: those read from code and the registry, and those read from the OpenAPI document. */
import type { Rule } from '../types.js';
import { API_CODE_RULES } from './code-rules.js';
import { API_SPEC_RULES } from './spec-rules.js';

export const API_RULES: readonly Rule[] = [...API_CODE_RULES, ...API_SPEC_RULES];
