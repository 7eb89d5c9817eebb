/**
 * How the schema rules walk the registry's models: not applicable without any, one model at a
 * time (a model the rule cannot handle is an internal error of that model's file, and the others
 * are still checked), and each finding once, since two code models may map the same table.
 */
import type { Model } from '../../../registry/schema.js';
import type { CheckContext, FindingInput, Reporter, RuleVerdict } from '../../types.js';

const NO_MODELS: RuleVerdict = { status: 'not-applicable', reason: 'no data models found (Prisma, SQL migrations, TypeORM, Drizzle, Sequelize)' };

export function eachModel(context: CheckContext, reporter: Reporter, check: (model: Model, report: (finding: FindingInput) => void) => void): RuleVerdict | undefined {
  const models = context.registry.models;
  if (models.length === 0) return NO_MODELS;
  const seen = new Set<string>();
  const report = (finding: FindingInput) => {
    const key = `${finding.file}:${finding.line}:${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    reporter.report(finding);
  };
  for (const model of models) {
    try {
      check(model, report);
    } catch (error) {
      reporter.internalError(model.source?.file, error);
    }
  }
  return undefined;
}

/** The fields of a model's primary key, in key order when it has several. */
export function primaryKeyOf(model: Model): string[] {
  const flagged = model.fields.filter((f) => f.primaryKey).map((f) => f.name);
  if (flagged.length <= 1) return flagged;
  const ordered = model.indexes.find((i) => i.unique && i.fields.length === flagged.length && i.fields.every((f) => flagged.includes(f)));
  return ordered ? ordered.fields : flagged;
}
