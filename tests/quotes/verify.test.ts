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

  it('shows the whole source span, never cutting the last word the quotation changed', () => {
    const result = checkQuote(
      'Coercive engagement is not for threatening punishment, but for demonstrating our will and capabilities',
      corpus,
      search,
    );
    expect(result.verdict).toBe('close');
    if (result.verdict !== 'close') return;
    expect(result.span.sourceText).toBe(
      'Coercive engagement is not for threatening punishment, but for demonstrating our will and capability',
    );
    expect(result.diff.filter((part) => part.kind === 'removed').map((part) => part.text)).toEqual([
      'capability',
    ]);
    expect(result.diff.filter((part) => part.kind === 'added').map((part) => part.text)).toEqual([
      'capabilities',
    ]);
  });

  it('does not verify a quotation that stops inside a word', () => {
    const result = checkQuote('but for demonstrating our will and capab', corpus, search);
    expect(result.verdict).toBe('close');
    if (result.verdict !== 'close') return;
    expect(result.span.sourceText).toBe('but for demonstrating our will and capability');
  });

  it('counts every substitution, insertion and deletion against the match', () => {
    const result = checkQuote(
      'It should be noted that the essential mission of the UNSC is not to dismantle North Korea’s nuclear programme.',
      corpus,
      search,
    );
    expect(result.verdict).toBe('close');
    if (result.verdict !== 'close') return;
    expect(result.span.sourceText).toBe(
      "It should be noted that the essential mission of the UNSC is not to dismantle North Korea's nuclear program",
    );
    expect(result.edits).toEqual({ substitutions: 1, insertions: 0, deletions: 0 });
    expect(result.matchedWords).toBe(18);
    expect(result.similarity).toBeCloseTo(18 / 19);

    const dropped = checkQuote(
      'the essential mission of the UNSC is to dismantle the nuclear program of North Korea',
      corpus,
      search,
    );
    expect(dropped.verdict).toBe('close');
    if (dropped.verdict !== 'close') return;
    expect(dropped.edits.deletions).toBeGreaterThan(0);
    expect(dropped.edits.insertions).toBeGreaterThan(0);
    expect(dropped.similarity).toBeLessThan(0.9);
  });

  it('shows the reader’s words and the source’s, each in its own case', () => {
    const result = checkQuote(
      'coercive engagement is not for threatening punishment, but for SHOWING our will and capability',
      corpus,
      search,
    );
    expect(result.verdict).toBe('close');
    if (result.verdict !== 'close') return;
    expect(result.diff[0]).toEqual({
      kind: 'same',
      text: 'Coercive engagement is not for threatening punishment, but for',
    });
    expect(result.diff.find((part) => part.kind === 'added')?.text).toBe('SHOWING');
    expect(result.diff.find((part) => part.kind === 'removed')?.text).toBe('demonstrating');
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
