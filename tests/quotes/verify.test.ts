import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { checkQuote, cleanQuotation, foldWithMap } from '../../src/quotes/verify.js';
import { createSearchEngine } from '../../src/search/index.js';

const corpus = loadCorpus(DATA_DIR);
const search = createSearchEngine(corpus);

describe('folding', () => {
  it('ignores case, whitespace, typographic quotes and dashes, and maps back to the source', () => {
    const source = 'the “military option” – while   respecting';
    const { folded, map } = foldWithMap(source);
    expect(folded).toBe('the "military option" - while respecting');
    expect(source[map[folded.indexOf('while')] ?? -1]).toBe('w');
  });

  it('strips the quotation marks and ellipses around a quote', () => {
    expect(cleanQuotation('  “…the UNSC should begin…”  ')).toBe('the UNSC should begin');
  });
});

describe('checkQuote', () => {
  it('verifies an exact quotation typed with straight quotes, other case and spacing', () => {
    const result = checkQuote(
      '"the UNSC should begin considering all available options including even the MILITARY option -   while respecting its Charter"',
      corpus,
      search,
    );
    expect(result.verdict).toBe('verified');
    if (result.verdict !== 'verified') return;
    expect(result.span.passage.id).toBe('park-2013#p5');
    expect(result.span.sourceText).toBe(
      'the UNSC should begin considering all available options including even the military option – while respecting its Charter',
    );
  });

  it('finds the source of a misquotation and marks the differences word by word', () => {
    const result = checkQuote(
      'Coercive engagement is not for threatening punishment, but for showing our will and capability',
      corpus,
      search,
    );
    expect(result.verdict).toBe('close');
    if (result.verdict !== 'close') return;
    expect(result.span.passage.id).toBe('park-2013#p6');
    expect(result.span.sourceText).toContain('demonstrating our will and capability');
    const removed = result.diff.filter((part) => part.kind === 'removed').map((part) => part.text.trim());
    const added = result.diff.filter((part) => part.kind === 'added').map((part) => part.text.trim());
    expect(removed).toContain('demonstrating');
    expect(added).toContain('showing');
  });

  it('says plainly when nothing matches and offers the nearest passage', () => {
    const result = checkQuote(
      'North Korea should be invited to join the European Union immediately',
      corpus,
      search,
    );
    expect(result.verdict).toBe('none');
    if (result.verdict !== 'none') return;
    expect(result.nearest).toBeDefined();
    expect(checkQuote('photosynthesis converts light into chemical energy', corpus, search)).toEqual({
      verdict: 'none',
    });
  });

  it('handles empty and hostile input', () => {
    expect(checkQuote('   ', corpus, search).verdict).toBe('none');
    expect(checkQuote('@everyone ```x```', corpus, search).verdict).toBe('none');
    expect(() => checkQuote('x'.repeat(6000), corpus, search)).not.toThrow();
  });
});
