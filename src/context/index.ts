/** The context package: build it from a task and the live registry, then render it within a token budget. */
export { buildContextPackage, type ContextInput } from './build.js';
export { detectPatterns } from './patterns.js';
export {
  isTarget,
  MODEL_RELEVANCE,
  RELEVANCE,
  rankEndpoints,
  rankModels,
  rankServices,
  scoreEndpoint,
  taskSubject,
  type Scored,
  type TaskSubject,
} from './relevance.js';
export { CHARS_PER_TOKEN, estimateTokens, renderContext, type RenderedContext, type RenderOptions } from './render.js';
export { ContextBody, ContextPackage, SchemaEntry, TEST_KINDS } from './types.js';
