/**
 * What every scanner takes and gives. Scanners are pure over their input: they read the files
 * handed to them (already loaded by `files.ts`), never the disk, and never execute project code.
 */
import type { Config } from '../config/schema.js';

export interface SourceFile {
  /** Path relative to the project root, with forward slashes: what `source.file` records. */
  path: string;
  /** Absolute path. */
  abs: string;
  text: string;
  /** Content hash (sha1 hex): the key of the incremental scan cache. */
  hash: string;
}

/** A file (or part of one) that could not be read; reported, never fatal to the scan. */
export interface ScanProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ScanInput {
  root: string;
  files: readonly SourceFile[];
  config: Config;
}
