import { DATA_DIR, loadCorpus } from './src/corpus/index.js';
import { compareOnTopic, compareOverall } from './src/extract/compare.js';
import { summarize } from './src/extract/summary.js';
import { createSearchEngine } from './src/search/index.js';
const corpus = loadCorpus(process.env.DATA ?? DATA_DIR);
const search = createSearchEngine(corpus);
const mode = process.argv[2];
if (mode === 'overall') console.log(JSON.stringify(compareOverall(corpus, search, corpus.documents), null, 1));
else if (mode === 'topic') console.log(JSON.stringify(compareOnTopic(corpus, search, corpus.documents.map(d=>d.id), process.argv[3]), null, 1));
else for (const d of corpus.documents) { const s = summarize(d, corpus, mode as any); console.log(d.id, s.sentences.map(x=>x.locator+': '+x.text), s.keyTerms.map(k=>`${k.term} (${k.count})`).join(' · ')); }
