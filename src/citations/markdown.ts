/**
 * citeproc's HTML output as Discord markdown. The style decides what is italic or bold; everything that
 * comes from the data is escaped, so a title holding `*` or `_` cannot change the formatting.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** URLs are left as typed so they stay clickable; Discord's parser reads a URL before any markdown in it. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]}'’”]/g;

/** Escapes characters Discord would read as formatting; URLs inside the text are kept verbatim. */
export function escapeMarkdown(text: string): string {
  let output = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    output += escapePlain(text.slice(last, match.index));
    output += match[0];
    last = (match.index ?? 0) + match[0].length;
  }
  return output + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  return text.replace(/[\\*_~|`[\]]/g, '\\$&');
}

/** Block syntax (quote, heading, list) only works at the start of a line, so only there is it defused. */
function escapeLineStarts(markdown: string): string {
  return markdown.replace(/^(\s*)([>#-])/gm, '$1\\$2');
}

const TAG_TO_MARKDOWN: Record<string, string> = { i: '*', em: '*', b: '**', strong: '**', u: '__' };

/**
 * One bibliography entry or citation in citation-js HTML → Discord markdown. Tags other than
 * italic/bold/underline (divs, spans for small caps or superscript) are dropped, keeping their text.
 */
export function htmlToDiscord(html: string): string {
  const tidied = html
    // Adjacent spans merge and empty ones vanish, or "*A**B*" and "**" would read as bold.
    .replace(/<(i|em|b|strong|u)>(\s*)<\/\1>/gi, '$2')
    .replace(/<\/(i|em|b|strong|u)>(\s*)<\1>/gi, '$2');
  const pieces = tidied.split(/(<[^>]+>)/);
  let output = '';
  for (const piece of pieces) {
    if (piece.startsWith('<')) {
      const tag = /^<\/?\s*([a-z]+)/i.exec(piece)?.[1]?.toLowerCase();
      const marker = tag ? TAG_TO_MARKDOWN[tag] : undefined;
      if (marker) output += marker;
      continue;
    }
    output += escapeMarkdown(decodeEntities(piece));
  }
  return escapeLineStarts(output.replace(/\s+/g, ' ').trim());
}
