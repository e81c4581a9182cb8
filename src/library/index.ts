export { type ReadingSource, readingFromIngest, readingId, shortTitleOf } from './document.js';
export {
  corpusOf,
  Libraries,
  type LibrariesOptions,
  type LibraryChange,
  type LibraryListener,
  type LibraryView,
} from './libraries.js';
export {
  type AddedDocument,
  DuplicateReadingError,
  LibraryStore,
  type OriginalFile,
  storedDocumentSchema,
  type UnreadableReading,
} from './store.js';
