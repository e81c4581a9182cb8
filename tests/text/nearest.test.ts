import { describe, expect, it } from 'vitest';
import { editDistance, nearestName } from '../../src/text/nearest.js';

describe('did you mean', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('volumme', 'volume')).toBe(1);
    expect(editDistance('documnet', 'document')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('ignores case, so a capitalisation slip is the closest match', () => {
    expect(nearestName('fulltext', ['id', 'shortTitle', 'fullText', 'coverageNote'])).toBe('fullText');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(nearestName('reviewer', ['id', 'shortTitle', 'fullText'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });
});
