/**
 * What every model extractor gives back. Extractors are pure: they read the files handed to them
 * and return models and problems; nothing is thrown for a file that does not parse.
 */
import type { Model } from '../../registry/schema.js';
import type { ScanProblem } from '../types.js';

export interface ModelsResult {
  models: Model[];
  problems: ScanProblem[];
}

/**
 * Field name → database column name, per model (keyed by the model object itself). Code models
 * name fields as the code does (`authorId`) while migrations name columns (`author_id`); the merge
 * needs this map to put a migration's index on the right field. Only the registry's fields are
 * kept in `models.json`, so the map lives beside the models rather than inside them.
 */
export type ColumnNames = Map<Model, Map<string, string>>;

export interface OrmResult extends ModelsResult {
  columns: ColumnNames;
}

export const SQL_DIALECTS = ['postgresql', 'mysql', 'sqlite'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

/** The column a field is stored in: the mapped name, or the field name itself. */
export const columnOf = (columns: ColumnNames, model: Model, field: string): string => columns.get(model)?.get(field) ?? field;
