import { personName } from '../corpus/names.js';
import type { LibraryDocument } from '../corpus/types.js';
import { SEARCH_OPTIONS } from './options.js';
import { PostingsIndex, type SerializedPostings } from './postings.js';
import { passageKinds } from './rank.js';
import { type DocumentVocabulary, documentVocabulary } from './vocabulary.js';

/**
 * Everything search knows about one library document that does not depend on the rest of the view: its
 * passages' postings, its share of the vocabulary and its passages' kinds. Built once, from the document's
 * text, and shared by every view holding the document; a view composes its documents' segments.
 */
export interface Segment {
  readonly documentId: string;
  readonly passageCount: number;
  readonly postings: PostingsIndex;
  readonly vocabulary: DocumentVocabulary;
  readonly kinds: Uint8Array;
}

/** Bumped whenever the indexed fields, term processing or a segment's layout change: old JSON is refused. */
export const SEGMENT_VERSION = 3;

/** What the index holds for each passage. */
export interface IndexedPassage {
  id: string;
  documentId: string;
  text: string;
  /** The authors of the passage's document. */
  byline: string;
}

/** What the index holds for each passage of one document, in passage order. */
export function indexedPassagesOf(document: LibraryDocument): IndexedPassage[] {
  const byline = (document.csl.author ?? []).map(personName).join('; ');
  return document.passages.map((passage) => ({
    id: passage.id,
    documentId: document.id,
    text: passage.text,
    byline,
  }));
}

export function buildSegment(document: LibraryDocument): Segment {
  return {
    documentId: document.id,
    passageCount: document.passages.length,
    postings: PostingsIndex.build(indexedPassagesOf(document), SEARCH_OPTIONS.index),
    vocabulary: documentVocabulary(document),
    kinds: passageKinds(document.passages),
  };
}

// Keyed by the document object: documents never change once loaded (an edited reading is a new object), and
// two libraries in one process may use the same id for different documents.
const segments = new WeakMap<LibraryDocument, Segment>();

/** The document's segment, built on first use and then shared by every view holding this object. */
export function segmentFor(document: LibraryDocument): Segment {
  let segment = segments.get(document);
  if (!segment) {
    segment = buildSegment(document);
    segments.set(document, segment);
  }
  return segment;
}

/** Adopts a segment restored from JSON as the document's, unless it already has one. */
export function rememberSegment(document: LibraryDocument, segment: Segment): void {
  if (!segments.has(document)) segments.set(document, segment);
}

/** Stored index data that does not fit what it is offered for: another version, another document. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** A segment as plain JSON, to be stored beside its document so that loading it need not re-tokenize. */
export interface SerializedSegment {
  version: number;
  documentId: string;
  passageCount: number;
  postings: SerializedPostings;
  vocabulary: {
    /** [spelling, index term, count], in the order the document first wrote each spelling. */
    spellings: Array<[string, string, number]>;
    capitalised: string[];
    lowerCase: string[];
    personNames: string[];
    authorTerms: string[];
  };
}

export function segmentToJSON(segment: Segment): SerializedSegment {
  const { vocabulary } = segment;
  return {
    version: SEGMENT_VERSION,
    documentId: segment.documentId,
    passageCount: segment.passageCount,
    postings: segment.postings.toJSON(),
    vocabulary: {
      spellings: [...vocabulary.spellingTerms].map(([spelling, term]) => [
        spelling,
        term,
        vocabulary.spellingCounts.get(spelling) ?? 0,
      ]),
      capitalised: [...vocabulary.capitalised],
      lowerCase: [...vocabulary.lowerCase],
      personNames: [...vocabulary.personNames],
      authorTerms: [...vocabulary.authorTerms],
    },
  };
}

/**
 * The segment stored for `document`; refused (SnapshotError) when it was made by another version or
 * from another document. Only the passages' kinds are read from the document: nothing is tokenized.
 */
export function segmentFromJSON(json: SerializedSegment, document: LibraryDocument): Segment {
  if (json.version !== SEGMENT_VERSION)
    throw new SnapshotError(`search segment version ${json.version} is not ${SEGMENT_VERSION}; rebuild it`);
  if (
    json.documentId !== document.id ||
    json.passageCount !== document.passages.length ||
    json.postings.documentCount !== document.passages.length ||
    json.postings.fieldCount !== SEARCH_OPTIONS.index.fields.length
  )
    throw new SnapshotError(`search segment of ${json.documentId} does not fit document ${document.id}`);
  const { vocabulary } = json;
  return {
    documentId: document.id,
    passageCount: json.passageCount,
    postings: PostingsIndex.fromJSON(json.postings),
    vocabulary: {
      documentId: document.id,
      spellingCounts: new Map(vocabulary.spellings.map(([spelling, , count]) => [spelling, count])),
      spellingTerms: new Map(vocabulary.spellings.map(([spelling, term]) => [spelling, term])),
      capitalised: new Set(vocabulary.capitalised),
      lowerCase: new Set(vocabulary.lowerCase),
      personNames: new Set(vocabulary.personNames),
      authorTerms: new Set(vocabulary.authorTerms),
    },
    kinds: passageKinds(document.passages),
  };
}
