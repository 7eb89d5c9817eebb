/**
 * The argv template of a `command` executor: `["claude", "-p", "{prompt}"]`. Each argument is
 * expanded on its own and stays one argument, whatever its value holds (spaces, quotes, `$(…)`,
 * backticks, `;`): the command is spawned without a shell, so task text can never run anything.
 * Expansion is one pass, so a value that itself looks like a placeholder (a title containing
 * `{prompt}`) stays literal. Pure.
 */
import type { Task } from '../tasks/schema.js';

/** The placeholders an argument may hold, with what each one becomes. */
export const PLACEHOLDERS = {
  'task.id': 'the task id',
  'task.title': 'the task title',
  'task.description': 'the task description (may be empty)',
  'task.skill': 'the skill the task is routed to',
  'task.type': 'the task type',
  'task.priority': 'the task priority',
  'task.requirements': 'the requirements, comma-separated',
  'task.targets': 'the target endpoints and models, comma-separated',
  context_file: 'the file holding the rendered context package (also BO_CONTEXT_FILE)',
  failures_file: 'the JSON file with the failures of the previous attempt (also BO_FAILURES_FILE)',
  prompt: 'a prompt built from the task, its context package and the previous attempt\'s failures',
  attempt: 'the number of this attempt (1 for the first; also BO_ATTEMPT)',
  workdir: 'the directory the command runs in (the task\'s git worktree, or the project root)',
  project_root: 'the project root (where the state directory is)',
} as const;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type TemplateValues = Record<Placeholder, string>;

/** `{name}` or `{task.name}`: lower-case words, so JSON braces (`{"a":1}`) are left alone. */
const PLACEHOLDER = /\{([a-z_]+(?:\.[a-z_]+)?)\}/g;

/** The placeholders allowed in the program itself (command[0]): paths, never task text. */
const PROGRAM_PLACEHOLDERS: ReadonlySet<string> = new Set(['workdir', 'project_root']);

const isPlaceholder = (name: string): name is Placeholder => Object.hasOwn(PLACEHOLDERS, name);

/** Problems of a template, each saying which argument and what to change; empty when it is usable. */
export function templateProblems(argv: readonly string[]): string[] {
  if (argv.length === 0) return ['the command is empty: give the program and its arguments, e.g. ["claude", "-p", "{prompt}"]'];
  const problems: string[] = [];
  if (argv[0]?.trim() === '') problems.push('command[0] is empty: it must name the program to run');
  // The program may live in the project (`{project_root}/scripts/agent.sh`), but task text must never choose it.
  const inProgram = [...(argv[0] ?? '').matchAll(PLACEHOLDER)].map((m) => m[1] as string).filter((name) => !PROGRAM_PLACEHOLDERS.has(name));
  if (inProgram.length) problems.push(`command[0] is "${argv[0]}": the program may use only {workdir} and {project_root}, not {${inProgram.join('}, {')}}`);
  argv.forEach((arg, index) => {
    for (const match of arg.matchAll(PLACEHOLDER)) {
      const name = match[1] as string;
      if (!isPlaceholder(name)) problems.push(`command[${index}] uses {${name}}, which is not a placeholder (known: ${Object.keys(PLACEHOLDERS).map((p) => `{${p}}`).join(', ')})`);
    }
  });
  return problems;
}

/** The values of the task's own placeholders. */
export type TaskPlaceholder = Extract<Placeholder, `task.${string}`>;

export function taskValues(task: Pick<Task, 'id' | 'title' | 'description' | 'skill' | 'type' | 'priority' | 'requirements' | 'targets'>): Record<TaskPlaceholder, string> {
  return {
    'task.id': task.id,
    'task.title': task.title,
    'task.description': task.description,
    'task.skill': task.skill,
    'task.type': task.type,
    'task.priority': task.priority,
    'task.requirements': task.requirements.join(', '),
    'task.targets': task.targets.join(', '),
  };
}

/**
 * The argv to spawn: one output argument per template argument, placeholders replaced by their
 * values verbatim. Throws on a template with problems (check them up front with templateProblems).
 */
export function expandArgv(argv: readonly string[], values: TemplateValues): string[] {
  const problems = templateProblems(argv);
  if (problems.length) throw new Error(problems.join('; '));
  return argv.map((arg) => arg.replace(PLACEHOLDER, (_whole, name: string) => values[name as Placeholder]));
}
