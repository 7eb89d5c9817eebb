import { describe, expect, it } from 'vitest';
import { BoError } from '../../src/core/errors.js';
import { endMarker, findSections, MARKERS_NOTE, mergeDocument, startMarker, type DocSection } from '../../src/docs/markers.js';

const options = { title: 'Backend developer guide', file: 'backend-developer.md' };
const sections = (version: string): DocSection[] => [
  { id: 'endpoints', content: `## Endpoints\n\nendpoints ${version}` },
  { id: 'schema', content: `## Schema\n\nschema ${version}` },
];

function thrown(fn: () => unknown): BoError {
  try {
    fn();
  } catch (error) {
    return error as BoError;
  }
  throw new Error('expected an error');
}

describe('mergeDocument', () => {
  it('a new document gets the title, the note on the markers and every section between markers', () => {
    const doc = mergeDocument(undefined, sections('v1'), options);
    expect(doc.startsWith('# Backend developer guide\n\n')).toBe(true);
    expect(doc).toContain(MARKERS_NOTE);
    expect(doc).toContain(`${startMarker('endpoints')}\n## Endpoints\n\nendpoints v1\n\n${endMarker('endpoints')}`);
    expect(doc.indexOf(startMarker('endpoints'))).toBeLessThan(doc.indexOf(startMarker('schema')));
    expect(doc.endsWith('\n')).toBe(true);
  });

  it('replaces only the marked parts and keeps every hand-written line around them', () => {
    const first = mergeDocument(undefined, sections('v1'), options);
    const edited = first
      .replace('# Backend developer guide\n', '# Backend developer guide\n\nOur on-call rota is in the wiki.\n')
      .replace(`${endMarker('endpoints')}\n`, `${endMarker('endpoints')}\n\n## Notes by hand\n\nAsk Dana before changing /api/orders.\n`)
      .concat('\nFooter written by a person.\n');
    const merged = mergeDocument(edited, sections('v2'), options);
    expect(merged).toContain('Our on-call rota is in the wiki.');
    expect(merged).toContain('## Notes by hand\n\nAsk Dana before changing /api/orders.');
    expect(merged).toContain('Footer written by a person.');
    expect(merged).toContain('endpoints v2');
    expect(merged).not.toContain('endpoints v1');
    expect(merged).toBe(edited.replace('endpoints v1', 'endpoints v2').replace('schema v1', 'schema v2'));
  });

  it('is idempotent: merging the same sections again changes no byte', () => {
    const hand = '# My own title\n\nIntro by hand.\n';
    const once = mergeDocument(hand, sections('v1'), options);
    expect(mergeDocument(once, sections('v1'), options)).toBe(once);
    const fresh = mergeDocument(undefined, sections('v1'), options);
    expect(mergeDocument(fresh, sections('v1'), options)).toBe(fresh);
  });

  it('appends a section that has no markers yet, after the hand-written text', () => {
    const hand = '# My own title\n\nIntro by hand.';
    const merged = mergeDocument(hand, sections('v1'), options);
    expect(merged.startsWith('# My own title\n\nIntro by hand.\n\n<!-- bo:generated:endpoints:start -->')).toBe(true);
    const withoutSchema = merged.slice(0, merged.indexOf(startMarker('schema')));
    const again = mergeDocument(withoutSchema, sections('v2'), options);
    expect(again).toContain('endpoints v2');
    expect(again).toContain(`${startMarker('schema')}\n## Schema\n\nschema v2`);
  });

  it('leaves sections it does not know alone, and markers inside a closed code fence are text', () => {
    const doc = [
      '# Guide',
      '```md',
      startMarker('endpoints'),
      'an example in a code block',
      '```',
      startMarker('legacy'),
      'kept as it is',
      endMarker('legacy'),
      '',
    ].join('\n');
    const merged = mergeDocument(doc, sections('v1'), options);
    expect(merged.startsWith(doc)).toBe(true);
    expect(merged).toContain('an example in a code block');
    expect(merged).toContain('kept as it is');
    expect(merged.split(startMarker('endpoints'))).toHaveLength(3);
  });

  it('an unclosed fence hides nothing, so appended sections are found on the next run', () => {
    const once = mergeDocument('# Guide\n\n```\nunclosed\n', sections('v1'), options);
    expect(mergeDocument(once, sections('v1'), options)).toBe(once);
  });

  it('keeps CRLF line endings', () => {
    const crlf = mergeDocument(undefined, sections('v1'), options).replace(/\n/g, '\r\n');
    const merged = mergeDocument(crlf, sections('v2'), options);
    expect(merged).toContain('endpoints v2\r\n');
    expect(merged.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('malformed markers are errors naming the line, never an overwrite', () => {
  const merge = (doc: string) => () => mergeDocument(doc, sections('v2'), options);

  it('a start marker without an end', () => {
    const doc = `# Guide\n\n${startMarker('endpoints')}\nold\n\nHand-written text that must survive.\n`;
    const error = thrown(merge(doc));
    expect(error).toBeInstanceOf(BoError);
    expect(error.code).toBe('BO_ERR_INPUT_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('backend-developer.md:3:');
    expect(error.message).toContain(`add ${endMarker('endpoints')}`);
  });

  it('a start marker followed by another start marker', () => {
    const doc = `${startMarker('endpoints')}\nold\n${startMarker('schema')}\nx\n${endMarker('schema')}\n`;
    expect(thrown(merge(doc)).message).toMatch(/:1: .*no end marker before the next start marker \(line 3\)/);
  });

  it('an end marker without a start', () => {
    const doc = `# Guide\n${endMarker('endpoints')}\n`;
    expect(thrown(merge(doc)).message).toMatch(/backend-developer\.md:2: .*has no start marker above it/);
  });

  it('an end marker of another section', () => {
    const doc = `${startMarker('endpoints')}\nold\n${endMarker('schema')}\n`;
    expect(thrown(merge(doc)).message).toMatch(/:3: .*closes a section that is not open/);
  });

  it('a duplicated section', () => {
    const pair = `${startMarker('endpoints')}\nold\n${endMarker('endpoints')}\n`;
    const error = thrown(merge(`${pair}\nbetween\n\n${pair}`));
    expect(error.message).toMatch(/:7: a second <!-- bo:generated:endpoints:start --> \(the first is on line 1\)/);
    expect((error.details as { line: number }).line).toBe(7);
  });

  it('a well-formed document passes findSections with each pair located', () => {
    const doc = mergeDocument(undefined, sections('v1'), options).split('\n');
    const found = findSections(doc);
    expect(found.map((f) => f.id)).toEqual(['endpoints', 'schema']);
    expect(doc[found[0]!.start]).toBe(startMarker('endpoints'));
    expect(doc[found[0]!.end]).toBe(endMarker('endpoints'));
  });
});
