import { defineDynamicRule } from '../define.js';
import { checkOwnOrSupplied } from './support/supplied-check.js';

/** Decided by `bo check --live`, after the live gates: the project's own tests of the kind, else what the live gates supplied. */
export default defineDynamicRule({
  id: "tests/contract",
  area: "tests",
  checklist: "Contract tests",
  severity: "warning",
  needs: "live",
  docs: {
    description: "The project's own contract tests (responses validated against the OpenAPI document: jest-openapi, chai-openapi-response-validator, openapi-response-validator, Pact) exist; else the responses bo check --live validated in this run are reported as supplying them; else a warning.",
    failing: "// responses are never compared with openapi.yaml",
    passing: "jestOpenAPI(path.resolve('openapi.yaml'));\nexpect(await request(app).get('/api/v1/products')).toSatisfyApiSpec();",
    whenNotToUse: "Services with no OpenAPI document and no consumers outside the team.",
  },
  runsLast: true,
  run: (context, live, reporter) => checkOwnOrSupplied('contract', context, live, reporter),
});
