/** `defineRule`: one rule per file, metadata first, then the check (see STYLE.md §1). */
import type { DynamicRule, StaticRule } from './types.js';

export const defineRule = (rule: Omit<StaticRule, 'kind'>): StaticRule => ({ ...rule, kind: 'static' });

/** A rule that needs the database, the running service, the test run or a base document: decided by `--live` (issue 5). */
export const defineDynamicRule = (rule: Omit<DynamicRule, 'kind'>): DynamicRule => ({ ...rule, kind: 'dynamic' });
