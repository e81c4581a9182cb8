import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RequestStore, requestStore } from '../../src/discord/request-store.js';
import { openDatabase } from '../../src/state/db.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
const databasePath = () => {
  const directory = mkdtempSync(join(tmpdir(), 'lectern-requests-'));
  directories.push(directory);
  return join(directory, 'lectern.sqlite');
};

describe('request stores', () => {
  it('gives each database its own store, the same one every time it asks', () => {
    const stores = requestStore('test', z.string());
    const first = { db: openDatabase(':memory:') };
    const second = { db: openDatabase(':memory:') };
    const key = stores(first).put('query');
    expect(stores(first)).toBe(stores(first));
    expect(stores(first).get(key)).toBe('query');
    expect(stores(second).get(key)).toBeUndefined();
    expect(stores(second).size).toBe(0);
  });

  it('forgets an entry once it expires and keeps at most the newest entries', () => {
    let now = 0;
    const store = new RequestStore(openDatabase(':memory:'), 'test', z.number(), {
      ttlMs: 1000,
      maxEntries: 3,
      now: () => now,
    });
    const keys = [1, 2, 3, 4].map((value) => {
      now++;
      return store.put(value);
    });
    expect(store.size).toBe(3);
    expect(store.get(keys[0] ?? '')).toBeUndefined();
    expect(store.get(keys[3] ?? '')).toBe(4);
    now = 1004;
    expect(store.get(keys[3] ?? '')).toBeUndefined();
  });

  it('is shared by every process on the database: a key put by one is read by another connection', () => {
    const path = databasePath();
    const writer = openDatabase(path);
    const reader = openDatabase(path);
    const schema = z.object({ query: z.string(), page: z.number() });
    const key = requestStore('search', schema)({ db: writer }).put({ query: 'nuclear', page: 2 });
    expect(requestStore('search', schema)({ db: reader }).get(key)).toEqual({ query: 'nuclear', page: 2 });
    // Kinds are apart, and the write left the connection's durability setting as it was (FULL = 2).
    expect(requestStore('references', schema)({ db: reader }).get(key)).toBeUndefined();
    expect(writer.pragma('synchronous', { simple: true })).toBe(2);
    writer.close();
    reader.close();
  });

  it('reads an entry that no longer fits the schema as gone, not as a crash', () => {
    const db = openDatabase(':memory:');
    const key = requestStore('search', z.object({ query: z.string() }))({ db }).put({ query: 'x' });
    expect(requestStore('search', z.object({ query: z.number() }))({ db }).get(key)).toBeUndefined();
  });
});
