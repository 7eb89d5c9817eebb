import { describe, expect, it } from 'vitest';
import { parseStructured, StructuredParseError } from '../../src/core/structured.js';

describe('parseStructured', () => {
  it('reads JSON by file name or first character, and YAML otherwise', async () => {
    expect(await parseStructured('a.json', '{"tasks": {"defaultPriority": "high"}}')).toEqual({ tasks: { defaultPriority: 'high' } });
    expect(await parseStructured('tasks.txt', '  [1, 2]')).toEqual([1, 2]);
    expect(await parseStructured('a.yaml', 'tasks:\n  defaultPriority: low\n')).toEqual({ tasks: { defaultPriority: 'low' } });
  });

  it('locates the first error in either', async () => {
    const json = await parseStructured('a.json', '{\n  "stateDir": }').catch((error: unknown) => error);
    expect(json).toBeInstanceOf(StructuredParseError);
    expect(json).toMatchObject({ line: 2, column: expect.any(Number) });
    const yaml = await parseStructured('a.yaml', 'tasks:\n  - a\n  b: [\n').catch((error: unknown) => error);
    expect(yaml).toBeInstanceOf(StructuredParseError);
    expect((yaml as StructuredParseError).line).toBeGreaterThanOrEqual(2);
  });
});
