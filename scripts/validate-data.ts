/**
 * Loads data/ exactly as the bot does and prints what it holds. Every problem in every file is printed in
 * one run, each with file, line and field, and the script exits 1 when there is any, so `npm test` stops
 * on a broken data file before any suite runs. Files that are not documents are named and skipped; parse
 * warnings are printed, not fatal: the entries are kept and the warnings say what could not be read.
 */
import {
  CorpusError,
  type CorpusWarning,
  DATA_DIR,
  formatProblem,
  loadCorpus,
  type SkippedFile,
} from '../src/corpus/index.js';

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} ${count}`).join(', ') || 'none';
}

const dataDir = process.argv[2] ?? DATA_DIR;
const warnings: CorpusWarning[] = [];
const skipped: SkippedFile[] = [];
const printSkipped = () => {
  for (const file of skipped) console.warn(`warning: ${file.file}: ${file.reason}`);
};
try {
  const corpus = loadCorpus(dataDir, {
    onWarning: (warning) => warnings.push(warning),
    onSkippedFile: (file) => skipped.push(file),
  });
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
  printSkipped();
  console.log(`parse warnings: ${warnings.length}`);
  for (const warning of warnings) console.log(`  ${warning.file}: ${warning.field}: ${warning.message}`);
  console.log('data OK');
} catch (error) {
  printSkipped();
  if (!(error instanceof CorpusError)) throw error;
  const files = new Set(error.problems.map((problem) => problem.file)).size;
  console.error(
    `data: ${dataDir}: ${error.problems.length} ${error.problems.length === 1 ? 'problem' : 'problems'} in ${files} ${files === 1 ? 'file' : 'files'}`,
  );
  for (const problem of error.problems) console.error(`  ${formatProblem(problem)}`);
  process.exit(1);
}
