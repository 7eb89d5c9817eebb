/**
 * The context package (product spec section 7): the seed's shape, under a top-level `context`
 * key. Plain JSON-able data; every list is ordered most relevant first. The schema is the one
 * definition: the type derives from it, and so can the HTTP and MCP response schemas.
 */
import * as z from 'zod/mini';

const strings = z.array(z.string());

/** One relevant model: fields as `name: "type [pk, unique, nullable, default x, -> Model.field]"`. */
export const SchemaEntry = z.object({
  name: z.string(),
  table: z.optional(z.string()),
  fields: z.record(z.string(), z.string()),
});
export type SchemaEntry = z.infer<typeof SchemaEntry>;

export const ContextBody = z.object({
  task_id: z.string(),
  title: z.string(),
  description: z.optional(z.string()),
  skill: z.string(),
  requirements: strings,
  endpoints: z.object({ existing: strings, patterns: strings }),
  database: z.object({ schema: z.array(SchemaEntry), indexes: strings }),
  standards: strings,
  test_requirements: z.object({ functional: strings, types: strings }),
  success_criteria: z.object({ gates: strings, thresholds: z.record(z.string(), z.number()) }),
  files: strings,
  /** Added by the renderer when the token budget left entries out: counts per list, and a note. */
  omitted: z.optional(z.record(z.string(), z.union([z.number(), z.string()]))),
});
export type ContextBody = z.infer<typeof ContextBody>;

export const ContextPackage = z.object({ context: ContextBody });
export type ContextPackage = z.infer<typeof ContextPackage>;

/** The six test kinds of the seed, each checked by a `tests/<kind>` gate. */
export const TEST_KINDS = ['unit', 'integration', 'api', 'load', 'security', 'contract'] as const;
