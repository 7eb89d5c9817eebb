import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "contract/response-schema",
  area: "contract",
  checklist: "Responses match the schema",
  severity: "error",
  needs: "live",
  docs: {
    description: "Live responses validate against the documented response schemas.",
    failing: "spec says `price: number`, the service answers a string",
    passing: "answer the documented type",
  },
});
