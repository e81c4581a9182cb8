import { getDocumentProxy } from 'unpdf';
import { documentVocabulary } from '../corpus/references.js';
import { MetadataCollector } from './metadata.js';
import { type Block, isSectionName, joinLines } from './structure.js';
import { IngestError, type IngestWarning, type StatedMetadata } from './types.js';

interface Line {
  text: string;
  x: number;
  y: number;
  height: number;
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

export interface PdfReadOptions {
  maxPages: number;
  onPage: (page: number, pages: number) => void;
}

export interface PdfRead {
  blocks: Block[];
  pages: number;
  metadata: StatedMetadata;
  warnings: IngestWarning[];
}

/** Titles that word processors write into the PDF by themselves; they name the file, not the work. */
const GENERATED_TITLE = /^(?:microsoft word\s*-|untitled\b)|\.(?:docx?|odt|rtf|pdf|tex|indd)$/i;

async function openPdf(bytes: Uint8Array) {
  try {
    // No eval of font programs (the way past exploits in PDF.js ran code) and no console noise in the bot's log.
    return await getDocumentProxy(bytes, { isEvalSupported: false, verbosity: 0, disableFontFace: true });
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new IngestError(
        'encrypted',
        'This PDF is protected with a password; save a copy without the password and send that.',
      );
    }
    throw new IngestError(
      'corrupt',
      'This PDF cannot be opened; it may be damaged or incomplete. Try saving or exporting it again.',
    );
  }
}

function linesOf(items: readonly TextItemLike[]): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  let lastEnd = 0;
  let breakAfter = false;
  for (const item of items) {
    const [, , , , x = 0, y = 0] = item.transform;
    const height = item.height || Math.abs(item.transform[3] ?? 0);
    if (item.str === '') {
      breakAfter ||= item.hasEOL;
      continue;
    }
    const sameLine = current && !breakAfter && Math.abs(current.y - y) <= Math.max(1, current.height * 0.5);
    if (current && sameLine) {
      const gap = x - lastEnd;
      const needsSpace = gap > height * 0.15 && !current.text.endsWith(' ') && !item.str.startsWith(' ');
      current.text += `${needsSpace ? ' ' : ''}${item.str}`;
    } else {
      current = { text: item.str, x, y, height };
      lines.push(current);
    }
    lastEnd = x + item.width;
    breakAfter = item.hasEOL;
  }
  for (const line of lines) line.text = line.text.replace(/\s+/g, ' ').trim();
  return lines.filter((line) => line.text !== '');
}

/** A page number standing alone: "7", "- 7 -", "Page 7 of 30", "vii"; an Arabic one is captured. */
const BARE_PAGE_NUMBER =
  /^[-–—\s]*(?:page\s+)?(?:(\d{1,4})|[ivxlc]{1,7})(?:\s*(?:of|\/)\s*\d{1,4})?[-–—\s]*$/i;

/**
 * The page numbers the work prints, when its pages carry them at a steady offset from their place in the
 * file (an article printed as pp. 578–580 is pages 1–3 of its PDF): readers cite the printed number. Needs
 * two pages or more and most of the numbered pages to agree; otherwise undefined, and pages are counted
 * in the file.
 */
function printedPageNumbers(pages: readonly Line[][]): Array<string | undefined> | undefined {
  const offsets = new Map<number, number>();
  let numbered = 0;
  pages.forEach((lines, index) => {
    const found = [...edgeLines(lines)].flatMap((line) => {
      const match = BARE_PAGE_NUMBER.exec(line.text);
      return match?.[1] ? [Number(match[1])] : [];
    });
    if (found.length === 0) return;
    numbered += 1;
    for (const offset of new Set(found.map((number) => number - (index + 1))))
      offsets.set(offset, (offsets.get(offset) ?? 0) + 1);
  });
  const [offset, agreeing] = [...offsets].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (offset === 0 || agreeing < 2 || agreeing < numbered * 0.6) return undefined;
  return pages.map((_lines, index) => (index + 1 + offset >= 1 ? String(index + 1 + offset) : undefined));
}

/**
 * The page labels the PDF itself defines (its /PageLabels: "i", "ii", "1" …), when they say more than
 * the file's own count; otherwise undefined.
 */
function definedPageLabels(
  labels: readonly string[] | null,
  pageCount: number,
): Array<string | undefined> | undefined {
  if (!labels || labels.length !== pageCount) return undefined;
  const cleaned = labels.map((label) => label.trim());
  if (cleaned.every((label, index) => label === '' || label === String(index + 1))) return undefined;
  return cleaned.map((label) => (label === '' ? undefined : label.slice(0, 20)));
}

/** The lines at the top and bottom of a page, where running heads and feet sit. */
function edgeLines(lines: readonly Line[]): Set<Line> {
  const byHeight = [...lines].sort((a, b) => b.y - a.y);
  // On a short page (a slide, a title page) two lines at each edge would be all of it.
  const depth = lines.length > 6 ? 2 : 1;
  return new Set([...byHeight.slice(0, depth), ...byHeight.slice(-depth)]);
}

function runningKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ');
}

/**
 * Drops running headers and footers: a line at the top or bottom of a page that recurs (numbers aside) on
 * most pages, or on most pages of one side (books run the author on left pages, the title on right ones),
 * and bare page numbers there. A line that recurs on only a few pages is kept: it may be text.
 */
function removeRunningLines(pages: Line[][]): number {
  const edges = pages.map((lines) => edgeLines(lines));
  const counts = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  edges.forEach((edge, index) => {
    for (const key of new Set([...edge].map((line) => runningKey(line.text)))) {
      for (const count of [counts[0], counts[1 + (index % 2)]]) count?.set(key, (count.get(key) ?? 0) + 1);
    }
  });
  const withText = [0, 1, 2].map(
    (side) =>
      pages.filter((lines, index) => lines.length > 0 && (side === 0 || index % 2 === side - 1)).length,
  );
  const recurs = (key: string, side: number) => {
    const pagesOfSide = withText[side] ?? 0;
    const needed = Math.max(2, Math.ceil(pagesOfSide * 0.6));
    return (counts[side]?.get(key) ?? 0) >= needed;
  };
  let removed = 0;
  pages.forEach((lines, index) => {
    const edge = edges[index] ?? new Set<Line>();
    const kept = lines.filter((line) => {
      if (!edge.has(line)) return true;
      const key = runningKey(line.text);
      const running =
        BARE_PAGE_NUMBER.test(line.text) ||
        ((withText[0] ?? 0) >= 3 && recurs(key, 0)) ||
        ((withText[0] ?? 0) >= 4 && recurs(key, 1 + (index % 2)));
      if (running) removed++;
      return !running;
    });
    lines.splice(0, lines.length, ...kept);
  });
  return removed;
}

const BROKEN_HEAD = /(\p{L}+)-$/u;
const BROKEN_TAIL = /^(\p{L}+)/u;

/**
 * The words the document prints whole, leaving out the pieces around a hyphen at a line's end, so that the
 * pieces of "para-/graph" do not count as words of their own.
 */
function wholeWords(pages: readonly Line[][]) {
  const texts: string[] = [];
  for (const lines of pages) {
    lines.forEach((line, index) => {
      let text = line.text;
      if (BROKEN_HEAD.test(text)) text = text.replace(/\S+$/, '');
      if (index > 0 && BROKEN_HEAD.test(lines[index - 1]?.text ?? '')) text = text.replace(/^\S+/, '');
      texts.push(text);
    });
  }
  return documentVocabulary(texts);
}

/**
 * Mends a word a line break split after a hyphen, moving its second part up to the first line. The hyphen
 * is dropped only when the second part goes on in lower case and either the joined word is printed elsewhere
 * or the second part is no word of its own; otherwise ("well-/known" beside "known") the hyphen is kept.
 */
function mendHyphens(lines: Line[], vocabulary: ReturnType<typeof documentVocabulary>): void {
  for (let index = 0; index + 1 < lines.length; index++) {
    const line = lines[index];
    const next = lines[index + 1];
    if (!line || !next) continue;
    const head = BROKEN_HEAD.exec(line.text)?.[1];
    const tail = BROKEN_TAIL.exec(next.text)?.[1];
    if (!head || !tail) continue;
    const joined = `${head}${tail}`.toLowerCase();
    const printedWhole = vocabulary.words.has(joined);
    const printedHyphenated = vocabulary.hyphenated.has(`${head}-${tail}`.toLowerCase());
    const tailIsWord = vocabulary.words.has(tail.toLowerCase());
    // A capital after the hyphen ("Nunn-/Lugar") marks a compound of names: the hyphen is the compound's.
    const join = /^\p{Ll}/u.test(tail) && (printedWhole || (!tailIsWord && !printedHyphenated));
    line.text = `${join ? line.text.slice(0, -1) : line.text}${tail}`;
    next.text = next.text.slice(tail.length).trim();
  }
}

/**
 * Splits a page's lines into paragraphs at a wider gap than the document's usual line spacing, or an indent.
 * Lines set larger than the body text form a heading of their own (a title may take two lines); so does a
 * line that is only a section's name ("References").
 */
function paragraphsOf(lines: readonly Line[], headingHeight: number, usualGap: number | undefined): Line[][] {
  const lefts = new Map<number, number>();
  for (const line of lines) lefts.set(Math.round(line.x), (lefts.get(Math.round(line.x)) ?? 0) + 1);
  const margin = [...lefts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;

  const paragraphs: Line[][] = [];
  lines.forEach((line, index) => {
    const previous = lines[index - 1];
    const current = paragraphs[paragraphs.length - 1];
    const gap = previous ? previous.y - line.y : 0;
    // Larger type sits on wider spacing: a two-line title is not two paragraphs.
    const scale = Math.max(1, (line.height * 1.15) / headingHeight);
    const wideGap = usualGap !== undefined && gap > usualGap * 1.3 * scale + 0.5;
    const indented = line.x - margin > line.height * 0.8 && (previous?.x ?? margin) <= margin + 1;
    const large = (candidate: Line) => candidate.height >= headingHeight;
    const headingBoundary =
      previous !== undefined &&
      (isSectionName(line.text) ||
        isSectionName(previous.text) ||
        large(line) !== large(previous) ||
        (large(line) && Math.abs(line.height - previous.height) > 0.5));
    if (!current || !previous || wideGap || gap < 0 || indented || headingBoundary) {
      paragraphs.push([line]);
    } else current.push(line);
  });
  return paragraphs;
}

/**
 * The usual distance between lines: the most common gap between consecutive lines in the whole document, so
 * that a page holding only a few paragraphs is still split where its gaps are wider than that.
 */
function usualLineGap(pages: readonly Line[][], headingHeight: number): number | undefined {
  const gaps = new Map<number, number>();
  for (const lines of pages) {
    lines.slice(1).forEach((line, index) => {
      const previous = lines[index];
      if (!previous || previous.height >= headingHeight || line.height >= headingHeight) return;
      const gap = Math.round(previous.y - line.y);
      if (gap > 0) gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
    });
  }
  return [...gaps.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

/** The size most of the text is set in, weighted by characters. */
function bodyHeight(pages: readonly Line[][]): number {
  const characters = new Map<number, number>();
  for (const line of pages.flat()) {
    const height = Math.round(line.height * 2) / 2;
    characters.set(height, (characters.get(height) ?? 0) + line.text.length);
  }
  return [...characters.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? Number.POSITIVE_INFINITY;
}

function readMetadata(meta: { info: object; metadata: unknown }): StatedMetadata {
  const collector = new MetadataCollector();
  const xmp = meta.metadata as { get(name: string): unknown } | null;
  const xmpValue = (name: string): string[] => {
    const value = xmp?.get(name);
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === 'string');
    return [];
  };
  const info = (name: string): string | undefined => {
    const value = (meta.info as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  for (const [title, source] of [
    [xmpValue('dc:title')[0], 'PDF XMP metadata (dc:title)'],
    [info('Title'), 'PDF info dictionary (Title)'],
  ] as const) {
    if (title && !GENERATED_TITLE.test(title.trim())) collector.text('title', title, source);
  }
  collector.authors(xmpValue('dc:creator'), 'PDF XMP metadata (dc:creator)');
  collector.authors([info('Author')], 'PDF info dictionary (Author)');
  collector.date(xmpValue('dc:date')[0], 'PDF XMP metadata (dc:date)');
  collector.identifier(xmpValue('prism:doi')[0], 'PDF XMP metadata (prism:doi)');
  collector.text('keyword', info('Keywords'), 'PDF info dictionary (Keywords)');
  collector.text('language', info('Language'), 'PDF catalog (Lang)');
  collector.fileCreated(xmpValue('xmp:createdate')[0] ?? info('CreationDate'), 'PDF creation date');
  return collector.metadata;
}

export async function readPdf(bytes: Uint8Array, options: PdfReadOptions): Promise<PdfRead> {
  const pdf = await openPdf(bytes);
  try {
    const pageCount = pdf.numPages;
    if (pageCount > options.maxPages) {
      throw new IngestError(
        'too-many-pages',
        `This PDF has ${pageCount} pages; the library takes at most ${options.maxPages}. Split it into parts and add them one by one.`,
      );
    }
    const pages: Line[][] = [];
    for (let number = 1; number <= pageCount; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(linesOf(content.items as TextItemLike[]));
      page.cleanup();
      options.onPage(number, pageCount);
    }
    const emptyPages = pages.flatMap((lines, index) => (lines.length === 0 ? [index + 1] : []));
    if (emptyPages.length === pageCount) {
      throw new IngestError(
        'no-text',
        'This PDF has no text layer (it looks like a scan or images of pages). Lectern cannot read text from images (OCR is not supported); send a PDF with selectable text.',
      );
    }
    const warnings: IngestWarning[] = [];
    if (emptyPages.length > 0) {
      warnings.push({
        code: 'pages-without-text',
        message: `${emptyPages.length} of ${pageCount} pages have no text layer and were left out (${formatPageList(emptyPages)}).`,
      });
    }
    // Read before the running lines (page numbers among them) are dropped.
    const labels = definedPageLabels(await pdf.getPageLabels(), pageCount) ?? printedPageNumbers(pages);
    const removed = removeRunningLines(pages);
    if (removed > 0) {
      warnings.push({
        code: 'headers-removed',
        message: `${removed} running header, footer and page-number lines were left out.`,
      });
    }
    const vocabulary = wholeWords(pages);
    const headingHeight = bodyHeight(pages) * 1.15;
    const lineGap = usualLineGap(pages, headingHeight);
    const blocks: Block[] = [];
    pages.forEach((lines, index) => {
      mendHyphens(lines, vocabulary);
      for (const paragraph of paragraphsOf(
        lines.filter((line) => line.text !== ''),
        headingHeight,
        lineGap,
      )) {
        const texts = paragraph.map((line) => line.text);
        const text = joinLines(texts);
        const heading = paragraph.every((line) => line.height >= headingHeight) && text.length <= 200;
        const pageLabel = labels?.[index];
        blocks.push({
          kind: heading ? 'heading' : 'paragraph',
          text,
          page: index + 1,
          ...(pageLabel === undefined ? {} : { pageLabel }),
          lines: texts,
        });
      }
    });
    const metadata = readMetadata(await pdf.getMetadata());
    return { blocks, pages: pageCount, metadata, warnings };
  } finally {
    await pdf.destroy();
  }
}

function formatPageList(pages: readonly number[]): string {
  const shown = pages.slice(0, 10).join(', ');
  return `${pages.length === 1 ? 'page' : 'pages'} ${shown}${pages.length > 10 ? ', …' : ''}`;
}
