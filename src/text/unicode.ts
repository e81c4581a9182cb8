/**
 * Text that any store of Unicode will accept, cut and cleaned without breaking what a reader sees. Lengths
 * are UTF-16 code units, the way JavaScript and the services we talk to count them; cuts fall only between
 * grapheme clusters, so an emoji, a flag, a ZWJ family or a letter with its accents is kept whole or
 * dropped whole, never split into a lone surrogate or a stray combining mark.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Characters that change how text is laid out but not what it says: zero-width spaces and joiners,
 * direction marks, bidi embeddings and isolates, the byte-order mark. A typed query or quotation compares
 * equal with or without them.
 */
export const INVISIBLE_FORMATTING = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Replaces every unpaired surrogate with U+FFFD, so the text is valid Unicode; the length is unchanged. */
export function wellFormed(text: string): string {
  return text.toWellFormed();
}

/**
 * Cuts `text` to at most `max` UTF-16 units, the ellipsis included, ending with `ellipsis` when it was cut.
 * The cut falls between grapheme clusters, at the last whitespace when that keeps most of the room. A single
 * cluster longer than the room (a run of hundreds of combining marks) is dropped whole.
 */
export function truncateText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, Math.max(0, max));
  // Whether a boundary falls at an index depends only on the text before it and the code point at it, so
  // segmenting the room plus one whole code point finds every boundary up to the room.
  const prefix = text.slice(0, room + 2);
  let end = 0;
  let lastSpace = -1;
  for (const { segment, index } of graphemes.segment(prefix)) {
    if (index + segment.length > room) break;
    if (/^\s/.test(segment)) lastSpace = index;
    end = index + segment.length;
  }
  const body = lastSpace > room * 0.6 ? text.slice(0, lastSpace) : text.slice(0, end);
  return `${body.trimEnd()}${ellipsis}`;
}

// Line breaks and tabs become one space; every other C0/C1 control (NUL included) and every bidi embedding,
// override and isolate goes, so a name cannot reorder or hide the text displayed around it.
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const CONTROLS_AND_BIDI = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Cleans text that becomes a name or a title (a session title, a thread name, an event name): well-formed,
 * on one line, without control characters or bidi overrides, trimmed. May return '' when nothing is left.
 */
export function cleanName(text: string): string {
  return wellFormed(text).replace(LINE_BREAKS, ' ').replace(CONTROLS_AND_BIDI, '').trim();
}
