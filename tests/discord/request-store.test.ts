import { describe, expect, it } from 'vitest';
import { RequestStore, requestStore } from '../../src/discord/request-store.js';

describe('request stores', () => {
  it('gives each context its own store, the same one every time it asks', () => {
    const stores = requestStore<string>();
    const first = {};
    const second = {};
    const key = stores(first).put('query');
    expect(stores(first)).toBe(stores(first));
    expect(stores(first).get(key)).toBe('query');
    expect(stores(second).get(key)).toBeUndefined();
    expect(stores(second).size).toBe(0);
  });

  it('forgets an entry once it expires and keeps at most the newest entries', () => {
    let now = 0;
    const store = new RequestStore<number>(1000, 3, () => now);
    const keys = [1, 2, 3, 4].map((value) => store.put(value));
    expect(store.size).toBe(3);
    expect(store.get(keys[0] ?? '')).toBeUndefined();
    expect(store.get(keys[3] ?? '')).toBe(4);
    now = 1000;
    expect(store.get(keys[3] ?? '')).toBeUndefined();
  });
});
