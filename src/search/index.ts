export { foldSpelling, processTerm, tokenize } from '../text/index.js';
export {
  createSearchEngine,
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
export { SEARCH_OPTIONS } from './options.js';
export type { ExcerptSegment, Searcher, SearchHit, SearchOptions, SentenceWindow } from './types.js';
