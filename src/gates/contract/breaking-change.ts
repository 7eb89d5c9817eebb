import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "contract/breaking-change",
  area: "contract",
  checklist: "No breaking changes",
  severity: "error",
  needs: "base",
  docs: {
    description: "The OpenAPI document compared with a base (git ref or file): removed operations, new required inputs, type changes, removed enum values or response properties are errors unless deprecated first or the major version is bumped.",
    failing: "removing GET /v1/users/{id} in 1.4.0",
    passing: "deprecate it in 1.4.0, remove it in 2.0.0",
  },
});
