/**
 * The interface every framework scanner implements (Express, Koa, Hono, Fastify, NestJS): one small
 * object per framework, run by `scanCodeEndpoints` when its `detect` says the project uses it.
 */
import type { Endpoint } from '../../registry/schema.js';
import type { ScanProblem } from '../types.js';
import type { ProjectIndex } from './graph.js';

export interface FrameworkScan {
  endpoints: Endpoint[];
  problems: ScanProblem[];
}

export interface FrameworkScanner {
  id: string;
  /** Whether the project uses the framework, by its imports (never by guessing from call shapes). */
  detect(index: ProjectIndex): boolean;
  scan(index: ProjectIndex): FrameworkScan;
}
