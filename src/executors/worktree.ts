/**
 * A git worktree per task (`worktree: true` on a command executor): the agent works on a branch of
 * its own, `bo/<task id>`, checked out from HEAD at `<stateDir>/worktrees/<task id>`, so parallel
 * tasks never edit the same checkout and the main one stays as it is. After the task is done the
 * agent's uncommitted changes are committed on the branch and the worktree is removed; the branch
 * stays for review and merging. A task that is not done keeps its worktree, and the next attempt
 * (or the next `bo run`) continues in it. git runs as a child process without a shell.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { BoError } from '../core/errors.js';

export interface Worktree {
  /** The worktree's top directory. */
  path: string;
  /** Where the project is inside it (differs from `path` when the project is a folder of the repository). */
  projectDir: string;
  branch: string;
  /** Whether this call created it (false: an earlier attempt's worktree, reused). */
  created: boolean;
}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function git(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', [...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A non-zero exit has its status in `code`; a git that cannot start has an errno name there.
      const raw = (error as { code?: unknown } | null)?.code;
      const code = !error ? 0 : typeof raw === 'number' ? raw : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) || (error ? error.message : '') });
    });
  });
}

async function gitOk(args: readonly string[], cwd: string, what: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await git(args, cwd, env);
  if (result.code !== 0) throw new BoError('BO_ERR_TASK_CONFLICT', `${what}: git ${args.join(' ')} failed in ${cwd}: ${result.stderr.trim() || `exit ${result.code}`}`);
  return result.stdout.trim();
}

export const worktreeBranch = (taskId: string) => `bo/${taskId}`;
export const worktreePath = (stateRoot: string, taskId: string) => path.join(stateRoot, 'worktrees', taskId);

const real = (file: string) => {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
};

/** git worktree commands of one process run one at a time: they share the repository's admin files. */
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/** The task's worktree: an existing one reused, else created from HEAD (or from its branch, if an earlier one was removed). */
export function ensureWorktree(projectRoot: string, stateRoot: string, taskId: string): Promise<Worktree> {
  return serialized(async () => {
    const top = await git(['rev-parse', '--show-toplevel'], projectRoot);
    if (top.code !== 0) {
      throw new BoError('BO_ERR_CONFIG_INVALID', `the executor has worktree: true, but ${projectRoot} is not in a git repository (git said: ${top.stderr.trim()}); run git init and commit, or set worktree: false`);
    }
    const repo = top.stdout.trim();
    const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD'], repo);
    if (head.code !== 0) throw new BoError('BO_ERR_CONFIG_INVALID', `the executor has worktree: true, but the repository at ${repo} has no commit yet: commit the project first`);
    const branch = worktreeBranch(taskId);
    const dir = worktreePath(stateRoot, taskId);
    const projectDir = path.join(dir, path.relative(real(repo), real(projectRoot)));

    const listed = await gitOk(['worktree', 'list', '--porcelain'], repo, 'listing worktrees');
    const registered = listed.split('\n').some((line) => line.startsWith('worktree ') && real(line.slice('worktree '.length)) === real(dir));
    if (registered && existsSync(dir)) return { path: dir, projectDir, branch, created: false };

    // A worktree directory deleted by hand is still registered until pruned.
    await gitOk(['worktree', 'prune'], repo, 'pruning worktrees');
    mkdirSync(path.dirname(dir), { recursive: true });
    const branchExists = (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], repo)).code === 0;
    await gitOk(branchExists ? ['worktree', 'add', dir, branch] : ['worktree', 'add', '-b', branch, dir, 'HEAD'], repo, `creating the worktree of ${taskId}`);
    return { path: dir, projectDir, branch, created: true };
  });
}

/** A fallback identity for the commit when git has none configured (a CI machine, a container). */
const FALLBACK_IDENTITY = { GIT_AUTHOR_NAME: 'bo run', GIT_AUTHOR_EMAIL: 'bo-run@localhost', GIT_COMMITTER_NAME: 'bo run', GIT_COMMITTER_EMAIL: 'bo-run@localhost' };

/**
 * Commits what the agent left uncommitted on the task's branch (with `message`), then removes the
 * worktree. The branch is kept. Returns the branch's last commit.
 */
export function finishWorktree(projectRoot: string, worktree: Worktree, message: string): Promise<{ committed: boolean; commit: string }> {
  return serialized(async () => {
    const status = await gitOk(['status', '--porcelain'], worktree.path, 'reading the worktree status');
    let committed = false;
    if (status !== '') {
      await gitOk(['add', '-A'], worktree.path, 'staging the task\'s changes');
      const hasIdentity = (await git(['config', 'user.email'], worktree.path)).code === 0;
      await gitOk(['commit', '--no-verify', '-q', '-m', message], worktree.path, 'committing the task\'s changes', hasIdentity ? process.env : { ...process.env, ...FALLBACK_IDENTITY });
      committed = true;
    }
    const commit = await gitOk(['rev-parse', 'HEAD'], worktree.path, 'reading the branch head');
    await gitOk(['worktree', 'remove', '--force', worktree.path], projectRoot, 'removing the worktree');
    return { committed, commit };
  });
}
