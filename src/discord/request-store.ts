import { randomBytes } from 'node:crypto';

/**
 * Remembers what a paged reply was asked for, so Prev/Next can rebuild a page. Custom ids hold at most 100
 * characters, too few for a query, so they carry a short key into this store instead. Entries expire; a
 * stale button then says so instead of guessing.
 */
export class RequestStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly maxEntries = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  put(value: T): string {
    this.evict();
    const key = randomBytes(6).toString('base64url');
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    return key;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * A store a command declares for itself, one per context (each running bot, each test harness), made the
 * first time the context asks for it. The context stays command-agnostic: it never names the requests.
 */
export function requestStore<T>(
  create: () => RequestStore<T> = () => new RequestStore<T>(),
): (context: object) => RequestStore<T> {
  const stores = new WeakMap<object, RequestStore<T>>();
  return (context) => {
    let store = stores.get(context);
    if (!store) {
      store = create();
      stores.set(context, store);
    }
    return store;
  };
}
