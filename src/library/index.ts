export { type ReadingSource, readingFromIngest, readingId, shortTitleOf } from './document.js';
export { type DoiMetadata, lookUpDoi, normalizeDoi } from './doi.js';
export {
  FetchError,
  type FetchErrorCode,
  type FetchedFile,
  type FetchProgress,
  fetchAttachment,
  fetchDocument,
} from './fetch.js';
export {
  Libraries,
  type LibrariesOptions,
  type LibraryChange,
  type LibraryListener,
  type LibraryView,
} from './libraries.js';
export {
  applyEdit,
  type ClearableField,
  CSL_TYPE_OF_READING,
  type MissingField,
  parseAuthors,
  READING_TYPES,
  type ReadingType,
  type SettledCsl,
  type SettledMetadata,
  type SuppliedMetadata,
  settleMetadata,
  titleFromFilename,
} from './metadata.js';
export {
  type AddedDocument,
  DuplicateReadingError,
  LibraryStore,
  type OriginalFile,
  storedDocumentSchema,
  type UnreadableReading,
} from './store.js';
