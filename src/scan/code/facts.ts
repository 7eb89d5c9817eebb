/**
 * Per-endpoint facts every framework scanner shares: auth (from middleware/guard names, their
 * arguments and, for unnamed ones, their bodies), validation library, rate limiting, status codes
 * and inputs read by the handler. Each lives in facts/; this is the one import for scanners.
 */
export { classifyAuthName, decideAuth, isPublicMarker, refineAuthCall, type AuthEffect, type AuthEntry } from './facts/auth.js';
export { authFromBody } from './facts/auth-body.js';
export { handlerFacts, handlerFunctions, type HandlerFacts } from './facts/handler.js';
export { describeMiddleware, type MiddlewareFacts } from './facts/middleware.js';
export { bareName, displayName, nameWords } from './facts/names.js';
export { importedPackages, originPackage } from './facts/packages.js';
export { inputSource, inputsRead, type InputKind } from './facts/params.js';
export { isRateLimiterName, RATE_LIMIT_PACKAGES } from './facts/rate-limit.js';
export { declaredInputs, schemaFields, type DeclaredInputs } from './facts/schema-fields.js';
export { statusByName, statusOfAssignment, statusOfCall, statusOfErrorName, statusValue } from './facts/status.js';
export { libraryImportedBy, schemaLibrary, validationOfCall, validationOfMiddleware, VALIDATION_PACKAGES } from './facts/validation.js';
