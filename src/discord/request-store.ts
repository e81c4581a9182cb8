import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { SqlDatabase, SqlQueries } from '../state/sql.js';

export interface RequestStoreOptions {
  ttlMs?: number;
  /** The most entries of this kind kept; the soonest to expire go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Counting a kind's entries and finding expired ones cost scans, so the cap and the expiry are checked every
 * this many puts, not on each (a read never returns an expired entry anyway).
 */
const CAP_CHECK_EVERY = 100;

/**
 * Remembers what a paged reply was asked for, so Prev/Next can rebuild a page. Custom ids hold at most 100
 * characters, too few for a query, so they carry a short key into this store instead. It lives in the
 * database, so a button works whichever process or host gets the click (HTTP mode runs several) and after
 * a restart. Entries expire; a stale button then says so instead of guessing. What is read back is checked
 * against the schema, so an entry written by another build is a stale button, not a crash. A put is a
 * disposable write (see SqlTransactionOptions): it commits without waiting for the disk, since a /search
 * reply should not wait for an fsync, and an entry lost in a power cut is only a button that says it expired.
 */
export class RequestStore<T> {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private putsSinceCapCheck = 0;

  constructor(
    private readonly sql: SqlDatabase,
    private readonly kind: string,
    private readonly schema: z.ZodType<T>,
    options: RequestStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Stores `value` under a new key in one transaction (one commit), sweeping expired entries and the cap when due. */
  async put(value: T): Promise<string> {
    const key = randomBytes(6).toString('base64url');
    const now = this.now();
    const sweep = ++this.putsSinceCapCheck >= CAP_CHECK_EVERY || this.maxEntries < CAP_CHECK_EVERY;
    if (sweep) this.putsSinceCapCheck = 0;
    const json = JSON.stringify(value);
    const insert = async (q: SqlQueries) =>
      q.run(
        `INSERT INTO paging_requests (key, kind, value_json, expires_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, value_json = excluded.value_json,
             expires_at = excluded.expires_at`,
        [key, this.kind, json, now + this.ttlMs],
      );
    await this.sql.transaction(
      async (tx) => {
        if (sweep) await tx.run('DELETE FROM paging_requests WHERE expires_at <= ?', [now]);
        await insert(tx);
        // Ties in expiry (puts in the same millisecond) are broken by key, so the cap keeps exactly maxEntries.
        if (sweep) {
          await tx.run(
            `DELETE FROM paging_requests WHERE kind = ? AND key NOT IN
               (SELECT key FROM paging_requests WHERE kind = ? ORDER BY expires_at DESC, key DESC LIMIT ?)`,
            [this.kind, this.kind, this.maxEntries],
          );
        }
      },
      // A sweep deletes rows other hosts may be sweeping too: under the write lock, one at a time, rather
      // than two deletes of overlapping rows deadlocking. A plain put needs no order.
      { disposable: !sweep },
    );
    return key;
  }

  async get(key: string): Promise<T | undefined> {
    const row = await this.sql.get<{ value_json: string }>(
      'SELECT value_json FROM paging_requests WHERE key = ? AND kind = ? AND expires_at > ?',
      [key, this.kind, this.now()],
    );
    if (!row) return undefined;
    try {
      return this.schema.safeParse(JSON.parse(row.value_json)).data;
    } catch {
      return undefined;
    }
  }

  async size(): Promise<number> {
    const row = await this.sql.get<{ count: number }>(
      'SELECT COUNT(*) AS count FROM paging_requests WHERE kind = ? AND expires_at > ?',
      [this.kind, this.now()],
    );
    return Number(row?.count ?? 0);
  }
}

/**
 * A store a command declares for itself, by kind (the entries of each kind are apart), made the first time
 * a database asks for it. The context stays command-agnostic: it never names the requests.
 */
export function requestStore<T>(
  kind: string,
  schema: z.ZodType<T>,
  options: RequestStoreOptions = {},
): (context: { sql: SqlDatabase }) => RequestStore<T> {
  const stores = new WeakMap<SqlDatabase, RequestStore<T>>();
  return ({ sql }) => {
    let store = stores.get(sql);
    if (!store) {
      store = new RequestStore(sql, kind, schema, options);
      stores.set(sql, store);
    }
    return store;
  };
}
