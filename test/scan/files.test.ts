import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentFingerprint, discoverFiles, MAX_FILE_BYTES, readSourceFile, statFingerprint } from '../../src/scan/files.js';
import { tempDir } from '../helpers/tasks.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project(files: Record<string, string>) {
  const t = tempDir('bo-files-');
  cleanup = t.cleanup;
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(t.dir, file)), { recursive: true });
    writeFileSync(path.join(t.dir, file), text);
  }
  return t.dir;
}

describe('discoverFiles', () => {
  it('finds sources, schemas, migrations and API documents, and skips the rest', () => {
    const root = project({
      'src/app.ts': 'x',
      'src/routes/users.js': 'x',
      'src/types.d.ts': 'x',
      'prisma/schema.prisma': 'x',
      'prisma/migrations/1_init/migration.sql': 'x',
      'openapi.yaml': 'x',
      'docs/api.json': 'x',
      'tsconfig.json': '{}',
      'package.json': '{}',
      'data/fixtures.json': '{}',
      'node_modules/express/index.js': 'x',
      'dist/app.js': 'x',
      'coverage/lcov.json': 'x',
      'ai-state/active/backend/endpoints.json': '{}',
      'generated/big.js': 'x',
      '.gitignore': 'generated/\n',
      'public/app.min.js': 'x',
    });
    const { files, problems } = discoverFiles({ root, stateDir: 'ai-state' });
    expect(files.map((f) => f.path)).toEqual([
      'docs/api.json',
      'openapi.yaml',
      'prisma/migrations/1_init/migration.sql',
      'prisma/schema.prisma',
      'src/app.ts',
      'src/routes/users.js',
      'tsconfig.json',
    ]);
    expect(problems).toEqual([]);
  });

  it('reports oversized files and does not follow symbolic links', () => {
    const root = project({ 'src/app.ts': 'x', 'src/huge.js': 'x'.repeat(MAX_FILE_BYTES + 1) });
    symlinkSync(root, path.join(root, 'src', 'loop'));
    const { files, problems } = discoverFiles({ root, stateDir: 'ai-state' });
    expect(files.map((f) => f.path)).toEqual(['src/app.ts']);
    expect(problems).toEqual([expect.objectContaining({ file: 'src/huge.js', severity: 'warning', message: expect.stringContaining('over the') })]);
  });

  it('honours configured source globs', () => {
    const root = project({ 'api/app.ts': 'x', 'web/page.ts': 'x' });
    expect(discoverFiles({ root, stateDir: 'ai-state', patterns: ['api/**/*.ts'] }).files.map((f) => f.path)).toEqual(['api/app.ts']);
  });

  it('fingerprints change with content and with stats', () => {
    const root = project({ 'src/a.ts': 'one' });
    const first = discoverFiles({ root, stateDir: 'ai-state' }).files;
    const content1 = contentFingerprint(first.map(readSourceFile));
    writeFileSync(path.join(root, 'src/a.ts'), 'two');
    const second = discoverFiles({ root, stateDir: 'ai-state' }).files;
    expect(contentFingerprint(second.map(readSourceFile))).not.toBe(content1);
    expect(statFingerprint(second)).not.toBe(statFingerprint([]));
  });
});
