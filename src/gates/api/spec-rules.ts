/** The API rules that read the OpenAPI document, alone or against the code (the OpenAPI lint). */
import type { Rule } from '../types.js';
import declaredResponses from './declared-responses.js';
import documented from './documented.js';
import operationDocs from './operation-docs.js';
import rateLimit from './rate-limit.js';
import specDrift from './spec-drift.js';
import versioning from './versioning.js';

export const API_SPEC_RULES: readonly Rule[] = [declaredResponses, versioning, documented, specDrift, operationDocs, rateLimit];
