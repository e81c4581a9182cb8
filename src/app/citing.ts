// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import type { APIEmbed } from 'discord.js';
import { UserError } from '../commands/types.js';
import type { CslItem, Passage } from '../corpus/types.js';
import { escapeText, fitEmbed } from '../discord/markdown.js';
import type { AppContext } from './context.js';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';

/**
 * The Discord layer's view of citations: one place that turns CSL items and passages into Discord
 * markdown in a style. Formatting itself is citation-js (CSL); nothing here writes a style by hand.
 */

export const CITATION_STYLE_CHOICES = ['apa', 'mla', 'chicago', 'harvard'] as const;
export type ReferenceStyle = (typeof CITATION_STYLE_CHOICES)[number];
export type ExportFormat = 'bibtex' | 'ris';
export type StyleOrExport = ReferenceStyle | ExportFormat;
/** Every choice a `style` option offers, in the order menus show them. */
export const STYLE_CHOICES = [
  'apa',
  'mla',
  'chicago',
  'harvard',
  'bibtex',
  'ris',
] as const satisfies readonly StyleOrExport[];

export const STYLE_LABELS: Record<StyleOrExport, string> = {
  apa: 'APA 7',
  mla: 'MLA 9',
  chicago: 'Chicago 17 (author-date)',
  harvard: 'Harvard (Cite Them Right)',
  bibtex: 'BibTeX',
  ris: 'RIS',
};

/** citation-js templates available for each style. */
const TEMPLATES: Partial<Record<ReferenceStyle, string>> = { apa: 'apa' };

function templateFor(style: ReferenceStyle): string {
  const template = TEMPLATES[style];
  if (!template) throw new UserError(`${STYLE_LABELS[style]} is not available yet; use APA, BibTeX or RIS.`);
  return template;
}

/** citation-js's HTML, as Discord markdown: italics stay italics, data can't inject formatting. */
export function htmlToMarkdown(html: string): string {
  const decode = (text: string) =>
    text
      .replace(/&#38;|&amp;/g, '&')
      .replace(/&#60;|&lt;/g, '<')
      .replace(/&#62;|&gt;/g, '>')
      .replace(/&#34;|&quot;/g, '"')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/&#160;|&nbsp;/g, ' ');
  const body = html
    .replace(/<div class="csl-bib-body">|<\/div>\s*$/g, '')
    .replace(/<div[^>]*class="csl-entry"[^>]*>/g, '')
    .replace(/<\/div>/g, '')
    .trim();
  const pieces = body.split(/(<\/?i>|<\/?b>|<\/?span[^>]*>)/);
  let output = '';
  for (const piece of pieces) {
    if (piece === '<i>' || piece === '</i>') output += '*';
    else if (piece === '<b>' || piece === '</b>') output += '**';
    else if (piece.startsWith('<span') || piece === '</span>') continue;
    else output += escapeText(decode(piece));
  }
  // URLs stay clickable: undo escaping inside them.
  return output
    .replace(/https?:\/\/\S+/g, (url) => url.replace(/\\([_*~|`\-[\]()])/g, '$1'))
    .replace(/\*\s*\*/g, '');
}

/**
 * APA's CSL style prints a report's series only through `genre` ("(PacNet No. 9A)"); given the series as
 * `collection-title`, as the metadata records it, it prints "(No. 9A; PacNet)". Map it for APA alone.
 */
function forStyle(item: CslItem, style: ReferenceStyle): CslItem {
  if (style !== 'apa' || item.type !== 'report' || !item['collection-title'] || !item.number || item.genre)
    return item;
  const { 'collection-title': series, ...rest } = item;
  return { ...rest, genre: series };
}

export function formatReference(item: CslItem, style: ReferenceStyle): string {
  const html = new Cite(forStyle(item, style)).format('bibliography', {
    format: 'html',
    template: templateFor(style),
    lang: 'en-US',
  });
  return htmlToMarkdown(html);
}

export function formatInText(item: CslItem, style: ReferenceStyle, locator?: string): string {
  const html = new Cite(item).format('citation', {
    format: 'html',
    template: templateFor(style),
    lang: 'en-US',
    entry: [{ id: item.id, ...(locator ? { locator } : {}) }],
  });
  return htmlToMarkdown(html);
}

/** BibTeX or RIS for a list of items. A season has no field in either format, so only the year is kept. */
export function exportItems(items: readonly CslItem[], format: ExportFormat): string {
  const cleaned = items.map((item) => {
    if (!item.issued?.season) return item;
    const { season: _season, ...issued } = item.issued;
    return { ...item, issued };
  });
  return String(new Cite(cleaned).format(format === 'bibtex' ? 'bibtex' : 'ris')).trim();
}

export function passageLocator(passage: Passage): string {
  return passage.locator;
}

export interface PassageCitation {
  inText: string;
  reference: string;
  styleLabel: string;
}

export function defaultStyle(context: AppContext, guildId: string | null): StyleOrExport {
  const stored = guildId ? context.settings.get(guildId).citationStyle : null;
  // A server may have chosen a style Lectern cannot format yet; it then falls back to APA, never errors.
  if (stored === 'bibtex' || stored === 'ris') return stored;
  return stored && TEMPLATES[stored] ? stored : 'apa';
}

/** The in-text citation pointing at a passage, and its document's full reference, in the server's style. */
export function citationFor(context: AppContext, passage: Passage, guildId: string | null): PassageCitation {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) throw new UserError('That passage is no longer in the library.');
  const preferred = defaultStyle(context, guildId);
  const style: ReferenceStyle =
    (CITATION_STYLE_CHOICES as readonly string[]).includes(preferred) &&
    TEMPLATES[preferred as ReferenceStyle]
      ? (preferred as ReferenceStyle)
      : 'apa';
  return {
    inText: formatInText(document.csl, style, passageLocator(passage)),
    reference: formatReference(document.csl, style),
    styleLabel: STYLE_LABELS[style],
  };
}

/** The reply to a Cite button: the passage's in-text citation and the document's full reference. */
export async function citePassageReply(
  context: AppContext,
  passageId: string,
  guildId: string | null,
): Promise<{ embeds: APIEmbed[] }> {
  const passage = context.corpus.getPassage(passageId);
  if (!passage) throw new UserError('That passage is no longer in the library.');
  const document = context.corpus.getDocument(passage.documentId);
  const citation = citationFor(context, passage, guildId);
  return {
    embeds: [
      fitEmbed({
        title: `Cite ${document?.shortTitle ?? ''}, ${passage.locator}`,
        description: `**In text:** ${citation.inText}\n**Reference (${citation.styleLabel}):** ${citation.reference}`,
      }),
    ],
  };
}

/**
 * citation-js compiles its style and locale on first use (about a second); doing that at start-up keeps
 * the first Cite or /quote of the day well inside Discord's 3-second window.
 */
export function warmUpCitations(documents: ReadonlyArray<{ csl: CslItem }>): void {
  const first = documents[0];
  if (first) formatReference(first.csl, 'apa');
}
