/**
 * The `{prompt}` of a command executor: what an agent CLI (`claude -p`, `codex exec`, `aider
 * --message`) needs in one argument — the task, its context package, the failing items of the
 * previous attempt with their fix hints, and how the attempt ends (exit, the orchestrator submits).
 * Task text goes in verbatim; it is data in an argument, never parsed by a shell. Pure.
 */
import type { Failure } from '../tasks/submit/scope.js';
import { failuresText } from '../tasks/submit/scope.js';
import type { Task } from '../tasks/schema.js';

export interface PromptInput {
  task: Pick<Task, 'id' | 'title' | 'description' | 'requirements' | 'targets' | 'criteria'>;
  /** This attempt's number (1 for the first). */
  attempt: number;
  /** The rendered context package. */
  context: string;
  contextFile: string;
  /** What made the previous attempt fail (gate failures, or the command's own failure). */
  failures: readonly Failure[];
  failuresFile: string;
}

export function buildPrompt(input: PromptInput): string {
  const { task } = input;
  const lines: string[] = [`Backend task ${task.id}: ${task.title}`];
  if (task.description.trim()) lines.push('', task.description.trim());
  if (task.requirements.length) lines.push('', `Requirements: ${task.requirements.join(', ')}`);
  if (task.targets.length) lines.push(`Targets: ${task.targets.join(', ')}`);
  lines.push('', `The context package (the endpoints, models, services, patterns and standards that matter for this task; also in ${input.contextFile}):`, '', input.context.trimEnd());
  if (input.failures.length) {
    lines.push(
      '',
      `Attempt ${input.attempt - 1} did not pass. Fix these items and keep what already works (also in ${input.failuresFile}):`,
      '',
      failuresText(input.failures),
    );
  }
  const gates = task.criteria.gates.length ? task.criteria.gates.join(', ') : 'the project\'s quality gates';
  lines.push(
    '',
    `Make the change in the current directory, then exit. When you exit with status 0 the orchestrator submits your work and runs the gates (${gates}); if they fail you get another attempt with the failing items. Do not run \`bo submit\` yourself.`,
  );
  return `${lines.join('\n')}\n`;
}
