import { describe, expect, it } from 'vitest';
import { pageButtons, pageOf } from '../../src/commands/shared/paging.js';

describe('paging', () => {
  const items = Array.from({ length: 12 }, (_, index) => index);

  it('cuts pages of the given size and clamps a page past either end', () => {
    expect(pageOf(items, 0, 5)).toEqual({ items: [0, 1, 2, 3, 4], index: 0, count: 3 });
    expect(pageOf(items, 2, 5).items).toEqual([10, 11]);
    expect(pageOf(items, 9, 5).index).toBe(2);
    expect(pageOf(items, -3, 5).index).toBe(0);
    expect(pageOf([], 4, 5)).toEqual({ items: [], index: 0, count: 1 });
  });

  const searchPage = (page: number) => `search:page:k:${page}`;

  it('points Prev and Next at the neighbouring pages and disables them at the ends', () => {
    const [previous, next] = pageButtons(searchPage, pageOf(items, 0, 5)).map((button) => button.toJSON());
    expect(previous).toMatchObject({ custom_id: 'search:page:k:-1', disabled: true });
    expect(next).toMatchObject({ custom_id: 'search:page:k:1', disabled: false });
    const [, last] = pageButtons(searchPage, pageOf(items, 2, 5)).map((button) => button.toJSON());
    expect(last).toMatchObject({ custom_id: 'search:page:k:3', disabled: true });
  });
});
