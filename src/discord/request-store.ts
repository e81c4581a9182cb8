import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Database } from '../state/db.js';

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
 * database, so a button works whichever process gets the click (HTTP mode runs several) and after a
 * restart. Entries expire; a stale button then says so instead of guessing. What is read back is checked
 * against the schema, so an entry written by another build is a stale button, not a crash.
 */
export class RequestStore<T> {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private putsSinceCapCheck = 0;
  /** Stores one entry in one transaction, sweeping expired entries and the cap when asked; prepared once. */
  private write: ((key: string, json: string, now: number, sweep: boolean) => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly kind: string,
    private readonly schema: z.ZodType<T>,
    options: RequestStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.maxEntries = options.maxEntries ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Prepared once: /search puts an entry for every answer with pages, and preparing compiles the SQL each time. */
  private prepareWrite(): (key: string, json: string, now: number, sweep: boolean) => void {
    const expire = this.db.prepare<[number]>('DELETE FROM paging_requests WHERE expires_at <= ?');
    const insert = this.db.prepare<[string, string, string, number]>(
      'INSERT INTO paging_requests (key, kind, value_json, expires_at) VALUES (?, ?, ?, ?)',
    );
    const cap = this.db.prepare<[string, string, number]>(
      `DELETE FROM paging_requests WHERE kind = ? AND key NOT IN
         (SELECT key FROM paging_requests WHERE kind = ? ORDER BY expires_at DESC, rowid DESC LIMIT ?)`,
    );
    // One transaction, so one commit, whether or not this put also sweeps.
    const write = this.db.transaction((key: string, json: string, now: number, sweep: boolean) => {
      if (sweep) expire.run(now);
      insert.run(key, this.kind, json, now + this.ttlMs);
      if (sweep) cap.run(this.kind, this.kind, this.maxEntries);
    });
    return (key, json, now, sweep) => write(key, json, now, sweep);
  }

  put(value: T): string {
    const key = randomBytes(6).toString('base64url');
    const now = this.now();
    const sweep = ++this.putsSinceCapCheck >= CAP_CHECK_EVERY || this.maxEntries < CAP_CHECK_EVERY;
    if (sweep) this.putsSinceCapCheck = 0;
    this.write ??= this.prepareWrite();
    const write = this.write;
    this.durableEnough(() => write(key, JSON.stringify(value), now, sweep));
    return key;
  }

  get(key: string): T | undefined {
    const row = this.db
      .prepare<[string, string, number], { value_json: string }>(
        'SELECT value_json FROM paging_requests WHERE key = ? AND kind = ? AND expires_at > ?',
      )
      .get(key, this.kind, this.now());
    if (!row) return undefined;
    try {
      return this.schema.safeParse(JSON.parse(row.value_json)).data;
    } catch {
      return undefined;
    }
  }

  get size(): number {
    const row = this.db
      .prepare<[string, number], { count: number }>(
        'SELECT COUNT(*) AS count FROM paging_requests WHERE kind = ? AND expires_at > ?',
      )
      .get(this.kind, this.now());
    return row?.count ?? 0;
  }

  /**
   * Paging state is disposable: losing the last few entries to a power cut costs a stale button. So these
   * writes skip the fsync the connection makes for session state (synchronous = FULL), which would
   * otherwise cost every /search a disk flush. The setting is per connection and cannot change inside a
   * transaction; better-sqlite3 is synchronous, so nothing else runs in between.
   */
  private durableEnough(write: () => void): void {
    if (this.db.inTransaction || this.db.memory) {
      write();
      return;
    }
    const previous = this.db.pragma('synchronous', { simple: true });
    this.db.pragma('synchronous = NORMAL');
    try {
      write();
    } finally {
      this.db.pragma(`synchronous = ${Number(previous)}`);
    }
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
): (context: { db: Database }) => RequestStore<T> {
  const stores = new WeakMap<Database, RequestStore<T>>();
  return ({ db }) => {
    let store = stores.get(db);
    if (!store) {
      store = new RequestStore(db, kind, schema, options);
      stores.set(db, store);
    }
    return store;
  };
}
