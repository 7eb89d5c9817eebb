/** The security rules that follow request data to where it must not go (one shared taint engine, ./taint). */
import type { Rule } from '../types.js';
import dangerousCall from './dangerous-call.js';
import nosqlInjection from './nosql-injection.js';
import sqlInjection from './sql-injection.js';

export const SECURITY_TAINT_RULES: readonly Rule[] = [sqlInjection, nosqlInjection, dangerousCall];
