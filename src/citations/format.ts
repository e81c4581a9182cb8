// @ts-expect-error citation-js ships no type declarations
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslItem, Passage } from '../corpus/types.js';
import { decodeEntities, htmlToDiscord } from './markdown.js';
import { toSentenceCase } from './sentence-case.js';
import { loadLocale, loadStyle, styleTitle } from './styles.js';
import { CITATION_STYLES, type CitationStyle, type ExportFormat } from './vocabulary.js';

/**
 * Lectern's citation core: references, in-text citations and exports for CSL items. The formatting is
 * citeproc-js (through citation-js) with the official CSL styles; this module only chooses styles,
 * shapes the data the way each style expects it, and turns the HTML into Discord markdown.
 */

/** Locator labels CSL defines that Lectern uses. */
export type CslLocatorLabel = 'paragraph' | 'page' | 'section' | 'chapter' | 'line' | 'note';

/**
 * Where in a work a citation points: a CSL locator (printed with the style's own label), or a literal
 * for parts CSL has no label for ("abstract", "keywords", "reference 12"), printed as written after
 * the author-date part.
 */
export type Locator = { label: CslLocatorLabel; value: string } | { literal: string };

interface StyleDefinition {
  /** CSL style id in the official repository. */
  cslId: string;
  /** The edition Lectern promises; checked against the package's title so an update can't swap it. */
  expectedTitle: RegExp;
  locale: 'en-US' | 'en-GB';
  sentenceCaseTitles: boolean;
}

const STYLES: Record<CitationStyle, StyleDefinition> = {
  apa: { cslId: 'apa', expectedTitle: /7th edition/, locale: 'en-US', sentenceCaseTitles: true },
  mla: {
    cslId: 'modern-language-association',
    expectedTitle: /9th edition/,
    locale: 'en-US',
    sentenceCaseTitles: false,
  },
  chicago: {
    cslId: 'chicago-author-date',
    expectedTitle: /17th edition \(author-date\)$/,
    locale: 'en-US',
    sentenceCaseTitles: false,
  },
  // Cite Them Right is a British guide: its quotation marks and date forms come from en-GB.
  harvard: {
    cslId: 'harvard-cite-them-right',
    expectedTitle: /Cite Them Right/,
    locale: 'en-GB',
    sentenceCaseTitles: true,
  },
};

const templateName = (style: CitationStyle) => `lectern-${style}`;

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  const config = plugins.config.get('@csl');
  for (const style of CITATION_STYLES) {
    const definition = STYLES[style];
    const title = styleTitle(definition.cslId) ?? '';
    if (!definition.expectedTitle.test(title)) {
      throw new Error(`CSL style '${definition.cslId}' is "${title}", not the edition Lectern formats`);
    }
    config.styles.add(templateName(style), loadStyle(definition.cslId));
  }
  // plugin-csl ships en-US only; en-GB comes from the same CSL locales repository as the styles.
  if (!config.locales.has('en-GB')) config.locales.add('en-GB', loadLocale('en-GB'));
  registered = true;
}

/** Container titles that name a book (printed in sentence case where titles are), not a periodical. */
const BOOK_CONTAINERS = new Set<CslItem['type']>(['chapter', 'paper-conference']);

/**
 * The item as each style expects its fields (see README "Citation data mapping"):
 * - A report's series goes into `genre` with the report number (all four styles print "PacNet 9A" /
 *   "(PacNet No. 9A)" from genre + number; from `collection-title` APA prints "(No. 9A; PacNet)", MLA and
 *   Cite Them Right drop the series, Chicago prints it twice).
 * - APA and Cite Them Right print titles in sentence case, which CSL leaves to the data.
 * - A paper read at a conference, with no proceedings volume, is a CSL `speech` (genre "Paper"):
 *   as `paper-conference` without a container, Chicago prints "In ." and MLA drops the event.
 * - Testimony by a named witness is a `speech` too: as a `hearing`, APA puts the title first and
 *   cites "(*Title*, 2009)" instead of the witness.
 */
export function shapeForStyle(item: CslItem, style: CitationStyle): CslItem {
  let shaped: CslItem = { ...item };
  if (shaped.type === 'paper-conference' && !shaped['container-title']) {
    shaped = { ...shaped, type: 'speech', genre: shaped.genre ?? 'Paper' };
  }
  if (shaped.type === 'hearing' && shaped.author?.length) shaped = { ...shaped, type: 'speech' };
  if (shaped.type === 'report' && shaped['collection-title'] && !shaped.genre) {
    const { 'collection-title': series, ...rest } = shaped;
    shaped = { ...rest, genre: series };
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
  if (STYLES[style].sentenceCaseTitles) {
    if (shaped.title) shaped.title = toSentenceCase(shaped.title);
    if (shaped['container-title'] && BOOK_CONTAINERS.has(shaped.type)) {
      shaped['container-title'] = toSentenceCase(shaped['container-title']);
    }
  }
  return shaped;
}

/**
 * citation-js renames CSL 1.0.1's `event` to CSL 1.0.2's `event-title` on input, but the bundled
 * citeproc-js (2.4) only reads `event`, which is what MLA, Chicago and Cite Them Right ask for; without
 * this their conference papers and talks lose the event's name. Both names are set after parsing.
 */
function citeFor(items: readonly CslItem[]): InstanceType<typeof Cite> {
  const cite = new Cite(items);
  for (const entry of cite.data as Array<Record<string, unknown>>) {
    if (entry['event-title'] !== undefined && entry.event === undefined) entry.event = entry['event-title'];
  }
  return cite;
}

function bibliographyHtml(items: CslItem[], style: CitationStyle): string {
  ensureRegistered();
  return String(
    citeFor(items).format('bibliography', {
      format: 'html',
      template: templateName(style),
      lang: STYLES[style].locale,
    }),
  );
}

export interface FormattedReference {
  id: string;
  reference: string;
}

/** One entry of citation-js's HTML bibliography per item, in the style's order. */
function splitEntries(html: string): FormattedReference[] {
  const entries: FormattedReference[] = [];
  const pattern = /<div data-csl-entry-id="([^"]*)" class="csl-entry">([\s\S]*?)<\/div>/g;
  for (const match of html.matchAll(pattern)) {
    entries.push({ id: decodeEntities(match[1] as string), reference: htmlToDiscord(match[2] as string) });
  }
  return entries;
}

/** The full reference-list entry for one item, as Discord markdown. */
export function formatReference(item: CslItem, style: CitationStyle): string {
  const [entry] = splitEntries(bibliographyHtml([shapeForStyle(item, style)], style));
  if (entry === undefined) throw new Error(`No ${style} reference produced for '${item.id}'`);
  return entry.reference;
}

/**
 * A reference list with each entry's item id: sorted, and disambiguated (2013a, 2013b) as the style
 * requires. One citeproc run for the whole list, so cheaper per item than formatReference.
 */
export function formatReferenceEntries(
  items: readonly CslItem[],
  style: CitationStyle,
): FormattedReference[] {
  if (items.length === 0) return [];
  return splitEntries(
    bibliographyHtml(
      items.map((item) => shapeForStyle(item, style)),
      style,
    ),
  );
}

/** A reference list as Discord markdown, in the style's order. */
export function formatReferences(items: readonly CslItem[], style: CitationStyle): string[] {
  return formatReferenceEntries(items, style).map((entry) => entry.reference);
}

/** MLA's own abbreviations (MLA 9, 6.23); the CSL style prints CSL's "para." with no space before the number. */
const MLA_LABELS: Partial<Record<CslLocatorLabel, [string, string]>> = {
  paragraph: ['par.', 'pars.'],
  section: ['sec.', 'secs.'],
  chapter: ['ch.', 'chs.'],
};

interface CiteEntry {
  id: string;
  locator?: string;
  label?: string;
  suffix?: string;
}

function citeEntry(id: string, style: CitationStyle, locator: Locator | undefined): CiteEntry {
  if (!locator) return { id };
  if ('literal' in locator) return { id, suffix: `, ${locator.literal}` };
  const mla = style === 'mla' ? MLA_LABELS[locator.label] : undefined;
  if (mla) {
    const plural = /[-–,&]/.test(locator.value);
    return { id, suffix: `, ${plural ? mla[1] : mla[0]} ${locator.value}` };
  }
  return { id, locator: locator.value, label: locator.label };
}

function isPassage(value: Locator | Passage): value is Passage {
  return 'kind' in value && 'ordinal' in value;
}

/** The in-text (parenthetical) citation, optionally pointing at a place in the work. */
export function formatInText(item: CslItem, style: CitationStyle, where?: Locator | Passage): string {
  ensureRegistered();
  const locator = where && isPassage(where) ? locatorForPassage(where) : where;
  const html = citeFor([shapeForStyle(item, style)]).format('citation', {
    format: 'html',
    template: templateName(style),
    lang: STYLES[style].locale,
    entry: [citeEntry(item.id, style, locator)],
  });
  return htmlToDiscord(String(html));
}

/**
 * A passage's place in its document as a locator. Paragraphs are CSL "paragraph" locators. The abstract,
 * the keyword line and reference-list entries have no CSL label, so they are literals named the way the
 * passage's own locator names them ("abstract", "keywords", "reference 12").
 */
export function locatorForPassage(passage: Pick<Passage, 'kind' | 'ordinal'>): Locator {
  switch (passage.kind) {
    case 'paragraph':
      return { label: 'paragraph', value: String(passage.ordinal) };
    case 'abstract':
      return { literal: 'abstract' };
    case 'keywords':
      return { literal: 'keywords' };
    case 'reference':
      return { literal: `reference ${passage.ordinal}` };
  }
}

/**
 * BibTeX or RIS. Both formats have a year and a month but no season, so a season is not exported (and
 * never turned into a month); everything else is citation-js's own mapping.
 */
export function exportItems(items: readonly CslItem[], format: ExportFormat): string {
  const cleaned = items.map((item) => {
    if (item.issued?.season === undefined) return item;
    const { season: _season, ...issued } = item.issued;
    return { ...item, issued };
  });
  const text = String(
    new Cite(cleaned).format(format === 'bibtex' ? 'bibtex' : 'ris', { format: 'text' }),
  ).trim();
  return format === 'ris' ? unwrapRis(text) : text;
}

/**
 * plugin-ris breaks every value after 70 characters with a bare newline, which cuts URLs and titles in
 * two for other readers (and citation-js itself reads the break back as a space). RIS has no line limit
 * that needs it, so each continuation line is joined back onto its tag line.
 */
function unwrapRis(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (lines.length > 0 && line !== '' && !/^[A-Z][A-Z0-9] {2}-/.test(line)) lines[lines.length - 1] += line;
    else lines.push(line);
  }
  return lines.join('\n');
}

/**
 * Compiles every style once (citeproc builds an engine per style and locale on first use, which costs
 * most of a second); call at start-up so the first /cite answers inside Discord's 3 seconds.
 */
export function warmUpCitations(): void {
  const probe: CslItem = {
    id: 'lectern-warm-up',
    type: 'article-journal',
    title: 'Warm-up',
    author: [{ family: 'Lectern' }],
    issued: { 'date-parts': [[2000]] },
  };
  for (const style of CITATION_STYLES) {
    formatReference(probe, style);
    formatInText(probe, style, { label: 'page', value: '1' });
  }
}
