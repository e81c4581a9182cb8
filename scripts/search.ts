import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import { createSearchEngine } from '../src/search/index.js';

/** Tries the retrieval core without Discord: npm run search -- "your question" [--document id] [--limit n] */
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return undefined;
  const [value] = args.splice(index, 2).slice(1);
  return value;
};
const documentId = option('document');
const limit = Number.parseInt(option('limit') ?? '5', 10);
const query = args.join(' ').trim();
if (!query) {
  console.error(
    'Usage: npm run search -- "what should the UN Security Council do?" [--document park-2013] [--limit 5]',
  );
  process.exit(1);
}
const corpus = loadCorpus(DATA_DIR);
const engine = createSearchEngine(corpus);
const hits = engine.search(query, { documentId, limit });
if (hits.length === 0) {
  const help = engine.explainNoResults(query);
  console.log(`No passage answers "${query}" closely enough.`);
  if (help.spelling.length > 0) console.log(`Did you mean: ${help.spelling.join(', ')}`);
  if (help.related.length > 0) console.log(`Related terms in the library: ${help.related.join(', ')}`);
  process.exit(0);
}
hits.forEach((hit, index) => {
  const excerpt = hit.segments
    .map((segment) => (segment.match ? `*${segment.text}*` : segment.text))
    .join('');
  console.log(
    `${index + 1}. ${hit.document.shortTitle}, ${hit.passage.locator}  (score ${hit.score.toFixed(2)})`,
  );
  console.log(`   ${excerpt}\n`);
});
