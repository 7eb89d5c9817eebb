/**
 * Builds a task's context package from the live registry (product spec section 7): everything the
 * agent needs to start, most relevant first. Pure: the caller reads the task, registry, config
 * and which standards files exist; `renderContext` bounds and prints the result.
 */
import type { Config } from '../config/schema.js';
import type { Registry, SourceRef } from '../registry/schema.js';
import type { Task } from '../tasks/schema.js';
import { detectPatterns } from './patterns.js';
import { attachRanks } from './ranks.js';
import { isTarget, RELEVANCE, rankEndpoints, rankModels, rankServices, taskSubject, type Scored } from './relevance.js';
import { describeIndexes, describeModel } from './schema-summary.js';
import { functionalRequirements } from './test-requirements.js';
import { TEST_KINDS, type ContextPackage } from './types.js';

export interface ContextInput {
  task: Task;
  registry: Registry;
  config: Config;
  /** Standards files that exist in the project, as relative paths. */
  standards: readonly string[];
}

/** Texts with the best score each had, most relevant first; the first occurrence wins a tie. */
function uniqueByScore(entries: Iterable<{ text: string; score: number }>): { text: string; score: number }[] {
  const best = new Map<string, number>();
  for (const { text, score } of entries) if (score > (best.get(text) ?? -1)) best.set(text, score);
  return [...best].map(([text, score]) => ({ text, score })).sort((a, b) => b.score - a.score);
}

/** Source files of the relevant entries: a file is as relevant as the most relevant thing in it. */
function sourceFiles(scored: readonly Scored<{ source?: SourceRef | undefined }>[]) {
  return uniqueByScore(scored.flatMap(({ item, score }) => (item.source ? [{ text: item.source.file, score }] : [])));
}

export function buildContextPackage(input: ContextInput): ContextPackage {
  const { task, registry, config } = input;
  const subject = taskSubject(task);
  const endpoints = rankEndpoints(registry.endpoints, subject);
  const relevant = endpoints.filter((e) => e.score > RELEVANCE.none);
  const models = rankModels(registry.models, subject, relevant);
  const services = rankServices(registry.services, subject);
  const patterns = detectPatterns(registry, config);
  const thresholds = Object.keys(task.criteria.thresholds).length > 0 ? task.criteria.thresholds : config.thresholds;
  const indexes = uniqueByScore(models.flatMap(({ item, score }) => describeIndexes(item).map((text) => ({ text, score }))));
  // Files to open first: the targets' and their resource's, or, with no path target, the best word matches.
  const fileFloor = Math.min(RELEVANCE.nested, relevant[0]?.score ?? 0);
  const files = sourceFiles([...relevant.filter((e) => e.score >= fileFloor), ...models, ...services]);

  const functional = functionalRequirements({
    skill: task.skill,
    title: task.title,
    requirements: task.requirements,
    targets: task.targets,
    targetEndpoints: relevant.filter((e) => isTarget(e.score)).map((e) => e.item),
    patterns,
    integrations: services.flatMap((s) => s.item.integrations),
    thresholds,
  });

  const pkg: ContextPackage = {
    context: {
      task_id: task.id,
      title: task.title,
      ...(task.description.trim() ? { description: task.description.trim() } : {}),
      skill: task.skill,
      requirements: [...task.requirements],
      endpoints: { existing: endpoints.map((e) => e.item.id), patterns },
      database: { schema: models.map((m) => describeModel(m.item)), indexes: indexes.map((i) => i.text) },
      standards: [...new Set(input.standards)],
      test_requirements: { functional, types: [...TEST_KINDS] },
      success_criteria: { gates: [...task.criteria.gates], thresholds: { ...thresholds } },
      files: files.map((f) => f.text),
    },
  };
  return attachRanks(pkg, {
    endpoints: endpoints.map((e) => e.score),
    models: models.map((m) => m.score),
    // An index goes just before its model: an index of a model that is not shown would not help.
    indexes: indexes.map((i) => i.score - 0.5),
  });
}
