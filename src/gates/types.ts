/**
 * The rule engine's vocabulary (spec/gates.md): a rule is one file with its metadata and one check;
 * findings are values it reports; the engine turns them into checklist-item results and a report.
 */
import type { Config } from '../config/schema.js';
import type { Registry } from '../registry/schema.js';
import type { ProjectIndex } from '../scan/code/graph.js';
import type { ParsedModule } from '../scan/parse.js';
import type { OpenApiSummary } from '../scan/openapi/types.js';
import type { DocFile } from '../scan/openapi/types.js';
import type { ScanProblem, SourceFile } from '../scan/types.js';
import type { Drift } from '../scan/scan.js';
import type { LiveContext } from './live/types.js';

export const AREAS = ['api', 'database', 'security', 'metrics', 'tests', 'contract'] as const;
export type Area = (typeof AREAS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Location {
  /** Project-relative path with forward slashes. */
  file: string;
  line: number;
  column?: number;
}

export interface RelatedLocation extends Location {
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
  /** Where else the finding shows (the source of tainted data, the sibling that is protected…). */
  related?: RelatedLocation[];
  /** The endpoint, model or table the finding is about, when there is one (for scoping and reports). */
  subject?: string;
  /** Set on findings a `bo-ignore` comment silenced; they are reported, never counted. */
  suppressed?: { reason: string; file: string; line: number };
}

/** What a rule gives the reporter: the rule id and severity are filled in by the engine. */
export interface FindingInput {
  file: string;
  line: number;
  column?: number;
  message: string;
  hint: string;
  related?: RelatedLocation[];
  subject?: string;
  /** Lower than the rule's default for this one finding (e.g. a heuristic that is less sure). */
  severity?: Severity;
}

export interface RuleDocs {
  /** What the rule checks and why, in a few sentences. */
  description: string;
  /** Code (or spec, or SQL) that fails the rule. */
  failing: string;
  /** The same, fixed. */
  passing: string;
  /** When a team may turn it off or lower it. */
  whenNotToUse?: string;
}

export type RuleKind = 'static' | 'dynamic';

export interface RuleMeta {
  id: string;
  area: Area;
  /** The seed checklist item (or metric / test requirement) the rule serves, exactly as in `catalog.ts`. */
  checklist: string;
  severity: Severity;
  kind: RuleKind;
  /** What a dynamic rule needs to run (reported as `skipped (needs …)` without it). */
  needs?: 'live' | 'database' | 'tests' | 'base';
  /** A static rule whose checklist item also has a part only the running service can decide: what that part checks. */
  live?: string;
  docs: RuleDocs;
}

/** A rule may say it does not apply to this project (no OpenAPI document…) or could not be decided. */
export type RuleVerdict =
  | { status: 'not-applicable'; reason: string }
  | { status: 'skipped'; reason: string }
  /** A metric over the run that fails without a finding of its own (the findings it counts are reported already). */
  | { status: 'fail'; reason: string };

export interface Reporter {
  report(finding: FindingInput): void;
  /** Where a rule going file by file met input it cannot handle: recorded against that file, the rule goes on. */
  internalError(file: string | undefined, error: unknown): void;
}

export interface RunInfo {
  areas: readonly Area[];
  earlier: readonly Finding[];
}

export interface StaticRule extends RuleMeta {
  kind: 'static';
  /** `run`: the areas of this run and the findings of the rules that ran before (a metric that counts them runs last). */
  check(context: CheckContext, reporter: Reporter, run: RunInfo): RuleVerdict | void;
  /** Run after every other rule (it reads their findings). */
  runsLast?: boolean;
  /** The live part (`live` says what it checks), run by `bo check --live` beside the static check. */
  runLive?(context: CheckContext, live: LiveContext, reporter: Reporter): Promise<RuleVerdict | void>;
}

export interface DynamicRule extends RuleMeta {
  kind: 'dynamic';
  needs: NonNullable<RuleMeta['needs']>;
  /** Decides the rule by running things (`bo check --live`); absent while only its metadata exists. */
  run?(context: CheckContext, live: LiveContext, reporter: Reporter): Promise<RuleVerdict | void>;
  /** Run after the other dynamic rules (a metric that reads what they measured). */
  runsLast?: boolean;
  /** Longest the rule may take before it is stopped with a finding (default 120 s). */
  timeoutMs?: number;
}

export type Rule = StaticRule | DynamicRule;

/** An OpenAPI document as the API rules read it: the normalised operations and the raw files with key lines. */
export interface OpenApiInput {
  file: string;
  summary: OpenApiSummary;
  /** The root file first, then the files it references. */
  files: DocFile[];
}

/** A small text file read at the edge (package.json, a lockfile, an advisories file), with its path. */
export interface TextInput {
  file: string;
  text: string;
}

/** Everything a static rule may read. Built once per run (see context.ts); rules never touch the disk. */
export interface CheckContext {
  root: string;
  config: Config;
  registry: Registry;
  /** Every file the scan discovered, with its text. */
  files: readonly SourceFile[];
  /** JavaScript/TypeScript sources that parsed. */
  modules: readonly ParsedModule[];
  /** The code graph over `modules` (name resolution across imports). */
  index: ProjectIndex;
  openapi: OpenApiInput | undefined;
  drift: Drift;
  /** Problems the scan met (unparseable files…), listed in the report. */
  problems: readonly ScanProblem[];
  /** `package.json` at the root, and the lockfile beside it (package-lock.json, npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml). */
  packageJson: TextInput | undefined;
  lockfile: TextInput | undefined;
  /** Advisories the user gave (`--advisories <file>`, the registry's bulk advisory JSON shape). */
  advisories: TextInput | undefined;
  /** The text of a discovered file by its project-relative path. */
  fileText(file: string): string | undefined;
  /** Per-run memo for expensive derived values several rules share (keyed by a constant). */
  memo<T>(key: string, compute: () => T): T;
}
