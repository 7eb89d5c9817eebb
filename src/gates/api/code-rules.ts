/** The API checklist's rules that read the code and the registry (the OpenAPI document only where it names what the code should have). */
import type { Rule } from '../types.js';
import cors from './cors.js';
import createReturns201 from './create-returns-201.js';
import deleteReturns204 from './delete-returns-204.js';
import errorFormat from './error-format.js';
import errorsNot200 from './errors-not-200.js';
import filtering from './filtering.js';
import methodSemantics from './method-semantics.js';
import nestingDepth from './nesting-depth.js';
import noTrailingSlash from './no-trailing-slash.js';
import noVerbsInPath from './no-verbs-in-path.js';
import pagination from './pagination.js';
import paramNaming from './param-naming.js';
import pathCasing from './path-casing.js';
import pluralCollections from './plural-collections.js';
import propertyCasing from './property-casing.js';
import queryCasing from './query-casing.js';

export const API_CODE_RULES: readonly Rule[] = [
  noVerbsInPath,
  pluralCollections,
  pathCasing,
  noTrailingSlash,
  nestingDepth,
  methodSemantics,
  createReturns201,
  deleteReturns204,
  errorsNot200,
  paramNaming,
  propertyCasing,
  queryCasing,
  pagination,
  filtering,
  errorFormat,
  cors,
];
