/**
 * The default `api-design.md` that `bo init` writes: the seed's API checklist and the API
 * conventions (pagination, filtering, errors, CORS) as a team standard, each rule with the gate
 * ids that check it (gates spec).
 */
export const API_DESIGN_MD = `# API design

How our HTTP APIs look. Every item is checked by a quality gate on \`bo submit\` and \`bo check\`;
the rule ids are in brackets. Where teams differ (casing, URL or header versioning) the choice is
set under \`conventions\` in the config, and \`bo context\` shows the conventions the code follows.

## RESTful design
[\`api/no-verbs-in-path\`, \`api/plural-collections\`, \`api/path-casing\`, \`api/no-trailing-slash\`, \`api/nesting-depth\`, \`api/method-semantics\`]

- Paths name resources, methods name actions.
  - Don't: \`POST /api/v1/createOrder\`, \`GET /api/v1/getUsers\`.
  - Do: \`POST /api/v1/orders\`, \`GET /api/v1/users\`.
- Collections are plural nouns: \`/users\`, \`/users/{id}\`.
- One casing for path segments (kebab-case by default: \`/order-items\`), no trailing slash.
- Nest at most three levels: \`/users/{id}/orders\` is fine, deeper chains are not.
- GET has no body; POST goes to a collection; PUT, PATCH and DELETE go to an item.

## Proper status codes
[\`api/create-returns-201\`, \`api/delete-returns-204\`, \`api/errors-not-200\`, \`api/declared-responses\`]

- A POST that creates answers **201** with a \`Location\` header; DELETE answers **204** (or 200
  with a body).
- Errors are never 200 with an error body.
- Every operation declares its success code and its 4xx: 401 where secured, 404 on items, 400/422
  where it takes a body. Bad input gives 400/422 and an unknown id 404, never a 500.

## Consistent naming
[\`api/param-naming\`, \`api/property-casing\`, \`api/query-casing\`]

- One style for path params (\`{userId}\` everywhere, not \`{user_id}\` in places), one for JSON
  properties (camelCase by default), one for query params.

## Versioning implemented
[\`api/versioning\`]

- Every endpoint carries the version: a path prefix \`/api/v1\` by default (or the header or media
  type the config names). The OpenAPI \`info.version\` is semver.
- A breaking change ships as a new major version; the old one is deprecated first
  [\`contract/breaking-change\`].

## Documentation updated
[\`api/documented\`, \`api/spec-drift\`, \`api/operation-docs\`]

- Every endpoint in the code is in the OpenAPI document and every documented one exists.
- Each operation has a summary, a unique operationId, and request and response schemas.

## Rate limiting configured
[\`api/rate-limit\`]

- A rate limiter (express-rate-limit, @fastify/rate-limit, @nestjs/throttler, hono-rate-limiter…)
  covers every endpoint. The spec declares 429; a burst gets 429 with \`Retry-After\` or
  \`RateLimit\` headers.

## Pagination
[\`api/pagination\`]

- Collection GETs are paginated: \`?limit=20&offset=40\` (default), \`?page=3&pageSize=20\`, or
  \`?cursor=…\` for large or fast-moving lists. Use the style the API already uses.
- Enforce a default and a maximum \`limit\`; a request over the maximum is clamped or refused
  with 400.
- Return the page with what is needed to get the next one:
  \`{ "data": [...], "pagination": { "limit": 20, "offset": 40, "total": 312 } }\` or a \`nextCursor\`.

## Filtering
[\`api/filtering\`]

- Filters are query params named after properties: \`GET /api/v1/products?category=books&minPrice=10\`.
- Sorting: \`?sort=-createdAt,name\` (a leading \`-\` means descending).
- Only declared filters exist; unknown or malformed ones give 400, never a silent full list.

## Error format
[\`api/error-format\`, \`contract/error-standard\`]

- One error shape everywhere: RFC 9457 problem details, \`Content-Type: application/problem+json\`.

\`\`\`json
{ "type": "https://example.com/problems/validation", "title": "Invalid input", "status": 422,
  "detail": "limit must be between 1 and 100", "instance": "/api/v1/products?limit=500" }
\`\`\`

- Never stack traces, SQL text or internal paths in a response.

## CORS
[\`api/cors\`]

- Allow the origins the frontends use, by name. Never \`Access-Control-Allow-Origin: *\` together
  with credentials.
`;
