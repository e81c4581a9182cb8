import type { APIEmbed } from 'discord.js';
import { RecentMap } from '../search/recent.js';
import type { RichSegment, RichText } from '../text/rich-text.js';
import { truncateText, wellFormed } from '../text/unicode.js';
import { escapeText } from './escape.js';
import { DISCORD_LIMITS } from './limits.js';

export { escapeText };

/** Breaks @everyone, @here and <@id>-style mentions so they render as plain text, markdown untouched. */
export function defuseMentions(text: string): string {
  return text.replace(/@(everyone|here)/g, '@\u200b$1').replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>');
}

/**
 * Cuts text to at most `max` UTF-16 units (Discord's count) at a word boundary, ending with "…" when it was
 * cut; never splits an emoji or a combining sequence, and never sends Discord an unpaired surrogate.
 */
export function truncate(text: string, max: number): string {
  return truncateText(wellFormed(text), max);
}

/**
 * An address as it may stand in markdown: http(s) only, with the characters that could close a masked link
 * or open another (`()[]<>`, backticks, white space) percent-encoded, which means the same address. A
 * file or a DOI record states its own URL, so `https://a.example/x)[Claim Nitro](https://evil.example` must
 * not become a second link. Undefined for anything else (`javascript:`, a bare word).
 */
export function markdownUrl(address: string): string | undefined {
  // A library states few addresses and every reply showing a document repeats its own: parsed once each.
  if (address.length > MARKDOWN_URL_MEMO_MAX_CHARS) return markdownUrlOf(address);
  return markdownUrls.getOrMake(address, () => markdownUrlOf(address) ?? NOT_A_URL) || undefined;
}

export const MARKDOWN_URL_MEMO_SIZE = 1_000;
const MARKDOWN_URL_MEMO_MAX_CHARS = 2_000;
/** Remembered for an address that is not one, so that it too is parsed once. */
const NOT_A_URL = '';
const markdownUrls = new RecentMap<string, string>(MARKDOWN_URL_MEMO_SIZE);

function markdownUrlOf(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.href.replace(
    /[()[\]<>`\s]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** `[text](url)`, the text escaped and the address made safe; the text alone when the address is not one. */
export function maskedLink(text: string, address: string): string {
  const url = markdownUrl(address);
  return url ? `[${escapeText(text)}](${url})` : escapeText(text);
}

function segmentToMarkdown(segment: RichSegment): string {
  if (segment.link !== undefined && segment.text === segment.link) {
    const url = markdownUrl(segment.link);
    if (url) return url;
  }
  const escaped = escapeText(segment.text);
  // All stars, so the marker closes as it opens.
  const marker = segment.italic ? (segment.match ? '***' : '*') : segment.match ? '**' : '';
  if (marker === '') return escaped;
  // Markdown ignores a marker that touches white space, so the spaces go outside it (trim's white space
  // is the regex `\s`).
  const body = escaped.trim();
  if (body === '') return escaped;
  const bodyStart = escaped.length - escaped.trimStart().length;
  return `${escaped.slice(0, bodyStart)}${marker}${body}${marker}${escaped.slice(bodyStart + body.length)}`;
}

/**
 * Renders rich text as Discord markdown: matched terms in bold, italics as italics, URLs whole and
 * clickable, everything else escaped by the one escaper.
 */
export function segmentsToMarkdown(segments: RichText): string {
  return segments.map(segmentToMarkdown).join('');
}

/** Quotes text as a Discord block quote, line by line. */
export function blockQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** The character count Discord applies to the 6000-character limit across a message's embeds. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * Clamps every part of an embed to Discord's limits, trimming the longest parts first if the whole would
 * exceed the total. Commands aim to stay inside the limits; this is the guarantee.
 */
export function fitEmbed(embed: APIEmbed, totalBudget: number = DISCORD_LIMITS.embedsTotalLength): APIEmbed {
  const fitted: APIEmbed = {
    ...embed,
    ...(embed.title ? { title: truncate(embed.title, DISCORD_LIMITS.embedTitleLength) } : {}),
    ...(embed.description
      ? { description: truncate(embed.description, DISCORD_LIMITS.embedDescriptionLength) }
      : {}),
    ...(embed.footer
      ? { footer: { ...embed.footer, text: truncate(embed.footer.text, DISCORD_LIMITS.embedFooterLength) } }
      : {}),
    ...(embed.fields
      ? {
          fields: embed.fields.slice(0, DISCORD_LIMITS.embedFieldCount).map((field) => ({
            ...field,
            name: truncate(field.name || '\u200b', DISCORD_LIMITS.embedFieldNameLength),
            value: truncate(field.value || '\u200b', DISCORD_LIMITS.embedFieldValueLength),
          })),
        }
      : {}),
  };
  let excess = embedLength(fitted) - totalBudget;
  while (excess > 0) {
    const candidates: Array<{ length: number; shrink: (to: number) => void }> = [];
    if (fitted.description) {
      candidates.push({
        length: fitted.description.length,
        shrink: (to) => {
          fitted.description = truncate(fitted.description ?? '', to);
        },
      });
    }
    if (fitted.footer) {
      const footer = fitted.footer;
      candidates.push({
        length: footer.text.length,
        shrink: (to) => {
          footer.text = truncate(footer.text, to);
        },
      });
    }
    for (const field of fitted.fields ?? []) {
      candidates.push(
        {
          length: field.value.length,
          shrink: (to) => {
            field.value = truncate(field.value, to);
          },
        },
        {
          length: field.name.length,
          shrink: (to) => {
            field.name = truncate(field.name, to);
          },
        },
      );
    }
    const longest = candidates.sort((a, b) => b.length - a.length)[0];
    if (!longest || longest.length <= 1) break;
    longest.shrink(Math.max(1, longest.length - excess));
    const remaining = embedLength(fitted) - totalBudget;
    if (remaining >= excess) break;
    excess = remaining;
  }
  return fitted;
}
