import { performance } from 'node:perf_hooks';
import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import { createSearchEngine } from '../src/search/index.js';
import { benchQueries, mulberry32, syntheticCorpus, vocabularyFrom } from './synthetic.js';

/** One corpus size per process, so heap and RSS figures belong to that size alone. Prints one JSON line. */
const size = process.argv[2] ?? 'real';
const queryCount = Number.parseInt(process.argv[3] ?? '2000', 10);
const random = mulberry32(20130212);
const realCorpus = loadCorpus(DATA_DIR);
const corpus =
  size === 'real'
    ? realCorpus
    : syntheticCorpus(
        Number.parseInt(size, 10),
        vocabularyFrom(realCorpus, Number.parseInt(size, 10) / 4, random),
        random,
      );
const words = vocabularyFrom(corpus, 0, random);
// A bot answers for days, so latency is measured warm: first a pass over as many other queries of the same
// kinds, which lets the JIT settle and the caches (term memo, excerpt analysis) fill as they would in use.
const warmUpQueries = benchQueries(words, queryCount, random);
const queries = benchQueries(words, queryCount, random);

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const buildStart = performance.now();
const engine = createSearchEngine(corpus);
const buildMs = performance.now() - buildStart;

/** What /search does per query: rank, then build the excerpts of the first page (five results). */
const searchLikeTheBot = (query: string) => {
  const results = engine.search(query, { limit: 25 });
  let characters = 0;
  for (const hit of results.slice(0, 5)) characters += hit.excerpt.length;
  return { count: results.length, characters };
};
for (const query of warmUpQueries) searchLikeTheBot(query);
const latencies: number[] = [];
let hits = 0;
for (const query of queries) {
  const start = performance.now();
  hits += searchLikeTheBot(query).count;
  latencies.push(performance.now() - start);
}
latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
gc?.();
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    size,
    passages: corpus.passages.length,
    buildMs,
    queries: queries.length,
    p50: percentile(50),
    p99: percentile(99),
    max: latencies.at(-1) ?? 0,
    hitsPerQuery: hits / queries.length,
    indexHeapMb: (memory.heapUsed - heapBefore) / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
  }),
);
