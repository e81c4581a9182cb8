import { expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RequestStore, requestStore } from '../../src/discord/request-store.js';
import { describeEachEngine, openAgain, openTestDatabase, sqliteConnection } from '../support/engines.js';

describeEachEngine('request stores', (engine) => {
  it('gives each database its own store, the same one every time it asks', async () => {
    const stores = requestStore('test', z.string());
    const first = { sql: await openTestDatabase(engine) };
    const second = { sql: await openTestDatabase(engine) };
    const key = await stores(first).put('query');
    expect(stores(first)).toBe(stores(first));
    expect(await stores(first).get(key)).toBe('query');
    expect(await stores(second).get(key)).toBeUndefined();
    expect(await stores(second).size()).toBe(0);
  });

  it('forgets an entry once it expires and keeps at most the newest entries', async () => {
    let now = 0;
    const store = new RequestStore(await openTestDatabase(engine), 'test', z.number(), {
      ttlMs: 1000,
      maxEntries: 3,
      now: () => now,
    });
    const keys: string[] = [];
    for (const value of [1, 2, 3, 4]) {
      now++;
      keys.push(await store.put(value));
    }
    expect(await store.size()).toBe(3);
    expect(await store.get(keys[0] ?? '')).toBeUndefined();
    expect(await store.get(keys[3] ?? '')).toBe(4);
    now = 1004;
    expect(await store.get(keys[3] ?? '')).toBeUndefined();
  });

  it('writes each entry with one commit, sweeping or not; only a sweep takes the write lock', async () => {
    const sql = await openTestDatabase(engine);
    const transaction = vi.spyOn(sql, 'transaction');
    const run = vi.spyOn(sql, 'run');
    const plain = new RequestStore(sql, 'plain', z.number());
    await plain.put(1);
    // A put that also sweeps does all of it in the same one transaction.
    const capped = new RequestStore(sql, 'capped', z.number(), { maxEntries: 2 });
    await capped.put(1);
    expect(transaction).toHaveBeenCalledTimes(2);
    // The plain put is disposable; the sweeping one takes the write lock, as other hosts may sweep too.
    expect(transaction.mock.calls.map((call) => call[1])).toEqual([
      { disposable: true },
      { disposable: false },
    ]);
    expect(run).not.toHaveBeenCalled();
  });

  it('is shared by every process and host on the database: a key put by one is read by another connection', async () => {
    const writer = await openTestDatabase(engine, { onDisk: true });
    const reader = await openAgain(writer);
    const schema = z.object({ query: z.string(), page: z.number() });
    const key = await requestStore('search', schema)({ sql: writer }).put({ query: 'nuclear', page: 2 });
    expect(await requestStore('search', schema)({ sql: reader }).get(key)).toEqual({
      query: 'nuclear',
      page: 2,
    });
    // Kinds are apart.
    expect(await requestStore('references', schema)({ sql: reader }).get(key)).toBeUndefined();
    // SQLite only: paging state must not leave the connection less durable than session state needs (FULL = 2).
    if (engine === 'sqlite') expect(sqliteConnection(writer).pragma('synchronous', { simple: true })).toBe(2);
  });

  it('reads an entry that no longer fits the schema as gone, not as a crash', async () => {
    const sql = await openTestDatabase(engine);
    const key = await requestStore('search', z.object({ query: z.string() }))({ sql }).put({ query: 'x' });
    expect(await requestStore('search', z.object({ query: z.number() }))({ sql }).get(key)).toBeUndefined();
  });
});
