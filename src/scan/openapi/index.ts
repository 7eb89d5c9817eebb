/** OpenAPI 2.0 / 3.0 / 3.1 documents: find them, read them, compare them with the code. */
export { findOpenApiDocuments, OPENAPI_FOLDERS } from './find.js';
export { loadOpenApi, type LoadResult } from './load.js';
export { compareEndpoints, routeKey, type Drift } from './drift.js';
export { toEndpoint } from './to-endpoint.js';
export type { OpenApiSummary, ParameterLocation, SpecOperation, SpecParameter, SpecSecurity, SpecVersion } from './types.js';
