import { unzipSync } from 'fflate';
import { IngestError, type IngestFormat } from './types.js';

const EXTENSIONS: Record<string, IngestFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  epub: 'epub',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  text: 'text',
};

const CONTENT_TYPES: Record<string, IngestFormat> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/epub+zip': 'epub',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
};

const FORMAT_NAMES: Record<IngestFormat, string> = {
  pdf: 'a PDF',
  docx: 'a Word document (.docx)',
  epub: 'an EPUB book',
  html: 'a web page (HTML)',
  markdown: 'a Markdown file',
  text: 'a plain-text file',
};

export function describeFormat(format: IngestFormat): string {
  return FORMAT_NAMES[format];
}

/** Markdown and plain text are told apart by the name, never by the bytes: both are just text. */
function family(format: IngestFormat): string {
  return format === 'markdown' ? 'text' : format;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** Old binary Office files, and Office files saved with a password, which are wrapped in the same container. */
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export interface Detected {
  format: IngestFormat;
  /** The decoded text, for the text formats. */
  text?: string;
  /** The archive's entries that were read, for the zip formats. */
  entries?: Record<string, Uint8Array>;
}

/** Entries larger than this once unpacked are refused: a small archive may unpack to gigabytes. */
const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  let unpacked = 0;
  try {
    return unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) {
          throw new IngestError('too-large', 'The archive unpacks to more than 200 MB; it cannot be read.');
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(
      'corrupt',
      'The file looks like a zip archive but cannot be unpacked; it may be damaged.',
    );
  }
}

function sniffZip(bytes: Uint8Array): Detected {
  const entries = unzip(bytes);
  const mimetype = entries.mimetype ? new TextDecoder().decode(entries.mimetype).trim() : undefined;
  if (mimetype === 'application/epub+zip') return { format: 'epub', entries };
  if (entries['word/document.xml']) return { format: 'docx', entries };
  throw new IngestError(
    'unknown-type',
    'This zip archive is neither a Word document (.docx) nor an EPUB book; send one of those, or a PDF, web page, Markdown or text file.',
  );
}

function sniffText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** The tags that, opening a file, make browsers take it for HTML (the WHATWG MIME sniffing standard). */
const HTML_OPENING =
  /^<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(?:[\s>/]|$)/i;

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2048).trimStart();
  const afterXmlDeclaration = head.replace(/^<\?xml[^>]*>\s*/i, '');
  return (
    HTML_OPENING.test(afterXmlDeclaration) ||
    /^<html[\s>]/i.test(afterXmlDeclaration.replace(/^<!doctype[^>]*>\s*/i, ''))
  );
}

function declaredFormat(filename: string | undefined, contentType: string | undefined) {
  const extension = filename ? /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() : undefined;
  const byName = extension ? EXTENSIONS[extension] : undefined;
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const byType = mediaType ? CONTENT_TYPES[mediaType] : undefined;
  return { byName, byType, extension, mediaType };
}

/**
 * Tells the format from the bytes, then holds it against what the name and content type say: a `.pdf` that
 * holds a web page is refused rather than read as something it claims not to be.
 */
export function detectFormat(bytes: Uint8Array, filename?: string, contentType?: string): Detected {
  const declared = declaredFormat(filename, contentType);
  let detected: Detected;
  if (startsWith(bytes.subarray(0, 1024), PDF_SIGNATURE) || findPdfSignature(bytes))
    detected = { format: 'pdf' };
  else if (startsWith(bytes, ZIP_SIGNATURE)) detected = sniffZip(bytes);
  else if (startsWith(bytes, OLE_SIGNATURE)) {
    if (declared.byName === 'docx') {
      throw new IngestError(
        'encrypted',
        'This Word document is protected with a password; remove the password, save it again and resend it.',
      );
    }
    throw new IngestError(
      'unknown-type',
      'This is an old-style Office file (such as .doc); open it in Word or LibreOffice, save it as .docx or PDF, and send that.',
    );
  } else {
    const text = sniffText(bytes);
    if (text === undefined) {
      throw new IngestError(
        'unknown-type',
        'This file is not one Lectern can read; send a PDF, Word (.docx), EPUB, web page, Markdown or plain-text file.',
      );
    }
    if (looksLikeHtml(text)) detected = { format: 'html', text };
    else {
      const stated = declared.byName ?? declared.byType;
      const markdown = stated === 'markdown' || (stated === undefined && /^---\r?\n/.test(text));
      detected = { format: markdown ? 'markdown' : 'text', text };
    }
  }
  for (const [claimed, how] of [
    [declared.byName, `its name ends in .${declared.extension}`],
    [declared.byType, `it was sent as ${declared.mediaType}`],
  ] as const) {
    if (claimed && family(claimed) !== family(detected.format)) {
      throw new IngestError(
        'mismatched-type',
        `This file is ${describeFormat(detected.format)}, but ${how}, which says ${describeFormat(claimed)}. Check that it is the file you meant, and resend it with the right name.`,
      );
    }
  }
  return detected;
}

/** The PDF standard lets the signature sit anywhere in the first 1024 bytes (after a mail header, say). */
function findPdfSignature(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let index = 0; index + PDF_SIGNATURE.length <= head.length; index++) {
    if (startsWith(head, PDF_SIGNATURE, index)) return true;
  }
  return false;
}
