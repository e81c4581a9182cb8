import { sameFamily } from '../../src/compare/index.js';
import type { Corpus } from '../../src/corpus/types.js';
import type { Searcher, SearchHit, SearchOptions } from '../../src/search/types.js';
import { termKey, tokenize } from '../../src/summary/index.js';

/**
 * A small but real searcher, independent of the project's engine: a passage's score is the IDF-weighted
 * share of the query's words it contains (same word family counts), and passages below `floor` are not hits.
 * It lets the comparison logic be tested against a second, simpler notion of relevance.
 */
export function termOverlapSearcher(corpus: Corpus, floor = 0.5): Searcher {
  const passageTerms = new Map(
    corpus.passages.map((passage) => [
      passage.id,
      new Set(tokenize(passage.text).flatMap((token) => termKey(token.form) ?? [])),
    ]),
  );
  const contains = (terms: Set<string>, term: string) => [...terms].some((own) => sameFamily(own, term));
  const idf = (term: string) => {
    const holding = corpus.passages.filter((passage) =>
      contains(passageTerms.get(passage.id) ?? new Set(), term),
    ).length;
    return Math.log(1 + corpus.passages.length / (1 + holding));
  };
  return {
    search(query: string, options: SearchOptions = {}): SearchHit[] {
      const terms = [...new Set(tokenize(query).flatMap((token) => termKey(token.form) ?? []))];
      if (terms.length === 0) return [];
      const weights = terms.map(idf);
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      const hits: SearchHit[] = [];
      for (const passage of corpus.passages) {
        if (options.documentId && passage.documentId !== options.documentId) continue;
        if (options.filter && !options.filter(passage)) continue;
        const own = passageTerms.get(passage.id) ?? new Set<string>();
        const matched = terms.filter((term) => contains(own, term));
        const share =
          matched.reduce((sum, term) => sum + (weights[terms.indexOf(term)] ?? 0), 0) / (total || 1);
        if (share < floor) continue;
        const document = corpus.getDocument(passage.documentId);
        if (!document) continue;
        hits.push({
          passage,
          document,
          score: share,
          excerpt: passage.text.slice(0, 300),
          segments: [{ text: passage.text.slice(0, 300), match: false }],
          matchedTerms: matched,
        });
      }
      hits.sort((a, b) => b.score - a.score || a.passage.id.localeCompare(b.passage.id));
      return hits.slice(0, options.limit ?? 10);
    },
    suggest(prefix: string, options: { documentId?: string; limit?: number } = {}): string[] {
      const lower = prefix.toLowerCase();
      const words = new Set<string>();
      for (const passage of corpus.passages) {
        if (options.documentId && passage.documentId !== options.documentId) continue;
        for (const token of tokenize(passage.text)) {
          if (token.form.toLowerCase().startsWith(lower)) words.add(token.form.toLowerCase());
        }
      }
      return [...words].sort().slice(0, options.limit ?? 8);
    },
  };
}
