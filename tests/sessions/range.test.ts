import { describe, expect, it } from 'vitest';
import type { Passage } from '../../src/corpus/types.js';
import { findPassage, resolvePassageRange } from '../../src/sessions/index.js';

const passages: Passage[] = [
  {
    id: 'j#abstract',
    documentId: 'j',
    kind: 'abstract',
    ordinal: 1,
    locator: 'abstract',
    text: 'A',
    sentences: [],
  },
  ...[1, 2, 3].map(
    (n): Passage => ({
      id: `j#ref${n}`,
      documentId: 'j',
      kind: 'reference',
      ordinal: n,
      locator: `reference ${n}`,
      text: `R${n}`,
      sentences: [],
    }),
  ),
];

describe('resolvePassageRange', () => {
  it('accepts ids, short ids, locators and bare numbers', () => {
    expect(findPassage(passages, 'j#ref2')?.id).toBe('j#ref2');
    expect(findPassage(passages, 'ref2')?.id).toBe('j#ref2');
    expect(findPassage(passages, 'Reference 3')?.id).toBe('j#ref3');
    expect(findPassage(passages, '1')?.id).toBe('j#ref1');
    expect(findPassage(passages, 'abstract')?.id).toBe('j#abstract');
    expect(findPassage(passages, '9')).toBeUndefined();
  });

  it('returns the inclusive range, defaulting to the whole document', () => {
    expect(resolvePassageRange(passages, 'abstract', '2')).toEqual({ passages: passages.slice(0, 3) });
    expect(resolvePassageRange(passages)).toEqual({ passages });
  });

  it('explains unknown or backwards bounds', () => {
    expect(resolvePassageRange(passages, '3', '1')).toMatchObject({
      error: expect.stringMatching(/backwards/),
    });
    expect(resolvePassageRange(passages, 'para. 40')).toMatchObject({
      error: expect.stringMatching(/para. 40/),
    });
  });
});
