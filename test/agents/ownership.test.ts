import { describe, expect, it } from 'vitest';
import { KEPT_CHANGED, decide, digest } from '../../src/agents/ownership.js';

const desired = 'ours v2';
const base = { exists: true, desired, lastWritten: digest('ours v1'), force: false };

describe('decide', () => {
  it('creates a missing file', () => {
    expect(decide({ ...base, exists: false, part: { kind: 'absent' } })).toEqual({ outcome: 'created', write: true });
  });

  it('adds our part to an existing file without it', () => {
    expect(decide({ ...base, part: { kind: 'absent' } })).toEqual({ outcome: 'updated', write: true });
  });

  it('leaves a file whose part is already what we want', () => {
    expect(decide({ ...base, part: { kind: 'present', canonical: desired } })).toEqual({ outcome: 'unchanged', write: false });
    expect(decide({ ...base, lastWritten: undefined, part: { kind: 'present', canonical: desired } })).toEqual({ outcome: 'unchanged', write: false });
  });

  it('updates a part that is still what we wrote last', () => {
    expect(decide({ ...base, part: { kind: 'present', canonical: 'ours v1' } })).toEqual({ outcome: 'updated', write: true });
  });

  it('keeps a part the user changed, unless forced', () => {
    const edited = { ...base, part: { kind: 'present' as const, canonical: 'ours v1, edited' } };
    expect(decide(edited)).toEqual({ outcome: 'kept', write: false, reason: KEPT_CHANGED });
    expect(decide({ ...edited, force: true })).toEqual({ outcome: 'updated', write: true });
    // Never written by us (no record) and different: the user's file.
    expect(decide({ ...edited, lastWritten: undefined })).toEqual({ outcome: 'kept', write: false, reason: KEPT_CHANGED });
  });

  it('never rewrites a file it cannot read, even when forced', () => {
    const unreadable = { ...base, force: true, part: { kind: 'unreadable' as const, reason: '.mcp.json:1:2: bad' } };
    expect(decide(unreadable)).toEqual({ outcome: 'kept', write: false, reason: '.mcp.json:1:2: bad' });
  });
});
