import { performance } from 'node:perf_hooks';
import { corpusOf } from '../src/corpus/corpus.js';
import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import type { LibraryDocument } from '../src/corpus/types.js';
import { createSearchEngine } from '../src/search/index.js';
import { createMonolithicEngine } from '../tests/search/monolithic/engine.js';
import { syntheticReading } from '../tests/search/readings.js';
import { benchQueries, mulberry32, vocabularyFrom } from './synthetic.js';

/**
 * One server view per process: the real library (shared) and one synthetic reading of `size` passages.
 * Measures what a server pays when it adds one more 300-passage reading: the segmented engine builds that
 * reading's segment and composes the view; the engine before segmentation (the oracle kept in
 * tests/search/monolithic) re-tokenized every passage of the view. Then search latency on both, warm.
 * Prints one JSON line.
 */
const size = Number.parseInt(process.argv[2] ?? '2000', 10);
const runs = Number.parseInt(process.argv[3] ?? '5', 10);
const queryCount = Number.parseInt(process.argv[4] ?? '1000', 10);
const random = mulberry32(20261201);
const shared = loadCorpus(DATA_DIR);
const words = vocabularyFrom(shared, size / 4, random);
const view = corpusOf([...shared.documents, syntheticReading('solberg-2024', size, words, random)]);
const additions = Array.from({ length: runs }, (_, index) =>
  syntheticReading(`addition-${index}`, 300, words, random),
);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const timed = (work: () => void) => {
  const start = performance.now();
  work();
  return performance.now() - start;
};
const grown = (addition: LibraryDocument) => corpusOf([...view.documents, addition]);

// The view as a server has it: its documents' segments already built.
const coldViewMs = timed(() => createSearchEngine(view));
// Each run adds a different new reading (a new object, no segment yet) to the same cached view.
const addMs = median(additions.map((addition) => timed(() => createSearchEngine(grown(addition)))));
// The same grown views again: every segment cached, so this is composition alone.
const composeMs = median(additions.map((addition) => timed(() => createSearchEngine(grown(addition)))));
const monolithicMs = median(
  additions.map((addition) => timed(() => createMonolithicEngine(grown(addition)))),
);

const final = grown(additions[0] as LibraryDocument);
const composed = createSearchEngine(final);
const monolithic = createMonolithicEngine(final);
const queryWords = vocabularyFrom(final, 0, random);
const warmUp = benchQueries(queryWords, queryCount, random);
const queries = benchQueries(queryWords, queryCount, random);

/** What /search does per query: rank, then build the excerpts of the first page (five results). */
function latencies(engine: { search: typeof composed.search }): { p50: number; p99: number } {
  const searchLikeTheBot = (query: string) => {
    for (const hit of engine.search(query, { limit: 25 }).slice(0, 5)) void hit.excerpt.length;
  };
  for (const query of warmUp) searchLikeTheBot(query);
  const measured = queries.map((query) => timed(() => searchLikeTheBot(query))).sort((a, b) => a - b);
  const percentile = (p: number) =>
    measured[Math.min(measured.length - 1, Math.floor((p / 100) * measured.length))] ?? 0;
  return { p50: percentile(50), p99: percentile(99) };
}
// Alternated, twice, and the second round kept: neither engine alone enjoys a warmer JIT or cache.
latencies(monolithic);
latencies(composed);
const monolithicLatency = latencies(monolithic);
const composedLatency = latencies(composed);

console.log(
  JSON.stringify({
    size,
    passages: final.passages.length,
    documents: final.documents.length,
    runs,
    coldViewMs,
    addMs,
    composeMs,
    monolithicMs,
    queries: queries.length,
    composed: composedLatency,
    monolithic: monolithicLatency,
  }),
);
