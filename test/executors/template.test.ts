/** The argv template: placeholders expanded per argument, verbatim, in one pass; bad templates said so. */
import { describe, expect, it } from 'vitest';
import { expandArgv, PLACEHOLDERS, taskValues, templateProblems, type TemplateValues } from '../../src/executors/template.js';
import { makeTask } from '../helpers/tasks.js';

const HOSTILE = `Fix "quotes" & 'single' $(touch pwned) \`touch pwned2\`; rm -rf keep | tee pwned3 {prompt} $HOME`;

function values(title: string): TemplateValues {
  return {
    ...taskValues(makeTask({ id: 'task-007-x', title, description: 'd', requirements: ['pagination', 'auth required'], targets: ['GET /a', 'Order'] })),
    context_file: '/s/ctx.yaml',
    failures_file: '/s/f.json',
    prompt: 'the prompt',
    attempt: '2',
    workdir: '/w',
    project_root: '/p',
  };
}

describe('expandArgv', () => {
  it('replaces every placeholder in an argument, which stays one argument', () => {
    const argv = expandArgv(['agent', '--task={task.id}', '{task.title}', '-p', '{prompt}', '--ctx', '{context_file}', '{task.requirements}', '{task.targets}', 'try {attempt} in {workdir}'], values('Add pagination'));
    expect(argv).toEqual(['agent', '--task=task-007-x', 'Add pagination', '-p', 'the prompt', '--ctx', '/s/ctx.yaml', 'pagination, auth required', 'GET /a, Order', 'try 2 in /w']);
  });

  it('passes shell metacharacters through verbatim and never expands a placeholder found in a value', () => {
    const argv = expandArgv(['agent', '{task.title}', 'title: {task.title}!'], values(HOSTILE));
    expect(argv).toEqual(['agent', HOSTILE, `title: ${HOSTILE}!`]);
    expect(argv[1]).toContain('{prompt}');
  });

  it('leaves braces that are not placeholders alone (JSON arguments)', () => {
    expect(expandArgv(['agent', '{"model":"x"}', '{ task.id }'], values('t'))).toEqual(['agent', '{"model":"x"}', '{ task.id }']);
  });

  it('refuses a template with problems', () => {
    expect(() => expandArgv(['agent', '{task.name}'], values('t'))).toThrow(/command\[1\] uses \{task.name\}/);
  });
});

describe('templateProblems', () => {
  it('accepts every documented placeholder', () => {
    expect(templateProblems(['agent', ...Object.keys(PLACEHOLDERS).map((p) => `{${p}}`)])).toEqual([]);
  });

  it('names the argument and the unknown placeholder, with the known ones', () => {
    const [problem] = templateProblems(['agent', 'ok', '--x={task.name}']);
    expect(problem).toMatch(/^command\[2\] uses \{task.name\}, which is not a placeholder \(known: \{task.id\}, /);
  });

  it('an empty command, or a program chosen by task text, is refused; a program under the project root is fine', () => {
    expect(templateProblems([])).toEqual([expect.stringContaining('the command is empty')]);
    expect(templateProblems([' '])).toEqual([expect.stringContaining('command[0] is empty')]);
    expect(templateProblems(['{task.title}', 'x'])).toEqual([expect.stringContaining('the program may use only {workdir} and {project_root}, not {task.title}')]);
    expect(templateProblems(['{project_root}/scripts/agent.sh', '{prompt}'])).toEqual([]);
  });
});
