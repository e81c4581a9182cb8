import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type { CorpusProblem, CorpusWarning, LoadCorpusOptions, SkippedFile } from './load.js';
export { CorpusError, DOCUMENT_FORMAT, formatProblem, loadCorpus } from './load.js';
export { parseNames, parseReference } from './references.js';
export { splitSentences } from './sentences.js';
export type * from './types.js';

/**
 * The repository root is the nearest folder above this module holding package.json. Walking up, rather
 * than a fixed "../../", keeps DATA_DIR right both when run from src/ with tsx and from a compiled dist/.
 */
function findRepositoryRoot(start: string): string {
  let directory = start;
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) return path.resolve(start, '..', '..');
    directory = parent;
  }
  return directory;
}

/** Absolute path of the repository's data/ directory. */
export const DATA_DIR = path.join(findRepositoryRoot(path.dirname(fileURLToPath(import.meta.url))), 'data');
