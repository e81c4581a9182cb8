/**
 * The corpus model shared by every part of Lectern. Nothing here knows about Discord.
 */

/** A name in CSL-JSON: either a family/given pair or a literal (institutions, "United States. White House"). */
export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  'non-dropping-particle'?: string;
  'dropping-particle'?: string;
  literal?: string;
}

export interface CslDate {
  'date-parts'?: Array<Array<number>>;
  season?: number | string;
  literal?: string;
}

/**
 * The subset of CSL-JSON that Lectern reads and writes. Keys follow the CSL-JSON schema exactly so that
 * citation-js can consume the objects unchanged.
 */
export interface CslItem {
  id: string;
  type: CslType;
  title?: string;
  'title-short'?: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: CslDate;
  'container-title'?: string;
  'collection-title'?: string;
  number?: string;
  volume?: string;
  issue?: string;
  page?: string;
  edition?: string;
  publisher?: string;
  'publisher-place'?: string;
  event?: string;
  'event-title'?: string;
  'event-place'?: string;
  'event-date'?: CslDate;
  genre?: string;
  medium?: string;
  URL?: string;
  ISSN?: string;
  DOI?: string;
  note?: string;
  keyword?: string;
  abstract?: string;
  language?: string;
  'original-title'?: string;
  'translated-title'?: string;
}

export type CslType =
  | 'article-journal'
  | 'article-magazine'
  | 'article-newspaper'
  | 'book'
  | 'chapter'
  | 'paper-conference'
  | 'report'
  | 'speech'
  | 'hearing'
  | 'webpage'
  | 'post-weblog'
  | 'document';

/** The kind of work a reference-list entry points to, as a reader would name it. */
export type ReferenceKind =
  | 'journal-article'
  | 'book'
  | 'edited-volume'
  | 'chapter'
  | 'newspaper'
  | 'magazine'
  | 'testimony'
  | 'conference-paper'
  | 'web-page'
  | 'report';

export type PassageKind = 'paragraph' | 'abstract' | 'keywords' | 'reference';

/** Locator labels CSL defines that Lectern uses. */
export type CslLocatorLabel = 'paragraph' | 'page' | 'section' | 'chapter' | 'line' | 'note';

/**
 * Where in a work a citation points: a CSL locator (printed with the style's own label), or a literal
 * for parts CSL has no label for ("abstract", "keywords"), printed as written after the author-date part.
 */
export type Locator = { label: CslLocatorLabel; value: string } | { literal: string };

/** Character offsets of one sentence inside its passage's text: text.slice(start, end). */
export interface SentenceSpan {
  start: number;
  end: number;
}

export interface Passage {
  /** Stable across loads: `${documentId}#p5`, `${documentId}#abstract`, `${documentId}#keywords`, `${documentId}#ref12`. */
  id: string;
  documentId: string;
  kind: PassageKind;
  /** Paragraph number or reference number, counted from 1; 1 for the single abstract and keywords passages. */
  ordinal: number;
  /** What a reader writes after a quotation: "para. 5", "abstract", "keywords", "reference 12". */
  locator: string;
  text: string;
  sentences: SentenceSpan[];
  /**
   * The place as the citation formatter takes it, when it is not the paragraph number: `page` for a PDF, a
   * literal "ch. 3, para. 4" for an EPUB. Absent for data-directory documents, whose locators follow `kind`.
   */
  cslLocator?: Locator;
  /** The heading the passage sits under, when the file has headings. */
  section?: string;
  /** PDF page, from 1. */
  page?: number;
  /** EPUB chapter, from 1, counting the spine's documents that hold text. */
  chapter?: number;
}

export interface ReferenceEntry {
  /** Position in the document's reference list, from 1. */
  number: number;
  /** The entry exactly as printed in the source. */
  raw: string;
  kind: ReferenceKind;
  /** CSL-JSON for the cited work, holding only what the printed entry states. */
  csl: CslItem;
  /** What the parser could not read; empty when the entry was read fully. */
  problems: string[];
}

export interface LibraryDocument {
  id: string;
  /** The data file it came from, relative to the data directory. */
  file: string;
  /** A short label for lists and embeds, e.g. "Park (2013)". */
  shortTitle: string;
  /** Confirmed bibliographic facts only (data/README.md says which and where each comes from). */
  csl: CslItem;
  /** False when the corpus holds only parts of the work (e.g. abstract and references). */
  fullText: boolean;
  /** Said to readers wherever the missing full text matters. */
  coverageNote?: string;
  /** Text that belongs to the source but not to the argument (a series disclaimer); never indexed. */
  disclaimer?: string;
  /** A note about the author taken from the source (byline). */
  authorNote?: string;
  keywords: string[];
  passages: Passage[];
  references: ReferenceEntry[];
  /** Set for a reading a server added; absent for the shared data-directory library. */
  origin?: DocumentOrigin;
}

/** Where an added reading came from and who added it. */
export interface DocumentOrigin {
  guildId: string;
  format: 'pdf' | 'docx' | 'epub' | 'html' | 'markdown' | 'text';
  /** Hex SHA-256 of the original bytes, for spotting a second copy. */
  sha256: string;
  filename?: string;
  sourceUrl?: string;
  addedBy: string;
  /** Epoch milliseconds. */
  addedAt: number;
  /** Pages of a PDF, chapters of an EPUB. */
  pages?: number;
}

export interface Corpus {
  documents: readonly LibraryDocument[];
  passages: readonly Passage[];
  getDocument(id: string): LibraryDocument | undefined;
  getPassage(id: string): Passage | undefined;
}
