import { normalizeRichText, type RichSegment, type RichText } from '../text/rich-text.js';

/**
 * citeproc's HTML output as rich text. The style decides what is italic or bold; the text itself comes from
 * the data and stays text, so a title holding `*` or `_` is escaped by whichever renderer shows it.
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

/** citeproc prints URLs as plain text; the punctuation a style puts after one is not part of it. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]}'’”]/g;

function withLinks(text: string, format: Omit<RichSegment, 'text'>): RichSegment[] {
  const segments: RichSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    segments.push({ ...format, text: text.slice(last, start) });
    segments.push({ ...format, text: match[0], link: match[0] });
    last = start + match[0].length;
  }
  segments.push({ ...format, text: text.slice(last) });
  return segments;
}

/** Runs of white space become one space, across segment boundaries too, and the ends are trimmed. */
function collapseWhiteSpace(segments: readonly RichSegment[]): RichSegment[] {
  const collapsed: RichSegment[] = [];
  let endsInSpace = true;
  for (const segment of segments) {
    let text = segment.text.replace(/\s+/g, ' ');
    if (endsInSpace) text = text.replace(/^ /, '');
    if (text === '') continue;
    collapsed.push({ ...segment, text });
    endsInSpace = text.endsWith(' ');
  }
  const last = collapsed[collapsed.length - 1];
  if (last) collapsed[collapsed.length - 1] = { ...last, text: last.text.replace(/ $/, '') };
  return normalizeRichText(collapsed);
}

const ITALIC_TAGS = new Set(['i', 'em']);
const BOLD_TAGS = new Set(['b', 'strong']);

/**
 * One bibliography entry or citation in citation-js HTML → rich text. Tags other than italic and bold
 * (divs, spans for small caps or superscript) are dropped, keeping their text.
 */
export function htmlToRichText(html: string): RichText {
  let italic = 0;
  let bold = 0;
  const segments: RichSegment[] = [];
  for (const piece of html.split(/(<[^>]+>)/)) {
    if (piece.startsWith('<')) {
      const tag = /^<(\/?)\s*([a-z]+)/i.exec(piece);
      const name = tag?.[2]?.toLowerCase() ?? '';
      const step = tag?.[1] === '/' ? -1 : 1;
      if (ITALIC_TAGS.has(name)) italic = Math.max(0, italic + step);
      if (BOLD_TAGS.has(name)) bold = Math.max(0, bold + step);
      continue;
    }
    const format: Omit<RichSegment, 'text'> = {
      ...(italic > 0 ? { italic: true } : {}),
      ...(bold > 0 ? { match: true } : {}),
    };
    segments.push(...withLinks(decodeEntities(piece), format));
  }
  return collapseWhiteSpace(segments);
}
