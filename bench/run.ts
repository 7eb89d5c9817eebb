/**
 * The benchmark suite (`npm run bench`). Targets live here, never in unit tests:
 *   - claims/s with 8 and 16 concurrent processes on the file store, 0 double claims (>= 500/s @16)
 *   - context package build + render on a 2,000-endpoint registry (<= 50 ms)
 *   - `bo next` start-up against a bare `node -e 0` (<= ~2x)
 * `--json` prints the figures as JSON; `--quick` runs fewer repetitions.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Config } from '../src/config/schema.js';
import { buildContextPackage, renderContext } from '../src/context/index.js';
import { FileStore } from '../src/store/file/file-store.js';
import { TaskEngine } from '../src/tasks/engine.js';
import { makeRegistry } from '../test/fixtures/registry.js';
import { generateProject } from './generate-project.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
  detail?: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function claimThroughput(processes: number, tasks: number): Promise<Figure> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-bench-claims-'));
  try {
    const store = new FileStore({ projectRoot: dir });
    await store.init();
    const engine = new TaskEngine({ store, config: Config.parse({}) });
    await engine.add(
      Array.from({ length: tasks }, (_, i) => ({ title: `Benchmark task ${i}`, targets: [`GET /api/items/${i}`] })),
      'bench',
    );
    const goFile = path.join(dir, 'go');
    const worker = path.join(repoRoot, 'test', 'workers', 'claim-worker.mjs');
    const runs = Array.from(
      { length: processes },
      (_, i) =>
        new Promise<{ claimed: string[]; start: number; end: number }>((resolve, reject) => {
          const child = spawn(process.execPath, [worker, dir, `agent-${i}`, goFile], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker ${i} exited ${code}`))));
        }),
    );
    await new Promise((r) => setTimeout(r, 400 + processes * 60)); // all processes up and waiting
    writeFileSync(goFile, '');
    const results = await Promise.all(runs);
    const ids = results.flatMap((r) => r.claimed);
    const doubles = ids.length - new Set(ids).size;
    const seconds = (Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
    const rate = ids.length / seconds;
    const ok = ids.length === tasks && doubles === 0;
    return {
      name: `claims/s, ${processes} processes, ${tasks} tasks`,
      value: Math.round(rate),
      unit: 'claims/s',
      target: processes >= 16 ? '>= 500, 0 double claims' : '0 double claims',
      pass: ok && (processes < 16 || rate >= 500),
      detail: `${ids.length} claimed, ${doubles} double, ${seconds.toFixed(2)} s`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function contextPackageTime(): Figure {
  const registry = makeRegistry({ endpoints: 2000, models: 300 });
  const config = Config.parse({});
  const now = new Date().toISOString();
  const task = {
    id: 'task-002-api',
    title: 'Add pagination and filtering to GET /api/v1/products',
    description: '',
    type: 'api',
    skill: 'api-development-skill',
    status: 'in_progress' as const,
    priority: 'medium' as const,
    requirements: ['pagination', 'filtering'],
    targets: ['GET /api/v1/products'],
    dependencies: [],
    claim: null,
    attempts: 0,
    history: [],
    progress: [],
    criteria: { gates: ['api', 'security', 'contract', 'api/pagination', 'api/filtering'], thresholds: { ...config.thresholds } },
    result: null,
    source: null,
    createdAt: now,
    updatedAt: now,
  };
  const times: number[] = [];
  for (let i = 0; i < (quick ? 10 : 40); i++) {
    const t0 = performance.now();
    const pkg = buildContextPackage({ task, registry, config, standards: ['backend-standard.md', 'api-design.md'] });
    renderContext(pkg, { format: 'yaml', maxTokens: config.context.maxTokens });
    times.push(performance.now() - t0);
  }
  const value = median(times);
  return { name: 'context package, 2,000 endpoints / 300 models (build + YAML, 4000 tokens)', value: Number(value.toFixed(1)), unit: 'ms (median)', target: '<= 50 ms', pass: value <= 50, detail: `min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms` };
}

function startupRatio(): Figure {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-bench-startup-'));
  try {
    const bo = path.join(repoRoot, 'bin', 'bo.js');
    spawnSync(process.execPath, [bo, 'init', '-C', dir, '--json']);
    for (let i = 0; i < 50; i++) spawnSync(process.execPath, [bo, 'task', 'add', `Startup task ${i}`, '-C', dir, '--json']);
    const time = (argv: string[]) => {
      const t0 = performance.now();
      const result = spawnSync(process.execPath, argv, { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
      return performance.now() - t0;
    };
    const runs = quick ? 7 : 21;
    const bare: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(time(['-e', '0']));
      next.push(time([bo, 'next', '--json', '-C', dir]));
    }
    const ratio = median(next) / median(bare);
    return {
      name: '`bo next --json` start-up vs `node -e 0` (50 tasks)',
      value: Number(ratio.toFixed(2)),
      unit: 'x',
      target: '<= ~2x',
      pass: ratio <= 2.2,
      detail: `bo next ${median(next).toFixed(0)} ms, node -e 0 ${median(bare).toFixed(0)} ms (medians of ${runs})`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function scanBench(): Figure[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-bench-scan-'));
  try {
    const routeFiles = quick ? 200 : 1000;
    const { endpoints } = generateProject(dir, { routeFiles, models: quick ? 40 : 200 });
    const bo = path.join(repoRoot, 'bin', 'bo.js');
    // /usr/bin/time is not everywhere: the child reports its own peak memory.
    const run = (extra: string[]) => {
      const t0 = performance.now();
      const result = spawnSync(process.execPath, ['--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss:"+process.resourceUsage().maxRSS+"\\n"))', bo, 'scan', '--json', '-C', dir, ...extra], { encoding: 'utf8' });
      const ms = performance.now() - t0;
      if (result.status !== 0) throw new Error(`bo scan failed: ${result.stderr}`);
      const rss = Number(/maxrss:(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024;
      return { ms, rss, summary: JSON.parse(result.stdout) };
    };
    const cold = run(['--no-cache']);
    run([]); // fills the cache
    const warm = [run([]), run([]), run([])].sort((a, b) => a.ms - b.ms)[1]!;
    return [
      {
        name: `cold scan, ${routeFiles} route files / ${endpoints} endpoints`,
        value: Math.round(cold.ms),
        unit: 'ms',
        target: '<= 2000 ms',
        pass: cold.ms <= 2000 && cold.summary.counts.endpoints === endpoints,
        detail: `${cold.summary.counts.endpoints} endpoints, ${cold.summary.counts.models} models found; peak RSS ${cold.rss.toFixed(0)} MB`,
      },
      {
        name: 'no-change rescan',
        value: Math.round(warm.ms),
        unit: 'ms',
        target: '<= 200 ms',
        pass: warm.ms <= 200,
        detail: `cache: ${warm.summary.cache}; peak RSS ${warm.rss.toFixed(0)} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const figures: Figure[] = [];
figures.push(await claimThroughput(8, quick ? 200 : 1000));
figures.push(await claimThroughput(16, quick ? 200 : 1000));
figures.push(contextPackageTime());
figures.push(startupRatio());
figures.push(...scanBench());

if (args.has('--json')) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  for (const f of figures) {
    process.stdout.write(`${f.pass ? 'PASS' : 'FAIL'}  ${f.name}: ${f.value} ${f.unit}  (target ${f.target})${f.detail ? `  — ${f.detail}` : ''}\n`);
  }
}
process.exitCode = figures.every((f) => f.pass) ? 0 : 1;
