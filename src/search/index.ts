export { foldSpelling, processTerm, tokenize } from '../text/index.js';
export {
  createSearchEngine,
  INDEX_OPTIONS,
  MAX_QUERY_CHARS,
  MAX_QUERY_TERMS,
  type NoResultsHelp,
  normalizeQuery,
  RELEVANCE_FLOOR,
  type SearchEngine,
  type SearchSnapshot,
  SNAPSHOT_VERSION,
  SnapshotError,
} from './engine.js';
export { EXCERPT_MAX_CHARS } from './excerpt.js';
export type { ExcerptSegment, Searcher, SearchHit, SearchOptions } from './types.js';
