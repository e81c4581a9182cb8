import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import { createSearchEngine } from '../src/search/index.js';
import { planQuery } from '../src/search/plan.js';
const corpus = loadCorpus(DATA_DIR);
const engine = createSearchEngine(corpus);
for (const q of process.argv.slice(2)) {
  console.log('==', q);
  for (const h of engine.search(q, { limit: 6 })) console.log(' ', h.passage.id, h.score.toFixed(2), h.matchedTerms.join(','), '|', h.segments.filter(s=>s.match).map(s=>s.text).join(','), JSON.stringify(h.sentenceWindow));
}
