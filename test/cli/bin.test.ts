import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, ensureBuilt } from '../helpers/dist.js';
import { tempDir } from '../helpers/tasks.js';

/** The built `bo` as a user runs it: a real process, the bundled code, real exit codes. */
function bo(cwd: string, args: string[]) {
  const result = spawnSync(process.execPath, [binPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', BO_AGENT: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the built bo binary', () => {
  const t = tempDir('bo-bin-');
  beforeAll(() => ensureBuilt());
  afterAll(() => t.cleanup());

  it('runs the main loop with JSON on stdout only and the spec exit codes', () => {
    expect(bo(t.dir, ['init', '--json']).code).toBe(0);
    writeFileSync(
      path.join(t.dir, 'plan.yaml'),
      '- key: table\n  title: Create the wishlist table migration\n- title: Add GET /api/v1/wishlist\n  depends: [table]\n  requirements: [pagination]\n',
    );
    const added = bo(t.dir, ['task', 'add', '--from', 'plan.yaml', '--json']);
    expect(added.code).toBe(0);
    const [table, api] = JSON.parse(added.stdout);
    expect(table.skill).toBe('database-skill');
    expect(api.status).toBe('pending');
    expect(JSON.parse(bo(t.dir, ['next', '--json']).stdout).id).toBe(table.id);
    expect(bo(t.dir, ['claim', table.id, '--agent', 'a1', '--json']).code).toBe(0);
    const conflict = bo(t.dir, ['claim', table.id, '--agent', 'a2', '--json']);
    expect(conflict.code).toBe(3);
    expect(JSON.parse(conflict.stdout).error.code).toBe('BO_ERR_TASK_CLAIMED');
    const context = bo(t.dir, ['context', api.id, '--max-tokens', '200']);
    expect(context.code).toBe(0);
    expect(context.stdout).toMatch(/^context:\n {2}task_id: /);
    expect(Math.ceil(context.stdout.trimEnd().length / 4)).toBeLessThanOrEqual(200);
    expect(bo(t.dir, ['task', 'show', 'task-999-none']).code).toBe(4);
    expect(bo(t.dir, ['next', '--nope']).code).toBe(2);
  });

  it('reads a YAML config through the bundle', () => {
    const yaml = tempDir('bo-bin-yaml-');
    try {
      writeFileSync(path.join(yaml.dir, 'backend-orchestrator.config.yaml'), 'tasks:\n  defaultPriority: low\n');
      expect(bo(yaml.dir, ['init']).code).toBe(0);
      expect(JSON.parse(bo(yaml.dir, ['task', 'add', 'Add GET /api/x', '--json']).stdout).priority).toBe('low');
    } finally {
      yaml.cleanup();
    }
  });
});

describe('bo scan --watch', () => {
  it('scans again when a file changes and stops cleanly on SIGINT', async () => {
    ensureBuilt();
    const t = tempDir('bo-watch-');
    try {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(path.join(t.dir, 'src'));
      writeFileSync(path.join(t.dir, 'src', 'app.ts'), "import express from 'express';\nconst app = express();\napp.get('/api/items', (req, res) => res.json([]));\n");
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [binPath, 'scan', '--watch'], { cwd: t.dir, env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      const waitFor = async (pattern: RegExp) => {
        for (let i = 0; i < 200 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
        expect(out).toMatch(pattern);
      };
      await waitFor(/endpoints\s+1/);
      await new Promise((r) => setTimeout(r, 300)); // the watcher is set up after the first scan
      writeFileSync(
        path.join(t.dir, 'src', 'app.ts'),
        "import express from 'express';\nconst app = express();\napp.get('/api/items', (req, res) => res.json([]));\napp.post('/api/items', (req, res) => res.status(201).end());\n",
      );
      await waitFor(/endpoints\s+2 {2}\(\+1 added\)/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      t.cleanup();
    }
  }, 30_000);
});
