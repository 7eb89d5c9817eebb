/** The tests rules, in checklist order. */
import type { Rule } from '../types.js';
import unit from './unit.js';
import integration from './integration.js';
import api from './api.js';
import load from './load.js';
import security from './security.js';
import contract from './contract.js';

export const TESTS_RULES: readonly Rule[] = [unit, integration, api, load, security, contract];
