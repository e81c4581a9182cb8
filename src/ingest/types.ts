import type { CslDate, CslItem, DocumentOrigin, Passage, ReferenceEntry } from '../corpus/types.js';

/** The formats a reading can arrive in. */
export type IngestFormat = DocumentOrigin['format'];

export type IngestErrorCode =
  | 'too-large'
  | 'too-many-pages'
  | 'no-text'
  | 'encrypted'
  | 'corrupt'
  | 'unknown-type'
  | 'mismatched-type'
  | 'empty'
  | 'timeout';

/** A file that cannot be taken into the library; the message is written for the moderator who sent it. */
export class IngestError extends Error {
  override name = 'IngestError';
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    /** What went wrong underneath, for the log; never shown to the moderator. */
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface IngestInput {
  bytes: Uint8Array;
  filename?: string;
  /** As the sender declared it (an attachment's content type, an HTTP Content-Type header). */
  contentType?: string;
  /** Where the file or page was fetched from; the stated URL when the file itself states none. */
  sourceUrl?: string;
}

export interface IngestProgress {
  /** Pages for a PDF, chapters for an EPUB. */
  unit: 'page' | 'chapter';
  page: number;
  pages: number;
}

export interface IngestOptions {
  /** Default 20 MB. */
  maxBytes?: number;
  /** Default 500; a PDF's pages or an EPUB's chapters. */
  maxPages?: number;
  /** Default 60 000 ms; the worker is terminated when it runs longer. */
  timeoutMs?: number;
  /** Heap limit of the worker, default 512 MB. */
  maxMemoryMb?: number;
  /** The id the passages are numbered under; default `upload-` and the first 12 hex digits of the sha256. */
  documentId?: string;
  onProgress?: (progress: IngestProgress) => void;
}

/** Where a stated field came from, in words a moderator checking it understands: "PDF info dictionary (Title)". */
export type FieldSources = { [Field in keyof CslItem]?: string };

/** Only what the file itself states; a field nobody supplied is absent. */
export interface StatedMetadata {
  csl: Partial<CslItem>;
  sources: FieldSources;
  /** Identifiers the file gives that CSL has no field for here (an ISBN, a publisher's URN). */
  identifiers: string[];
  /** When the file (not the work) was made, from the file's own properties; never used as the issued date. */
  fileCreated?: { date: CslDate; source: string };
}

/** A passage with the place the file showed it at (`page`, `chapter`, `section`, `cslLocator`). */
export type IngestedPassage = Passage;

export interface IngestedHeading {
  text: string;
  /** 1 for a top-level heading. */
  level: number;
  page?: number;
  chapter?: number;
}

export interface IngestWarning {
  code: 'reference-unread' | 'headers-removed' | 'converter' | 'no-main-text' | 'pages-without-text';
  message: string;
}

export interface IngestedDocument {
  /** The id the passages were numbered under. */
  id: string;
  /** Hex SHA-256 of the bytes, for spotting a file that is already in the library. */
  sha256: string;
  format: IngestFormat;
  metadata: StatedMetadata;
  passages: IngestedPassage[];
  headings: IngestedHeading[];
  keywords: string[];
  references: ReferenceEntry[];
  /** Pages of a PDF, chapters of an EPUB. */
  pages?: number;
  warnings: IngestWarning[];
}
