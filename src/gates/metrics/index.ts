/** The metrics rules, in checklist order. */
import type { Rule } from '../types.js';
import apiResponseTime from './api-response-time.js';
import testCoverage from './test-coverage.js';
import dbQueryTime from './db-query-time.js';
import errorRate from './error-rate.js';
import securityVulnerabilities from './security-vulnerabilities.js';

export const METRICS_RULES: readonly Rule[] = [apiResponseTime, testCoverage, securityVulnerabilities, dbQueryTime, errorRate];
