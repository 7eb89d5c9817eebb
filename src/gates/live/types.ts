/**
 * What dynamic rules get besides the check context (`bo check --live`): options from the command
 * line and config, a way to say what they are doing (progress on a TTY), shared resources opened on
 * first use and always closed after the run (an embedded database, the started service), and a
 * place to put measured values for the metrics section.
 */
export interface LiveOptions {
  /** `--base <git ref | file>`: the OpenAPI document to compare against (contract/breaking-change). */
  base?: string;
  /** A PostgreSQL server to use instead of the embedded one (a scratch database is made and dropped). */
  databaseUrl?: string;
  /** Run knex / TypeORM migration files (executes project code: only when the user asks). */
  runJsMigrations?: boolean;
  /** Rows seeded per table for the query gates. */
  seedRows?: number;
  /** Probe and load-test only these endpoints (ids as in the registry): a task's targets on submit. */
  endpoints?: string[];
}

export interface Measurement {
  value: number;
  unit: string;
  /** How it was measured (p50/p99 beside a p95, the slowest query, the load generator's overhead…). */
  detail?: string;
  /** The figures behind it, by name (a load test's avg/p50/p95/p99). */
  stats?: Record<string, number>;
}

export interface LiveContext {
  options: LiveOptions;
  /** Aborted on SIGINT/SIGTERM: long steps stop, resources still close. */
  signal: AbortSignal;
  progress(step: string, done?: number, total?: number): void;
  /** A resource shared by several rules, opened once on first use; `close` runs after the last rule. */
  resource<T>(key: string, open: () => Promise<T>, close: (value: T) => Promise<void> | void): Promise<T>;
  /** Records a measured value (a metric rule reads it). */
  measure(metricId: string, measurement: Measurement): void;
  measured(metricId: string): Measurement | undefined;
}
