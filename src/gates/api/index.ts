/** The api checklist's rules, in checklist order. */
import type { Rule } from '../types.js';

import noTrailingSlash from './no-trailing-slash.js';

export const API_RULES: readonly Rule[] = [noTrailingSlash];
