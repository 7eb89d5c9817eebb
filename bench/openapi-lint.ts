/**
 * The OpenAPI part of `bo check` against Spectral (`spectral:oas`) on the same large document, side
 * by side in one run. Each side runs in its own child process (this bundle again, with
 * `--openapi-lint-child <side> <file>`) so that its peak memory is its own and nothing is warm:
 *   - ours: `loadOpenApi`, then every api rule over a context whose registry is the document's
 *     operations (as `bo check` builds it for a project with a document and no code);
 *   - spectral: @stoplight/spectral-core with the `oas` ruleset of @stoplight/spectral-rulesets
 *     (what `spectral lint` runs), loaded from node_modules at run time, never bundled.
 * `ms` is the work itself (read + parse + lint, module loading excluded on both sides); `wallMs`
 * is the whole child process, start-up included. The ratio (spectral / ours) is taken on `ms`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figure } from './figure.js';

export interface LintSide {
  ms: number;
  /** CPU time of the same work (user + system, all threads): less sensitive to other load on the machine. */
  cpuMs: number;
  peakRssMb: number;
  findings: number;
  /** The child process from spawn to exit. */
  wallMs: number;
  /** Ours only: the time of the rules (the rest is loading the document), of the spec rules among them, and the slowest rules. */
  rulesMs?: number;
  specRulesMs?: number;
  slowest?: string;
}

export interface OpenApiLintResult {
  ours: LintSide;
  spectral: LintSide;
  /** spectral.ms / ours.ms */
  ratio: number;
}

type Side = 'ours' | 'spectral';
const CHILD_FLAG = '--openapi-lint-child';

export interface BenchOptions {
  /** The bench bundle to start the children from (this file, bundled). */
  entry?: string;
  /** Runs per side; each figure is the median (a 2-core machine shared with other work is noisy). */
  runs?: number;
}

/**
 * Runs both sides on `file`, alternating, each run in a fresh process of the bench bundle. `ms`
 * and `wallMs` are medians over the runs, `peakRssMb` the highest seen, `findings` the first run's.
 */
export async function benchOpenApiLint(file: string, options: BenchOptions = {}): Promise<OpenApiLintResult> {
  const entry = options.entry ?? fileURLToPath(import.meta.url);
  const runs: Record<Side, LintSide[]> = { ours: [], spectral: [] };
  for (let i = 0; i < (options.runs ?? 1); i++) {
    runs.spectral.push(await runSide(entry, 'spectral', file));
    runs.ours.push(await runSide(entry, 'ours', file));
  }
  const ours = summarise(runs.ours);
  const spectral = summarise(runs.spectral);
  return { ours, spectral, ratio: spectral.ms / ours.ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function summarise(runs: readonly LintSide[]): LintSide {
  return {
    ms: median(runs.map((r) => r.ms)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    findings: runs[0]?.findings ?? 0,
    wallMs: median(runs.map((r) => r.wallMs)),
    ...(runs[0]?.rulesMs !== undefined ? { rulesMs: median(runs.map((r) => r.rulesMs ?? 0)), specRulesMs: median(runs.map((r) => r.specRulesMs ?? 0)) } : {}),
    ...(runs[0]?.slowest ? { slowest: runs[0].slowest } : {}),
  };
}

function runSide(entry: string, side: Side, file: string): Promise<LintSide> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [entry, CHILD_FLAG, side, path.resolve(file)], { cwd: path.dirname(entry), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`openapi lint (${side}) exited ${code}: ${err.trim()}`));
      const measured = JSON.parse(out) as Omit<LintSide, 'wallMs'>;
      resolve({ ...measured, wallMs });
    });
  });
}

/** Whether this process is a child started by `benchOpenApiLint`. */
export const isOpenApiLintChild = (argv = process.argv): boolean => argv.includes(CHILD_FLAG);

/** The child's work: one side on one file, its figures printed as JSON. */
export async function runOpenApiLintChild(argv = process.argv): Promise<void> {
  const at = argv.indexOf(CHILD_FLAG);
  const side = argv[at + 1] as Side;
  const file = argv[at + 2] as string;
  const lint = side === 'ours' ? lintOurs : lintSpectral;
  const measured = await lint(file);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ...measured, peakRssMb }));
}

type Measured = Pick<LintSide, 'ms' | 'cpuMs' | 'findings' | 'rulesMs' | 'specRulesMs' | 'slowest'>;

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function lintOurs(file: string): Promise<Measured> {
  // Loaded before the clock starts, like Spectral's modules on the other side.
  const [{ loadOpenApi, toEndpoint }, { createCheckContext }, { runRules }, { API_RULES }, { API_SPEC_RULES }, { Config }, { createIndex }, { createResolver }] = await Promise.all([
    import('../src/scan/openapi/index.js'),
    import('../src/gates/context.js'),
    import('../src/gates/engine.js'),
    import('../src/gates/api/index.js'),
    import('../src/gates/api/spec-rules.js'),
    import('../src/config/schema.js'),
    import('../src/scan/code/graph.js'),
    import('../src/scan/resolve.js'),
  ]);
  const root = path.dirname(file);
  const rel = path.basename(file);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const text = readFileSync(file, 'utf8');
  const loaded = await loadOpenApi(file, root);
  if (!loaded.document) throw new Error(`${file} did not load: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const document = loaded.document;
  const context = createCheckContext({
    root,
    config: Config.parse({}),
    registry: { endpoints: document.operations.map((op) => toEndpoint(op, rel)), models: [], services: [] },
    files: [{ path: rel, abs: file, text, hash: '' }],
    modules: [],
    index: createIndex([], createResolver([])),
    openapi: { file: rel, summary: document, files: loaded.files ?? [] },
    drift: { document: rel, onlyInCode: [], onlyInSpec: [] },
    problems: loaded.problems,
    packageJson: undefined,
    lockfile: undefined,
    advisories: undefined,
  });
  const rulesStarted = performance.now();
  const run = runRules(API_RULES, context, { areas: ['api'] });
  const ms = performance.now() - started;
  if (run.internalErrors.length) throw new Error(`api rules failed: ${run.internalErrors.map((e) => `${e.rule}: ${e.message}`).join('; ')}`);
  const results = run.items.flatMap((item) => item.rules);
  const specIds = new Set(API_SPEC_RULES.map((r) => r.id));
  const specRulesMs = results.filter((r) => specIds.has(r.id)).reduce((sum, r) => sum + r.durationMs, 0);
  const slowest = [...results]
    .sort((a, b) => b.durationMs - a.durationMs)
    .slice(0, 3)
    .map((r) => `${r.id} ${Math.round(r.durationMs)} ms`)
    .join(', ');
  return { ms, cpuMs: cpuMsSince(cpu), findings: run.findings.length, rulesMs: performance.now() - rulesStarted, specRulesMs, slowest };
}

/** The few parts of Spectral's API used here (its packages are CommonJS: names may sit on `default`). */
interface SpectralApi {
  Spectral: new () => { setRuleset(ruleset: unknown): void; run(document: unknown): Promise<unknown[]> };
  Document: new (input: string, parser: unknown, source: string) => unknown;
  oas: unknown;
  Yaml: unknown;
  Json: unknown;
}

async function loadSpectral(): Promise<SpectralApi> {
  // A specifier in a variable keeps esbuild from bundling Spectral: it is loaded from node_modules.
  const load = async (name: string) => (await import(name)) as Record<string, unknown>;
  const [core, rulesets, parsers] = await Promise.all(['@stoplight/spectral-core', '@stoplight/spectral-rulesets', '@stoplight/spectral-parsers'].map(load));
  const pick = (module: Record<string, unknown> | undefined, name: string): unknown => module?.[name] ?? (module?.default as Record<string, unknown> | undefined)?.[name];
  return {
    Spectral: pick(core, 'Spectral') as SpectralApi['Spectral'],
    Document: pick(core, 'Document') as SpectralApi['Document'],
    oas: pick(rulesets, 'oas'),
    Yaml: pick(parsers, 'Yaml'),
    Json: pick(parsers, 'Json'),
  };
}

async function lintSpectral(file: string): Promise<Measured> {
  const api = await loadSpectral();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const spectral = new api.Spectral();
  spectral.setRuleset(api.oas);
  const document = new api.Document(readFileSync(file, 'utf8'), /\.json$/i.test(file) ? api.Json : api.Yaml, file);
  const results = await spectral.run(document);
  return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), findings: results.length };
}

const round = (n: number) => Math.round(n);

/** The bench figure: ours at least 10x faster than Spectral on stripe-old.yaml, when ../shared/data is there. */
export async function openApiLintFigure(repoRoot: string, entry: string, quick = false): Promise<Figure> {
  const file = path.resolve(repoRoot, '../shared/data/openapi/stripe-old.yaml');
  const name = 'OpenAPI lint, bo check api rules vs Spectral spectral:oas on stripe-old.yaml';
  if (!existsSync(file)) return { name, value: 0, unit: 'x faster', target: '>= 10x', pass: true, detail: 'skipped: ../shared/data absent' };
  const runs = quick ? 1 : 3;
  const result = await benchOpenApiLint(file, { entry, runs });
  const side = (label: string, s: LintSide) =>
    `${label} ${round(s.ms)} ms (${s.rulesMs !== undefined ? `all api rules ${round(s.rulesMs)} ms, the OpenAPI ones ${round(s.specRulesMs ?? 0)} ms, slowest ${s.slowest}; ` : ''}CPU ${round(s.cpuMs)} ms, whole process ${round(s.wallMs)} ms), peak RSS ${round(s.peakRssMb)} MB, ${s.findings} findings`;
  return {
    name,
    value: Number(result.ratio.toFixed(1)),
    unit: 'x faster',
    target: '>= 10x',
    pass: result.ratio >= 10,
    detail: `medians of ${runs} run${runs > 1 ? 's' : ''} per side: ${side('ours', result.ours)}; ${side('spectral', result.spectral)}; CPU ratio ${(result.spectral.cpuMs / result.ours.cpuMs).toFixed(1)}x, whole-process ratio ${(result.spectral.wallMs / result.ours.wallMs).toFixed(1)}x`,
  };
}
