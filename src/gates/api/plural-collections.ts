import { defineRule } from '../define.js';
import { locate, segmentPattern } from './support/locate.js';
import { isNonCollectionWord, isPluralWord, pluralOf, segmentWords } from './support/nouns.js';
import { describe, isNameSegment, resourceSegments } from './support/paths.js';
import { routesInCode } from './support/routes.js';

export default defineRule({
  id: 'api/plural-collections',
  area: 'api',
  checklist: 'RESTful design',
  severity: 'warning',
  docs: {
    description:
      'A collection is named with a plural noun, and its items are addressed below it: `/users` and `/users/{id}`. A singular noun in front of an id (`/user/{id}`) makes clients guess which form each resource uses. Singletons and uncountables (`/me`, `/auth`, `/health`, `/search`, `/stats`, `/profile`, `/settings`) are not collections and pass.',
    failing: "router.get('/user/:id', getUser);\nrouter.get('/order-item/:id', getItem);",
    passing: "router.get('/users/:id', getUser);\nrouter.get('/order-items/:id', getItem);\nrouter.get('/me', getMe);",
    whenNotToUse: 'When the API follows a documented singular-collection convention (some JSON:API and Rails-era APIs do).',
  },
  check(context, reporter) {
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const seen = new Set<string>();
    for (const { endpoint, file, line } of endpoints) {
      const segments = resourceSegments(endpoint.path);
      // A static segment right before a param addresses an item of a collection: that segment is the collection.
      segments.forEach((segment, i) => {
        const next = segments[i + 1];
        if (!next?.param || next.text === '{wildcard}' || !isNameSegment(segment) || isNonCollectionWord(segment.text)) return;
        const words = segmentWords(segment.text);
        if (isPluralWord(words[words.length - 1] ?? '')) return;
        const where = locate(context, { file, line }, segmentPattern(segment.text));
        const key = `${segment.text}@${where.file}:${where.line}`;
        if (seen.has(key)) return;
        seen.add(key);
        const plural = pluralOf(segment.text);
        reporter.report({
          ...where,
          subject: endpoint.id,
          message: `the collection '${segment.text}' in ${describe(endpoint)} is singular: its items are addressed as '${segment.text}/${next.text}'`,
          hint: `Name the collection in the plural: '/${plural}' and '/${plural}/${next.text}' (keep the old path as a redirect if clients use it).`,
        });
      });
    }
  },
});
