import type { Locator } from '../citations/format.js';
import { makePassage } from '../corpus/load.js';
import { documentVocabulary, parseReference } from '../corpus/references.js';
import type { ReferenceEntry } from '../corpus/types.js';
import type { IngestedHeading, IngestedPassage, IngestWarning } from './types.js';

/** One unit of text as a format reader found it, before the library's structure is recognised. */
export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
  /** Heading level, 1 for the top. */
  level?: number;
  /** The page's place in the file, from 1. */
  page?: number;
  /** The page as the work prints or labels it ("579", "vii"), when that is known and differs from `page`. */
  pageLabel?: string;
  chapter?: number;
  /**
   * The printed lines of a paragraph, when the format has lines (PDF): a reference list set without space
   * between entries is told apart by where lines start.
   */
  lines?: string[];
}

export interface Structure {
  passages: IngestedPassage[];
  headings: IngestedHeading[];
  keywords: string[];
  references: ReferenceEntry[];
  warnings: IngestWarning[];
}

type Role = 'abstract' | 'keywords' | 'references';

const SECTION_ROLES: Array<[RegExp, Role]> = [
  [/^(?:abstract|summary)$/i, 'abstract'],
  [/^(?:key\s?words|index terms)$/i, 'keywords'],
  [/^(?:references|bibliography|works cited|literature cited|references cited)$/i, 'references'],
];

function roleOf(heading: string): Role | undefined {
  const bare = heading
    .trim()
    .replace(/^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+/, '')
    .replace(/[.:]$/, '');
  return SECTION_ROLES.find(([pattern]) => pattern.test(bare))?.[1];
}

/** A line that is only the name of a section with a role: "References", "2. Abstract". */
export function isSectionName(text: string): boolean {
  return text.length <= 40 && roleOf(text) !== undefined;
}

/** "Abstract: …" or "Keywords — …" opening a paragraph, as papers without headings print them. */
const INLINE_LABEL = /^(abstract|key\s?words|index terms)\s*[:.—–-]\s+(.+)$/is;

/** A line that opens a Chicago/APA-style entry: "Family, G." or "Family, Given". */
const ENTRY_START = /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)*,\s+\p{Lu}/u;

/** Splits a paragraph of a reference list printed without gaps into its entries. */
function referenceEntries(block: Block): string[] {
  if (!block.lines || block.lines.length < 2) return [block.text];
  const entries: string[][] = [];
  for (const line of block.lines) {
    const current = entries[entries.length - 1];
    const previous = current?.[current.length - 1];
    if (!current || (previous !== undefined && /[.)]$/.test(previous) && ENTRY_START.test(line))) {
      entries.push([line]);
    } else current.push(line);
  }
  return entries.map((lines) => joinLines(lines));
}

/** Joins printed lines with spaces; a hyphen the line break left has already been dealt with by the reader. */
export function joinLines(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
    .replace(/\s+/g, ' ');
}

export interface LocatorStyle {
  /** What a reader writes after a quotation from a page's paragraph or a chapter's `withinChapter`-th. */
  paragraph: (block: Block, ordinal: number, withinChapter: number) => string;
  /** The same place as a CSL locator, for the citation formatter. */
  csl: (block: Block, ordinal: number, withinChapter: number) => Locator;
}

export const PARAGRAPH_LOCATORS: LocatorStyle = {
  paragraph: (_block, ordinal) => `para. ${ordinal}`,
  csl: (_block, ordinal) => ({ label: 'paragraph', value: String(ordinal) }),
};
export const PAGE_LOCATORS: LocatorStyle = {
  paragraph: (block) => `p. ${block.pageLabel ?? block.page ?? '?'}`,
  csl: (block) => ({ label: 'page', value: block.pageLabel ?? String(block.page ?? '') }),
};
/** CSL cites one locator; a chapter's paragraph needs two, so it is a literal. */
export const CHAPTER_LOCATORS: LocatorStyle = {
  paragraph: (block, _ordinal, withinChapter) => `ch. ${block.chapter ?? '?'}, para. ${withinChapter}`,
  csl: (block, _ordinal, withinChapter) => ({
    literal: `ch. ${block.chapter ?? '?'}, para. ${withinChapter}`,
  }),
};

function placed<T extends object>(target: T, block: Block): T {
  if (block.page !== undefined) Object.assign(target, { page: block.page });
  if (block.chapter !== undefined) Object.assign(target, { chapter: block.chapter });
  return target;
}

/**
 * Turns a reader's blocks into the library's passages: an abstract, keywords, numbered paragraphs under
 * their headings, and a reference list whose entries are parsed. A heading (or a paragraph that is only a
 * section's name, as in a PDF) named "Abstract", "Keywords" or "References" gives the text after it that
 * role until the next heading.
 */
export function buildStructure(
  blocks: readonly Block[],
  documentId: string,
  locators: LocatorStyle,
): Structure {
  const headings: IngestedHeading[] = [];
  const abstractParts: string[] = [];
  let abstractBlock: Block | undefined;
  /**
   * The paragraphs after the abstract's first, until a heading shows where the abstract ends. When none
   * does (the next heading is "References", or there is none), only the first paragraph was the abstract:
   * the rest is the text of a paper whose section headings were not recognised.
   */
  let unconfirmedAbstract: Array<{ block: Block; text: string }> = [];
  const keywords: string[] = [];
  const body: Array<{ block: Block; text: string; section?: string }> = [];
  const referenceTexts: Array<{ block: Block; text: string }> = [];
  let role: Role | undefined;
  let section: string | undefined;

  for (const block of blocks) {
    const text = block.text.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const sectionRole = text.length <= 40 ? roleOf(text) : undefined;
    if (block.kind === 'heading' || sectionRole) {
      if (role === 'abstract') {
        if (sectionRole === undefined || sectionRole === 'keywords') {
          abstractParts.push(...unconfirmedAbstract.map((part) => part.text));
        } else body.push(...unconfirmedAbstract);
        unconfirmedAbstract = [];
      }
      role = sectionRole;
      if (!sectionRole) section = text;
      headings.push(placed({ text, level: block.level ?? 1 }, block));
      continue;
    }
    const inline = role === undefined || role === 'abstract' ? INLINE_LABEL.exec(text) : null;
    if (inline) {
      const labelRole = roleOf(inline[1] ?? '');
      const rest = (inline[2] ?? '').trim();
      if (labelRole === 'abstract' && abstractParts.length === 0) {
        abstractParts.push(rest);
        abstractBlock = block;
        continue;
      }
      // "Keywords: …" closes an abstract as a heading would: what came between was the abstract.
      if (labelRole === 'keywords' && keywords.length === 0) {
        if (role === 'abstract') {
          abstractParts.push(...unconfirmedAbstract.map((part) => part.text));
          unconfirmedAbstract = [];
          role = undefined;
        }
        keywords.push(...splitKeywords(rest));
        continue;
      }
    }
    if (role === 'abstract') {
      if (abstractParts.length === 0) {
        abstractParts.push(text);
        abstractBlock = block;
      } else unconfirmedAbstract.push({ block, text });
    } else if (role === 'keywords') keywords.push(...splitKeywords(text));
    else if (role === 'references') {
      for (const entry of referenceEntries(block)) referenceTexts.push({ block, text: entry });
    } else body.push({ block, text, ...(section === undefined ? {} : { section }) });
  }

  body.push(...unconfirmedAbstract);

  const passages: IngestedPassage[] = [];
  if (abstractParts.length > 0 && abstractBlock) {
    passages.push(placed(makePassage(documentId, 'abstract', 1, abstractParts.join('\n\n')), abstractBlock));
  }
  if (keywords.length > 0) passages.push(makePassage(documentId, 'keywords', 1, keywords.join('; ')));
  const perChapter = new Map<number | undefined, number>();
  body.forEach(({ block, text, section: heading }, index) => {
    const ordinal = index + 1;
    const withinChapter = (perChapter.get(block.chapter) ?? 0) + 1;
    perChapter.set(block.chapter, withinChapter);
    const passage: IngestedPassage = {
      ...makePassage(documentId, 'paragraph', ordinal, text),
      locator: locators.paragraph(block, ordinal, withinChapter),
      cslLocator: locators.csl(block, ordinal, withinChapter),
      ...(heading === undefined ? {} : { section: heading }),
    };
    passages.push(placed(passage, block));
  });

  const warnings: IngestWarning[] = [];
  const references: ReferenceEntry[] = [];
  const vocabulary = documentVocabulary([...passages, ...referenceTexts].map((part) => part.text));
  referenceTexts.forEach(({ block, text }, index) => {
    const number = index + 1;
    const entry = parseReference(text, number, documentId, vocabulary);
    for (const problem of entry.problems) {
      warnings.push({ code: 'reference-unread', message: `reference ${number}: ${problem}` });
    }
    references.push(entry);
    passages.push(placed(makePassage(documentId, 'reference', number, text), block));
  });
  return { passages, headings, keywords, references, warnings };
}

function splitKeywords(text: string): string[] {
  return text
    .split(/[;,·•]/)
    .map((word) => word.trim().replace(/\.$/, ''))
    .filter((word) => word !== '');
}
