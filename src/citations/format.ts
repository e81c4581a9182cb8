// @ts-expect-error citation-js ships no type declarations
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import type { CslItem, CslLocatorLabel, Locator, Passage } from '../corpus/types.js';
import type { RichText } from '../text/rich-text.js';
import { decodeEntities, htmlToRichText } from './html.js';
import { accessedOn, type ShapedItem, type ShapeOptions, shapeForStyle } from './shape.js';
import { loadLocale, loadStyle, styleTitle } from './styles.js';
import { CITATION_STYLES, type CitationStyle } from './vocabulary.js';

/**
 * Lectern's citation core: references and in-text citations for CSL items, as rich text. The formatting is
 * citeproc-js (through citation-js) with the official CSL styles; this module only chooses styles, hands
 * them the item shaped the way each expects it (./shape.ts), and remembers what it formatted.
 */

export type { CslLocatorLabel, Locator } from '../corpus/types.js';

interface StyleDefinition {
  /** CSL style id in the official repository. */
  cslId: string;
  /** The edition Lectern promises; checked against the package's title so an update can't swap it. */
  expectedTitle: RegExp;
  locale: 'en-US' | 'en-GB';
}

const STYLES: Record<CitationStyle, StyleDefinition> = {
  apa: { cslId: 'apa', expectedTitle: /7th edition/, locale: 'en-US' },
  mla: { cslId: 'modern-language-association', expectedTitle: /9th edition/, locale: 'en-US' },
  chicago: { cslId: 'chicago-author-date', expectedTitle: /17th edition \(author-date\)$/, locale: 'en-US' },
  // Cite Them Right is a British guide: its quotation marks and date forms come from en-GB.
  harvard: { cslId: 'harvard-cite-them-right', expectedTitle: /Cite Them Right/, locale: 'en-GB' },
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

/**
 * citation-js renames CSL 1.0.1's `event` to CSL 1.0.2's `event-title` on input, but the bundled
 * citeproc-js (2.4) only reads `event`, which is what MLA, Chicago and Cite Them Right ask for; without
 * this their conference papers and talks lose the event's name. Both names are set after parsing.
 */
function citeFor(items: readonly ShapedItem[]): InstanceType<typeof Cite> {
  const cite = new Cite(items);
  for (const entry of cite.data as Array<Record<string, unknown>>) {
    if (entry['event-title'] !== undefined && entry.event === undefined) entry.event = entry['event-title'];
  }
  return cite;
}

function bibliographyHtml(items: ShapedItem[], style: CitationStyle): string {
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
  reference: RichText;
}

/** One entry of citation-js's HTML bibliography per item, in the style's order. */
function splitEntries(html: string): FormattedReference[] {
  const entries: FormattedReference[] = [];
  const pattern = /<div data-csl-entry-id="([^"]*)" class="csl-entry">([\s\S]*?)<\/div>/g;
  for (const match of html.matchAll(pattern)) {
    entries.push({ id: decodeEntities(match[1] as string), reference: htmlToRichText(match[2] as string) });
  }
  return entries;
}

/**
 * What citeproc made for an item, by style and locator (and by day where the style prints an access date).
 * Formatting is deterministic and costs milliseconds per call, while a library's documents are cited over
 * and over; items are never changed once loaded, so the item object itself is the key.
 */
const formatted = new WeakMap<CslItem, Map<string, RichText>>();

function remembered(item: CslItem, key: string, make: () => RichText): RichText {
  let byKey = formatted.get(item);
  if (!byKey) {
    byKey = new Map();
    formatted.set(item, byKey);
  }
  let value = byKey.get(key);
  if (value === undefined) {
    value = make();
    byKey.set(key, value);
  }
  return value;
}

/** The full reference-list entry for one item. */
export function formatReference(item: CslItem, style: CitationStyle, options: ShapeOptions = {}): RichText {
  const day = style === 'harvard' && item.URL && options.today ? accessedOn(options.today)['date-parts'] : '';
  return remembered(item, `reference|${style}|${day}`, () => {
    const [entry] = splitEntries(bibliographyHtml([shapeForStyle(item, style, options)], style));
    if (entry === undefined) throw new Error(`No ${style} reference produced for '${item.id}'`);
    return entry.reference;
  });
}

/**
 * A reference list with each entry's item id: sorted, and disambiguated (2013a, 2013b) as the style
 * requires. One citeproc run for the whole list, so cheaper per item than formatReference.
 */
export function formatReferenceEntries(
  items: readonly CslItem[],
  style: CitationStyle,
  options: ShapeOptions = {},
): FormattedReference[] {
  if (items.length === 0) return [];
  return splitEntries(
    bibliographyHtml(
      items.map((item) => shapeForStyle(item, style, options)),
      style,
    ),
  );
}

/** A reference list, in the style's order. */
export function formatReferences(
  items: readonly CslItem[],
  style: CitationStyle,
  options: ShapeOptions = {},
): RichText[] {
  return formatReferenceEntries(items, style, options).map((entry) => entry.reference);
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

function locatorKey(locator: Locator | undefined): string {
  if (!locator) return '';
  return 'literal' in locator ? `literal:${locator.literal}` : `${locator.label}:${locator.value}`;
}

/** The in-text (parenthetical) citation of a work, optionally pointing at a place in it. */
export function formatInText(item: CslItem, style: CitationStyle, locator?: Locator): RichText {
  return remembered(item, `in-text|${style}|${locatorKey(locator)}`, () => {
    ensureRegistered();
    const html = citeFor([shapeForStyle(item, style)]).format('citation', {
      format: 'html',
      template: templateName(style),
      lang: STYLES[style].locale,
      entry: [citeEntry(item.id, style, locator)],
    });
    return htmlToRichText(String(html));
  });
}

/**
 * A passage's place in its own document. Paragraphs are CSL "paragraph" locators; the abstract and the
 * keyword line have no CSL label, so they are literals named as the passage's own locator names them. A
 * reference-list entry has none: it is cited as the work it names (see ./passage.ts).
 */
export function locatorForPassage(
  passage: Pick<Passage, 'kind' | 'ordinal' | 'cslLocator'>,
): Locator | undefined {
  // A page or chapter the file itself showed is where a reader finds the passage; its paragraph count is not.
  if (passage.cslLocator && passage.kind === 'paragraph') return passage.cslLocator;
  switch (passage.kind) {
    case 'paragraph':
      return { label: 'paragraph', value: String(passage.ordinal) };
    case 'abstract':
      return { literal: 'abstract' };
    case 'keywords':
      return { literal: 'keywords' };
    case 'reference':
      return undefined;
  }
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
