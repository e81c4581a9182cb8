import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Corpus, Passage } from '../../src/corpus/types.js';
import { checkQuote, type QuoteCheck, type WordEdits } from '../../src/quotes/verify.js';
import { createSearchEngine } from '../../src/search/index.js';
import { passageSentences, tokenSpans } from '../../src/text/index.js';
import type { MeasureQuality, QualityReport } from './figures.js';

/**
 * Quotation cases made from the library itself: every argument sentence quoted verbatim, with one word
 * changed at its end (a variant of the source's word) or in its middle (an unrelated word), with a word
 * added and with a word left out. What the answer must be follows from the change made, so the suite holds
 * for any library, not only the one it runs on today.
 */

interface QuoteCase {
  name: string;
  quotation: string;
  passage: Passage;
  /** The source's words the answer must show, exactly as printed. */
  sourceText: string;
  verdict: 'verified' | 'close';
  edits?: WordEdits;
}

const MIN_CASE_WORDS = 8;
const UNRELATED_WORD = 'zebra';

function casesFor(corpus: Corpus): QuoteCase[] {
  const cases: QuoteCase[] = [];
  for (const passage of corpus.passages) {
    if (passage.kind !== 'paragraph' && passage.kind !== 'abstract') continue;
    passageSentences(passage).forEach((sentence, index) => {
      const words = tokenSpans(sentence.text);
      const first = words[0];
      const last = words[words.length - 1];
      if (!first || !last || words.length < MIN_CASE_WORDS) return;
      const name = `${passage.id} sentence ${index + 1}`;
      const wordsText = sentence.text.slice(first.start, last.end);
      const base = { passage, sourceText: wordsText };
      cases.push({ name: `${name} verbatim`, quotation: sentence.text, ...base, verdict: 'verified' });
      const middle = words[Math.floor(words.length / 2)] ?? first;
      const replace = (at: { start: number; end: number }, by: string) =>
        sentence.text.slice(first.start, at.start) + by + sentence.text.slice(at.end, last.end);
      cases.push({
        name: `${name}, last word made plural`,
        quotation: replace(last, `${last.token}s`),
        ...base,
        verdict: 'close',
        edits: { substitutions: 1, insertions: 0, deletions: 0 },
      });
      cases.push({
        name: `${name}, middle word replaced`,
        quotation: replace(middle, UNRELATED_WORD),
        ...base,
        verdict: 'close',
        edits: { substitutions: 1, insertions: 0, deletions: 0 },
      });
      cases.push({
        name: `${name}, word added`,
        quotation: replace(middle, `${middle.token} ${UNRELATED_WORD}`),
        ...base,
        verdict: 'close',
        edits: { substitutions: 0, insertions: 1, deletions: 0 },
      });
      cases.push({
        name: `${name}, word left out`,
        quotation: sentence.text.slice(first.start, middle.start) + sentence.text.slice(middle.end, last.end),
        ...base,
        verdict: 'close',
        edits: { substitutions: 0, insertions: 0, deletions: 1 },
      });
    });
  }
  return cases;
}

/** What is wrong with an answer, or undefined when it is right. */
function wrongness(testCase: QuoteCase, result: QuoteCheck): string | undefined {
  if (result.verdict !== testCase.verdict) return `verdict ${result.verdict}, not ${testCase.verdict}`;
  if (result.span.passage.id !== testCase.passage.id) return `found in ${result.span.passage.id}`;
  if (result.verdict === 'verified') {
    const quoted = testCase.quotation;
    return result.span.sourceText === quoted ? undefined : `source reads "${result.span.sourceText}"`;
  }
  if (result.span.sourceText !== testCase.sourceText) return `source reads "${result.span.sourceText}"`;
  const expected = testCase.edits;
  if (expected && JSON.stringify(result.edits) !== JSON.stringify(expected))
    return `edits ${JSON.stringify(result.edits)}, not ${JSON.stringify(expected)}`;
  if (result.similarity >= 1) return 'claims every word matches';
  return undefined;
}

export const measure: MeasureQuality = async (): Promise<QualityReport> => {
  const corpus = loadCorpus(DATA_DIR);
  const search = createSearchEngine(corpus);
  const cases = casesFor(corpus);
  const failures: string[] = [];
  for (const testCase of cases) {
    const problem = wrongness(testCase, checkQuote(testCase.quotation, corpus, search));
    if (problem) failures.push(`${testCase.name}: ${problem}`);
  }
  return {
    suite: 'quote',
    cases: cases.length,
    figures: [
      {
        name: 'quote verdicts wrong',
        value: failures.length,
        unit: 'count',
        target: '= 0',
        pass: failures.length === 0,
      },
    ],
    failures,
  };
};
