import type { APIButtonComponentWithCustomId, JSONEncodable } from 'discord.js';
import { ButtonStyle, button, encoded } from '../../discord/components.js';

export interface Page<Item> {
  items: Item[];
  /** Zero-based, clamped into range. */
  index: number;
  count: number;
}

/** The page `requested` of `all`, clamped so a stale button past the end shows the last page. */
export function pageOf<Item>(all: readonly Item[], requested: number, size: number): Page<Item> {
  const count = Math.max(1, Math.ceil(all.length / size));
  const index = Math.min(Math.max(0, requested), count - 1);
  return { items: all.slice(index * size, index * size + size), index, count };
}

/**
 * Prev/Next buttons whose custom ids (made by the command's codec) carry the target page, so a press needs
 * no state beyond the stored request; each is disabled at its end.
 */
export function pageButtons(
  customIdOf: (page: number) => string,
  page: Pick<Page<unknown>, 'index' | 'count'>,
): Array<JSONEncodable<APIButtonComponentWithCustomId>> {
  return [
    encoded(button(customIdOf(page.index - 1), '◀ Prev', ButtonStyle.Primary, page.index === 0)),
    encoded(button(customIdOf(page.index + 1), 'Next ▶', ButtonStyle.Primary, page.index >= page.count - 1)),
  ];
}
