import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

export { corpusOf } from './corpus.js';
export type { CorpusProblem, CorpusWarning, LoadCorpusOptions, SkippedFile } from './load.js';
export { CorpusError, DOCUMENT_FORMAT, formatProblem, loadCorpus } from './load.js';
export { parseNames, parseReference } from './references.js';
export { splitSentences } from './sentences.js';
export type * from './types.js';

/** Absolute path of the repository's data/ directory. */
export const DATA_DIR = path.join(PROJECT_ROOT, 'data');
