import { describe, expect, it } from 'vitest';
import { measure } from './search.quality.js';
import { SEED_CASES } from './search-cases.js';

describe('search quality', () => {
  it('asks enough questions of the seed library, in every style', () => {
    expect(SEED_CASES.questions.length).toBeGreaterThanOrEqual(100);
    expect(SEED_CASES.offTopic.length).toBeGreaterThanOrEqual(15);
    const kinds = new Set(SEED_CASES.questions.map((question) => question.kind));
    for (const kind of ['topic', 'long', 'typo', 'entity', 'author', 'argument', 'bibliography'] as const)
      expect(kinds).toContain(kind);
  });

  it('meets every target', async () => {
    const report = await measure();
    const missed = report.figures.filter((figure) => !figure.pass);
    expect(missed.map((figure) => `${figure.name}: ${figure.value} (target ${figure.target})`)).toEqual([]);
  }, 60_000);
});
