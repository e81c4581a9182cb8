import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import { buildPostings } from '../src/search/engine.js';
import { planQuery } from '../src/search/plan.js';
import { buildThesaurus } from '../src/search/thesaurus.js';
import { buildVocabulary } from '../src/search/vocabulary.js';
const corpus = loadCorpus(DATA_DIR);
const ctx = { postings: buildPostings(corpus), vocabulary: buildVocabulary(corpus), thesaurus: buildThesaurus(), passageCount: corpus.passages.length };
for (const q of process.argv.slice(2)) {
  const p = planQuery(q, ctx);
  console.log('==', q, p.intent, p.coverageTotal.toFixed(2), [...p.namedDocuments]);
  p.concepts.forEach((c, i) => console.log('  ', c.typed, c.term, c.weight.toFixed(2), c.entity ? 'ENT' : '', c.author ? 'AUTH' : '', p.covered[i] ? '' : 'uncovered', c.matches.map(m => m.term + ':' + m.kind[0] + (m.phrase ?? '')).join(' ')));
}
