import type { Passage } from '../corpus/types.js';
import { describeFormat, detectFormat } from './detect.js';
import {
  type Block,
  buildStructure,
  CHAPTER_LOCATORS,
  type LocatorStyle,
  PAGE_LOCATORS,
  PARAGRAPH_LOCATORS,
} from './structure.js';
import {
  IngestError,
  type IngestedDocument,
  type IngestFormat,
  type IngestInput,
  type IngestProgress,
  type IngestWarning,
  type StatedMetadata,
} from './types.js';

export interface ExtractRequest extends Omit<IngestInput, 'bytes'> {
  documentId: string;
  sha256: string;
  maxPages: number;
}

interface Read {
  format: IngestFormat;
  blocks: Block[];
  metadata: StatedMetadata;
  warnings: IngestWarning[];
  pages?: number;
  locators: LocatorStyle;
}

const emptyMetadata = (): StatedMetadata => ({ csl: {}, sources: {}, identifiers: [] });

/**
 * Reads a file into a library document. Each format's reader is imported only when needed: a fresh worker
 * reading a Word file need not load the PDF engine. It parses what may be a hostile file, so `ingest` runs it inside a
 * worker with memory and time limits; call it directly only on trusted bytes.
 */
export async function extract(
  bytes: Uint8Array,
  request: ExtractRequest,
  onProgress: (progress: IngestProgress) => void = () => {},
): Promise<IngestedDocument> {
  const detected = detectFormat(bytes, request.filename, request.contentType);
  const base = { id: request.documentId, sha256: request.sha256, format: detected.format };
  let read: Read;
  switch (detected.format) {
    case 'pdf': {
      const { readPdf } = await import('./pdf.js');
      const pdf = await readPdf(bytes, {
        maxPages: request.maxPages,
        onPage: (page, pages) => onProgress({ unit: 'page', page, pages }),
      });
      read = { format: 'pdf', ...pdf, locators: PAGE_LOCATORS };
      break;
    }
    case 'docx': {
      const { readDocx } = await import('./docx.js');
      const docx = await readDocx(bytes, detected.entries ?? {});
      read = { format: 'docx', ...docx, locators: PARAGRAPH_LOCATORS };
      break;
    }
    case 'epub': {
      const { readEpub } = await import('./epub.js');
      const epub = readEpub(detected.entries ?? {}, {
        maxPages: request.maxPages,
        onChapter: (page, pages) => onProgress({ unit: 'chapter', page, pages }),
      });
      read = { format: 'epub', ...epub, pages: epub.chapters, locators: CHAPTER_LOCATORS };
      break;
    }
    case 'html': {
      const { readHtml } = await import('./html.js');
      const html = readHtml(detected.text ?? '');
      read = { format: 'html', ...html, locators: PARAGRAPH_LOCATORS };
      break;
    }
    case 'markdown': {
      const { readMarkdown } = await import('./text.js');
      const markdown = readMarkdown(detected.text ?? '', request.filename ?? 'upload.md');
      if (markdown.kind === 'library') {
        const { document } = markdown;
        const { id: _id, ...csl } = document.csl;
        const sources = Object.fromEntries(Object.keys(csl).map((key) => [key, `front matter (csl.${key})`]));
        const result: IngestedDocument = {
          ...base,
          id: document.id,
          metadata: { csl, sources, identifiers: [] },
          passages: document.passages as Passage[],
          headings: [],
          keywords: document.keywords,
          references: document.references,
          warnings: markdown.warnings.map((message) => ({ code: 'reference-unread', message })),
        };
        return checkHasText(result);
      }
      read = {
        format: 'markdown',
        blocks: markdown.blocks,
        metadata: markdown.metadata,
        warnings: [],
        locators: PARAGRAPH_LOCATORS,
      };
      break;
    }
    case 'text': {
      const { readText } = await import('./text.js');
      read = {
        format: 'text',
        blocks: readText(detected.text ?? ''),
        metadata: emptyMetadata(),
        warnings: [],
        locators: PARAGRAPH_LOCATORS,
      };
      break;
    }
  }
  if (request.sourceUrl && read.metadata.csl.URL === undefined) {
    read.metadata.csl.URL = request.sourceUrl;
    read.metadata.sources.URL = 'the address it was fetched from';
  }
  const structure = buildStructure(read.blocks, request.documentId, read.locators);
  return checkHasText({
    ...base,
    metadata: read.metadata,
    passages: structure.passages,
    headings: structure.headings,
    keywords: structure.keywords,
    references: structure.references,
    ...(read.pages === undefined ? {} : { pages: read.pages }),
    warnings: [...read.warnings, ...structure.warnings],
  });
}

function checkHasText(document: IngestedDocument): IngestedDocument {
  if (document.passages.length === 0) {
    throw new IngestError(
      'empty',
      `This file (${describeFormat(document.format)}) holds no text to add to the library.`,
    );
  }
  return document;
}
