/**
 * The taint engine's vocabulary. A value the analysis follows is a set of origins: request data
 * read somewhere (a source), the request object itself, or a parameter of the function being
 * summarised. Each origin remembers the calls it went through (hops), where it was spliced into a
 * string, and what it was coerced or cleaned to on the way, so each sink can judge it.
 */
import type { ParsedModule } from '../../../scan/parse.js';
import type { FunctionLike } from '../../../scan/code/ast.js';
import type { Scope } from '../../../scan/code/scope.js';

export interface Place {
  file: string;
  line: number;
  column: number;
}

export interface Hop extends Place {
  message: string;
}

/** Where a tainted value was written into a string (a `${…}`, a `+`), with the string's constant text around it. */
export interface Splice extends Place {
  /** The constant parts of the string, `?` where values go (to tell SQL text from other strings). */
  text: string;
  /** The source text of the spliced expression (`term`). */
  expression: string;
}

/** What a module's imports say about the framework it is written for. */
export interface ModuleFramework {
  hono: boolean;
  koa: boolean;
  /** Fastify, Koa and Hono parse query strings flat (strings and arrays), Express's qs into objects. */
  flatQuery: boolean;
}

/** How a request object answers member reads: Express/Fastify/Node request, Koa `ctx`, Hono `c`. */
export type RequestFlavour = 'http' | 'koa-ctx' | 'hono-ctx';

/**
 * What a route's validation guarantees about one request field: a number, boolean, enum value or
 * UUID (`scalar`: nothing can be injected through it), or a string of limited characters (an
 * anchored `pattern`), safe for the sinks its `cleared` bits name.
 */
export type FieldGuarantee = { kind: 'scalar' } | { kind: 'string'; cleared: number };

/** Request fields a route's validation (validator middleware, Fastify schema) vouches for, by segment. */
export type SafeInputs = Partial<Record<'query' | 'body' | 'params', ReadonlyMap<string, FieldGuarantee>>>;

/** What is known about a request object beyond its flavour. */
export interface RequestFacts {
  /** The endpoint it serves (`GET /v1/users`). */
  subject?: string;
  /** Its input is validated (a validator middleware, a schema parsed in the handler, a DTO). */
  validated: boolean;
  /** Its framework parses query strings flat (see ModuleFramework). */
  flatQuery?: boolean;
  safeInputs?: SafeInputs;
}

export type Root =
  | ({ kind: 'request'; flavour: RequestFlavour; label: string; at: Place } & RequestFacts)
  | { kind: 'source'; label: string; at: Place; subject?: string; safeFields?: ReadonlyMap<string, FieldGuarantee> }
  | { kind: 'param'; index: number; path: readonly string[] };

/** What a value may have been made safe for on the way (a bit set). */
export const CLEARED = { sql: 1, nosql: 2, path: 4, shell: 8 } as const;

export interface Origin {
  root: Root;
  hops: readonly Hop[];
  /** Splices on the way, oldest first (at most a few). */
  splices: readonly Splice[];
  /** Coerced to a string: it can no longer carry Mongo operators. */
  stringy: boolean;
  /** Passed through a schema (zod, joi, class-validator DTO…): its type is checked, its content is not. */
  validated: boolean;
  cleared: number;
}

/** A value: its origins, and for object literals the origins of known fields (which win over the whole). */
export interface Value {
  taint: readonly Origin[];
  fields?: ReadonlyMap<string, readonly Origin[]>;
  /** The function the value is, when it is one defined in the code being read (for local calls). */
  fn?: FunctionLike;
}

export type SinkCategory = 'sql' | 'nosql' | 'code' | 'command' | 'path' | 'require' | 'deserialise';

export type TaintRule = 'sec/sql-injection' | 'sec/nosql-injection' | 'sec/dangerous-call';

/** A call (or property) that must not receive request data, as found at one place. */
export interface SinkUse {
  category: SinkCategory;
  /** How the call reads in code: `db.query()`, `eval()`, `fs.readFile()`. */
  name: string;
  at: Place;
  /** For generic names (`query`, `execute`, `exec`): SQL text must be seen, or the receiver must look like a database. */
  needsSqlEvidence: boolean;
  /** The receiver's name looks like a database handle (`db`, `pool`, `knex`, `prisma`…). */
  dbReceiver: boolean;
  /** For nosql: what is checked (`whole filter`, `$where`, `field "email"`). */
  detail?: string;
}

/** A parameter of a summarised function that reaches somewhere (a sink, or its return value). */
export interface ParamFlow {
  index: number;
  path: readonly string[];
  hops: readonly Hop[];
  splices: readonly Splice[];
  stringy: boolean;
  validated: boolean;
  cleared: number;
}

export interface SinkFlow extends ParamFlow {
  sink: SinkUse;
  /** Where to report: the argument (or property value) that carried it. */
  argAt: Place;
}

/** What a function does with its parameters, computed once (memoised) and applied at every call. */
export interface Summary {
  sinks: SinkFlow[];
  returns: ParamFlow[];
  /** Request data the function itself reads and returns (a helper taking `req`). */
  returnsSources: Origin[];
}

/** A function to analyse: its node and the scope it is defined in (for name resolution). */
export interface FunctionRef {
  module: ParsedModule;
  node: FunctionLike;
  /** The scope the function's own scope hangs from (lazily built: scopes cost a walk). */
  parentScope: () => Scope;
}

/** Request data that reached a sink. */
export interface TaintFinding {
  rule: TaintRule;
  sink: SinkUse;
  /** Where to report (the splice into SQL text, or the argument). */
  at: Place;
  origin: Origin & { root: Extract<Root, { kind: 'source' }> };
}

export interface TaintAnalysis {
  findings: TaintFinding[];
  errors: { file: string; error: unknown }[];
  /** The project uses MongoDB (mongoose, mongodb…): the NoSQL rule applies. */
  usesMongo: boolean;
  /** Non-test JavaScript/TypeScript modules the analysis read. */
  modules: number;
}

