/**
 * Loads data/ exactly as the bot does and prints what it holds. Exits 1 when any file is malformed, so
 * `npm test` stops on a broken data file before any suite runs. Parse warnings are printed, not fatal:
 * the entries are kept and the warnings say what could not be read.
 */
import { type CorpusWarning, DATA_DIR, loadCorpus } from '../src/corpus/index.js';

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} ${count}`).join(', ') || 'none';
}

const dataDir = process.argv[2] ?? DATA_DIR;
const warnings: CorpusWarning[] = [];
try {
  const corpus = loadCorpus(dataDir, { onWarning: (warning) => warnings.push(warning) });
  console.log(`data: ${dataDir}`);
  console.log(`documents: ${corpus.documents.length}, passages: ${corpus.passages.length}`);
  for (const document of corpus.documents) {
    const clean = document.references.filter((reference) => reference.problems.length === 0).length;
    console.log(
      `- ${document.id} (${document.file}): ${document.shortTitle}, ${document.fullText ? 'full text' : 'partial text'}`,
    );
    console.log(`    passages: ${countBy(document.passages, (passage) => passage.kind)}`);
    if (document.references.length > 0) {
      console.log(`    references: ${document.references.length} (${clean} read cleanly)`);
      console.log(`    reference kinds: ${countBy(document.references, (reference) => reference.kind)}`);
    }
  }
  console.log(`parse warnings: ${warnings.length}`);
  for (const warning of warnings) console.log(`  ${warning.file}: ${warning.field}: ${warning.message}`);
  console.log('data OK');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
