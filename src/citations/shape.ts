import type { CslDate, CslItem } from '../corpus/types.js';
import { toSentenceCase } from './sentence-case.js';
import type { CitationStyle } from './vocabulary.js';

/** What each style needs beyond its CSL file: whether titles are put in sentence case (CSL leaves it to the data). */
export const SENTENCE_CASE_STYLES: ReadonlySet<CitationStyle> = new Set(['apa', 'harvard']);

/** Container titles that name a book (printed in sentence case where titles are), not a periodical. */
const BOOK_CONTAINERS = new Set<CslItem['type']>(['chapter', 'paper-conference']);

/** "Romanised original (English translation)": the form the parser leaves in a container title. */
const TRANSLATED_NAME = /^(.*\S)(\s+\([^()]+\))$/;

/**
 * A title printed with an English translation beside it is in another language, romanised; its
 * capitalisation follows that language's own rules, so no style may re-case it (APA 7: give the
 * title as in the original, the translation after it). citeproc leaves a `nocase` span as written.
 */
function protectCase(text: string): string {
  return `<span class="nocase">${text}</span>`;
}

function protectRomanisedContainer(container: string): string {
  const match = TRANSLATED_NAME.exec(container);
  return match?.[1] && match[2] ? `${protectCase(match[1])}${match[2]}` : container;
}

function isDatedIssueOnly(item: CslItem): boolean {
  const month = item.issued?.['date-parts']?.[0]?.[1];
  return item.type === 'article-journal' && month !== undefined && !item.volume && !item.issue && !item.page;
}

/** The calendar day, in UTC, the reference is made: the server has no one reader's time zone. */
export function accessedOn(today: Date): CslDate {
  return { 'date-parts': [[today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()]] };
}

/** An item as handed to citeproc: CSL's `accessed` belongs to the reference being made, not the stored item. */
export type ShapedItem = CslItem & { accessed?: CslDate };

export interface ShapeOptions {
  /** The day the reference is made, for styles that print when an online source was accessed. */
  today?: Date;
}

/**
 * The item as each style expects its fields (see README "Citation data mapping"):
 * - A report's series goes into `genre` with the report number (all four styles print "PacNet 9A" /
 *   "(PacNet No. 9A)" from genre + number; from `collection-title` APA prints "(No. 9A; PacNet)", MLA and
 *   Cite Them Right drop the series, Chicago prints it twice).
 * - APA and Cite Them Right print titles in sentence case, which CSL leaves to the data.
 * - A paper read at a conference, with no proceedings volume, is a CSL `speech`: as `paper-conference`
 *   without a container, Chicago prints "In ." and MLA drops the event.
 * - Testimony by a named witness is a `speech` too: as a `hearing`, APA puts the title first and
 *   cites "(*Title*, 2009)" instead of the witness.
 */
export function shapeForStyle(item: CslItem, style: CitationStyle, options: ShapeOptions = {}): ShapedItem {
  let shaped: ShapedItem = { ...item };
  const romanised = shaped['translated-title'] !== undefined;
  if (shaped.type === 'paper-conference' && !shaped['container-title']) {
    // APA 7 (10.5) labels a paper read at a meeting "[Paper presentation]"; Chicago's style builds
    // "Paper presented at the …" from the genre, so there it stays "Paper".
    shaped = {
      ...shaped,
      type: 'speech',
      genre: shaped.genre ?? (style === 'apa' ? 'Paper presentation' : 'Paper'),
    };
  }
  if (shaped.type === 'hearing' && shaped.author?.length) shaped = { ...shaped, type: 'speech' };
  // A periodical issue known only by its date ("American Foreign Policy (October)") is cited by that date,
  // as a magazine is (APA 7 10.1: "(2003, October)"): as a journal article APA drops the month and Cite
  // Them Right calls it "[Preprint]". Chicago's journal form already prints "…, October."
  if (style !== 'chicago' && isDatedIssueOnly(shaped)) shaped = { ...shaped, type: 'article-magazine' };
  if (shaped.type === 'report' && shaped['collection-title'] && !shaped.genre) {
    const { 'collection-title': series, ...rest } = shaped;
    shaped = { ...rest, genre: series };
    // MLA 9 writes the Number element with its label, "no. 9A"; the CSL style prints the number bare
    // after the series ("PacNet, 9A"), and citeproc strips a label typed into `number`.
    if (style === 'mla' && shaped.number) {
      const { number, ...unnumbered } = shaped;
      shaped = { ...unnumbered, genre: `${series}, no. ${number}` };
    }
  }
  // MLA dates a talk by its event (MLA 9, 5.29: "Conference, date, place"); the CSL style reads the
  // date from event-date only, and prints no genre for a talk, so a hearing is named as the event.
  if (style === 'mla' && shaped.type === 'speech') {
    if (!shaped['event-date'] && shaped.issued) shaped['event-date'] = shaped.issued;
    if (!shaped['event-title'] && !shaped.event && shaped.genre && shaped.genre !== 'Paper')
      shaped['event-title'] = shaped.genre;
  }
  // Chicago prints "presented at the" before the event; a leading "The" of its name gives way to it
  // (CMOS 8.170: an initial "The" may be dropped where the syntax requires).
  if (style === 'chicago' && shaped.type === 'speech' && shaped['event-title']?.startsWith('The ')) {
    shaped['event-title'] = shaped['event-title'].slice(4);
  }
  // Cite Them Right: an online source ends "Available at: URL (Accessed: date)", the day the reader
  // consulted it; that is the day of the reference, never a fact stored with the document.
  if (style === 'harvard' && shaped.URL && options.today) shaped.accessed = accessedOn(options.today);
  if (romanised) {
    if (shaped.title) shaped.title = protectCase(shaped.title);
  } else if (SENTENCE_CASE_STYLES.has(style)) {
    if (shaped.title) shaped.title = toSentenceCase(shaped.title);
    if (shaped['container-title'] && BOOK_CONTAINERS.has(shaped.type)) {
      shaped['container-title'] = toSentenceCase(shaped['container-title']);
    }
  }
  if (shaped['container-title'] && !BOOK_CONTAINERS.has(shaped.type)) {
    shaped['container-title'] = protectRomanisedContainer(shaped['container-title']);
  }
  return shaped;
}
