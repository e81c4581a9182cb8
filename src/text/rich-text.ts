/**
 * Text with the little formatting the core hands to a renderer: a citation's italics and its URL, a search
 * excerpt's matched terms. The core never writes markup for a particular client; the Discord layer turns
 * segments into markdown (src/discord/markdown.ts), scheduled events and the terminal read plain text.
 */
export interface RichSegment {
  text: string;
  italic?: boolean;
  /** Shown in bold: a query term an excerpt matched, or bold a citation style asks for. */
  match?: boolean;
  /** The segment is this address; a renderer keeps it whole so it stays clickable. */
  link?: string;
}

export type RichText = readonly RichSegment[];

export function toPlainText(text: RichText): string {
  return text.map((segment) => segment.text).join('');
}

function sameFormat(a: RichSegment, b: RichSegment): boolean {
  return (
    !a.link && !b.link && Boolean(a.italic) === Boolean(b.italic) && Boolean(a.match) === Boolean(b.match)
  );
}

/**
 * Joins neighbours with the same formatting and drops empty segments, so a renderer never meets two italic
 * runs side by side (in markdown "*A**B*" would read as bold).
 */
export function normalizeRichText(segments: readonly RichSegment[]): RichSegment[] {
  const joined: RichSegment[] = [];
  for (const segment of segments) {
    if (segment.text === '') continue;
    const previous = joined[joined.length - 1];
    if (previous && sameFormat(previous, segment))
      joined[joined.length - 1] = { ...previous, text: previous.text + segment.text };
    else joined.push({ ...segment });
  }
  return joined;
}

/** Removes the parentheses that open and close a text, e.g. "(Yoon, 2002)" → "Yoon, 2002". */
export function unwrapParentheses(text: RichText): RichSegment[] {
  const segments = normalizeRichText(text);
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last || !first.text.startsWith('(') || !last.text.endsWith(')')) return segments;
  if (first === last) return [{ ...first, text: first.text.slice(1, -1) }];
  segments[0] = { ...first, text: first.text.slice(1) };
  segments[segments.length - 1] = { ...last, text: last.text.slice(0, -1) };
  return normalizeRichText(segments);
}
