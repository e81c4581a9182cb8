import { parseHTML } from 'linkedom';
import type { Block } from './structure.js';

const BLOCK_SELECTOR = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, dd, dt, figcaption, td, th';
/** Never prose: code, styling, embedded drawings. */
export const NOT_TEXT = 'script, style, noscript, template, svg, math';
/** Page furniture of a web page, left out when no article could be told apart. */
export const PAGE_CHROME = `${NOT_TEXT}, nav, header, footer, aside, form, button`;

/** The minimal DOM surface the walker reads, so that any linkedom document (HTML or XHTML) serves. */
export interface ElementLike {
  tagName: string;
  textContent: string | null;
  querySelectorAll(selector: string): Iterable<ElementLike> & ArrayLike<ElementLike>;
  querySelector(selector: string): ElementLike | null;
  remove(): void;
}

/**
 * The headings and paragraphs under `root`, in document order. An element that holds other block elements
 * (a list item wrapping paragraphs, a quotation of several paragraphs) yields those, not itself, so that no
 * text is taken twice.
 */
export function blocksOf(root: ElementLike, place: Pick<Block, 'chapter'> = {}, drop = NOT_TEXT): Block[] {
  for (const element of Array.from(root.querySelectorAll(drop))) element.remove();
  const blocks: Block[] = [];
  for (const element of Array.from(root.querySelectorAll(BLOCK_SELECTOR))) {
    if (element.querySelector(BLOCK_SELECTOR)) continue;
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const heading = /^h([1-6])$/i.exec(element.tagName);
    blocks.push(
      heading
        ? { kind: 'heading', text, level: Number(heading[1]), ...place }
        : { kind: 'paragraph', text, ...place },
    );
  }
  return blocks;
}

/** Parses an HTML fragment (a converter's output) and returns its blocks. */
export function blocksOfHtml(html: string, place: Pick<Block, 'chapter'> = {}): Block[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return blocksOf(document.body as unknown as ElementLike, place);
}
