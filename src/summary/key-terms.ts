import type { TermCounter } from './text.js';

export interface KeyTerm {
  /** As printed in the document (its most frequent mid-sentence form), e.g. "coercive engagement". */
  term: string;
  /** Stemmed key; two terms with the same key are the same term ("engagement", "engaging"). */
  key: string;
  /** Occurrences in the document's own text (paragraphs, abstract, keywords). */
  count: number;
  /** Log-odds z-score against the rest of the library: higher is more distinctive. */
  score: number;
}

/** A term must occur this often in a document to be called one of its key terms. */
const MIN_COUNT = 2;

/**
 * Distinctive terms by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
 * 2008, "Fightin' Words", eq. 22): this document against the rest of the library, with the whole library's
 * counts as the prior, reported as a z-score. A word both documents use heavily ("North Korea") scores low;
 * a word only one uses, and often, scores high.
 */
export function logOddsKeyTerms(own: TermCounter, rest: readonly TermCounter[], limit: number): KeyTerm[] {
  const restCounts = new Map<string, number>();
  let restTotal = 0;
  for (const counter of rest) {
    for (const [key, count] of counter.counts) restCounts.set(key, (restCounts.get(key) ?? 0) + count);
    restTotal += counter.total;
  }
  // The prior is the library's own counts (alpha_w = y_w), so alpha_0 is the library's size.
  const priorTotal = own.total + restTotal;
  const scored: KeyTerm[] = [];
  for (const [key, count] of own.counts) {
    if (count < MIN_COUNT) continue;
    const restCount = restCounts.get(key) ?? 0;
    const alpha = count + restCount;
    const logOddsOwn = Math.log((count + alpha) / (own.total + priorTotal - count - alpha));
    const logOddsRest = Math.log((restCount + alpha) / (restTotal + priorTotal - restCount - alpha));
    const variance = 1 / (count + alpha) + 1 / (restCount + alpha);
    scored.push({
      term: own.surface(key),
      key,
      count,
      score: (logOddsOwn - logOddsRest) / Math.sqrt(variance),
    });
  }
  // A term this document uses less than the rest of the library does is not one of its key terms.
  const distinctive = scored.filter((term) => term.score > 0);
  distinctive.sort((a, b) => b.score - a.score || b.count - a.count || a.term.localeCompare(b.term));
  return dropSubsumedWords(distinctive.slice(0, limit * 2)).slice(0, limit);
}

/**
 * A phrase in the list makes its words redundant unless they also stand on their own: "coercive
 * engagement" (5) hides "coercive" (6) but not "engagement" (12), which occurs often outside the phrase.
 */
function dropSubsumedWords(terms: KeyTerm[]): KeyTerm[] {
  const phrases = terms.filter((term) => term.key.includes(' '));
  return terms.filter((term) => {
    if (term.key.includes(' ')) return true;
    const inPhrases = phrases
      .filter((phrase) => phrase.key.split(' ').includes(term.key))
      .reduce((sum, phrase) => sum + phrase.count, 0);
    return term.count - inPhrases >= MIN_COUNT;
  });
}
