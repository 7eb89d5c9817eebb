/**
 * contract/breaking-change with a git ref as the base: a real repository in a temp dir, the base
 * committed, the document changed in the working tree (or in a later commit). The base is read
 * with `git show <ref>:./<path>`, the files of a split document too.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixture, lineWith, located, runBreaking, writeProject } from './helpers.js';

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasGit) console.warn('[contract] skipping the git-ref tests: git is not installed');

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bo', '-c', 'user.email=bo@example.test', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: root, stdio: 'pipe' });

function repository(files: Record<string, string>): string {
  const root = writeProject(files);
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'base');
  return root;
}

const base = fixture('base.yaml');
const removedLine = lineWith(base, 'operationId: getPet') - 1;

describe.skipIf(!hasGit)('contract/breaking-change against a git ref', () => {
  it('reads the base at HEAD, at a tag and at HEAD~1; the committed change compared with HEAD passes', async () => {
    const root = repository({ 'openapi.yaml': base });
    git(root, 'tag', 'v1.2.0');
    writeProject({ 'openapi.yaml': fixture('operation-removed.yaml') }, root);

    const atHead = await runBreaking(root, 'HEAD');
    expect(atHead.status).toBe('fail');
    expect(located(atHead.findings)).toEqual([`error HEAD:openapi.yaml:${removedLine}`]);
    expect(atHead.findings[0]?.message).toBe('breaking change against HEAD:openapi.yaml: GET /pets/{petId} removed');
    expect(located((await runBreaking(root, 'v1.2.0')).findings)).toEqual([`error v1.2.0:openapi.yaml:${removedLine}`]);

    git(root, 'commit', '-q', '-am', 'remove getPet');
    expect(await runBreaking(root, 'HEAD')).toEqual({ status: 'pass', findings: [] });
    expect(located((await runBreaking(root, 'HEAD~1')).findings)).toEqual([`error HEAD~1:openapi.yaml:${removedLine}`]);
  });

  it('reads every file of a split document at the ref', async () => {
    const root = repository({
      'openapi.yaml': `openapi: 3.0.3
info:
  title: Split
  version: 1.0.0
paths:
  /pets:
    get:
      responses:
        '200':
          description: the pets
          content:
            application/json:
              schema:
                $ref: './schemas/pet.yaml'
`,
      'schemas/pet.yaml': `type: object
properties:
  id:
    type: integer
  name:
    type: string
`,
    });
    writeProject({ 'schemas/pet.yaml': 'type: object\nproperties:\n  id:\n    type: string\n' }, root);
    const run = await runBreaking(root, 'HEAD');
    expect(run.status).toBe('fail');
    // The removal is at its line in the base file as it was at HEAD; the type change in the working tree.
    expect(located(run.findings)).toEqual(['error HEAD:schemas/pet.yaml:5', 'error schemas/pet.yaml:4']);
    expect(run.findings.map((f) => f.message)).toEqual([
      'breaking change against HEAD:openapi.yaml: response 200 property `name` removed in GET /pets',
      'breaking change against HEAD:openapi.yaml: response 200 `id` type changed from integer to string in GET /pets',
    ]);
  });

  it('does not apply when the document did not exist at the ref', async () => {
    const root = repository({ 'README.md': '# service\n' });
    writeProject({ 'openapi.yaml': base }, root);
    expect(await runBreaking(root, 'HEAD')).toMatchObject({ status: 'not-applicable', reason: 'openapi.yaml did not exist at HEAD: nothing to break' });
  });

  it('is skipped with git\'s reason for an unknown ref, and never passes an option to git', async () => {
    const root = repository({ 'openapi.yaml': base });
    const unknown = await runBreaking(root, 'no-such-branch');
    expect(unknown.status).toBe('skipped');
    expect(unknown.reason).toMatch(/^--base no-such-branch is neither a file nor a readable git ref: fatal: /);
    expect(await runBreaking(root, '--output=/tmp/x')).toMatchObject({ status: 'skipped', reason: '--base --output=/tmp/x is neither a file nor a git ref' });
  });
});
