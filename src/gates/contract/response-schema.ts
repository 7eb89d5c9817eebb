import { defineDynamicRule } from '../define.js';
import { liveApiOutcome } from '../live/service/run-live-api.js';
import { reportAll, serviceVerdict } from '../live/service/verdicts.js';

/** Every JSON answer of the live probes, validated against the schema the OpenAPI document gives its status. */
export default defineDynamicRule({
  id: "contract/response-schema",
  area: "contract",
  checklist: "Responses match the schema",
  severity: "error",
  needs: "live",
  timeoutMs: 240_000,
  docs: {
    description: "Live responses validate against the documented response schemas: every JSON answer the live probes get (smoke, authentication, input and unknown-id probes), for a status the OpenAPI document describes with a schema, is validated with ajv (3.0 schemas translated: nullable, exclusive bounds; writeOnly properties not required in answers).",
    failing: "spec says `price: number`, the service answers a string",
    passing: "answer the documented type",
  },
  async run(context, live, reporter) {
    const outcome = await liveApiOutcome(context, live);
    const verdict = serviceVerdict(outcome, 'contract/response-schema', reporter);
    if (verdict) return verdict === 'reported' ? undefined : verdict;
    const schemas = outcome.schemas;
    if (!schemas || schemas.skipped) return { status: context.openapi ? 'skipped' : 'not-applicable', reason: schemas?.skipped ?? 'the probes did not finish' };
    reportAll(outcome, 'contract/response-schema', reporter);
    if (schemas.validated === 0) return { status: 'skipped', reason: 'no answer had a status the OpenAPI document describes with a JSON schema' };
    return undefined;
  },
});
