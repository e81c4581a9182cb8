/**
 * The one storage interface every store is written against. Two engines implement it: SQLite (embedded,
 * the default) and Postgres (DATABASE_URL, for several hosts). Nothing outside src/state knows which one is
 * behind it; a store writes its SQL once, in the subset both engines speak:
 *
 * - `?` placeholders (the Postgres engine numbers them);
 * - `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE SET x = excluded.x`, never `INSERT OR …`;
 * - `RETURNING id` for a new row's id, read with `get`;
 * - aliases in double quotes when they are not lower case (`AS "heartbeatAt"`): Postgres folds bare ones;
 * - integers for times (ms since the epoch) and flags (0/1); JSON as text; bytes as Buffer;
 * - no engine functions (`datetime`, `now()`): times come in as parameters, from the caller's clock.
 *
 * Where the two must differ, `dialect` says how (see SqlDialect).
 */
export type SqlValue = string | number | bigint | boolean | Buffer | null;
export type SqlParams = readonly SqlValue[];

export interface SqlRunResult {
  /** Rows the statement inserted, updated or deleted. */
  changes: number;
}

/** Queries on a database, or inside one of its transactions. */
export interface SqlQueries {
  get<Row>(sql: string, params?: SqlParams): Promise<Row | undefined>;
  all<Row>(sql: string, params?: SqlParams): Promise<Row[]>;
  run(sql: string, params?: SqlParams): Promise<SqlRunResult>;
  /**
   * Runs `work` in one transaction that holds the database's write lock from its first statement, so
   * transactions from any number of connections, processes or hosts apply one after another, each to the
   * state the previous one committed (SQLite: BEGIN IMMEDIATE; Postgres: a transaction-scoped advisory
   * lock). Commits when `work` resolves and rolls back when it throws. Inside another transaction it is a
   * savepoint: its own failure rolls back only its own statements.
   *
   * `work` must use `tx`, not the database: the database's own queries wait for the transaction to end.
   */
  transaction<T>(work: (tx: SqlQueries) => Promise<T>, options?: SqlTransactionOptions): Promise<T>;
}

export interface SqlTransactionOptions {
  /**
   * What the transaction writes may be lost in a power cut or an OS crash, and needs no ordering against
   * other writes (paging state: a lost entry is a stale button that says so). It then commits without
   * waiting for the disk (SQLite: synchronous = NORMAL for it; Postgres: synchronous_commit off, and no
   * write lock). Everything else is durable, the default.
   */
  disposable?: boolean;
}

export interface SqlDialect {
  /** Appended to a SELECT that claims rows for this process: Postgres skips rows another host holds. */
  readonly forUpdateSkipLocked: string;
}

export type SqlEngine = 'sqlite' | 'postgres';

/** Tells a host that another changed something it keeps a copy of (its search index). */
export interface SqlNotification {
  channel: string;
  payload: string;
}

export interface SqlDatabase extends SqlQueries {
  readonly engine: SqlEngine;
  readonly dialect: SqlDialect;
  /** Where the database is, for messages and logs: a path, or a URL without its password. */
  readonly location: string;
  /** False once closed. */
  readonly isOpen: boolean;
  /**
   * Sends `payload` on `channel` to every host listening, once the current transaction (when given one)
   * commits. SQLite has no other hosts: processes sharing its file poll revisions instead, so this does
   * nothing there.
   */
  notify(channel: string, payload: string, tx?: SqlQueries): Promise<void>;
  /**
   * Calls `onNotification` for each notification on `channel`, and `onGap` whenever some may have been
   * missed (the listening connection was lost and is back): the listener must then catch up by reading.
   * Resolves once listening; the returned function stops. SQLite never calls either.
   */
  listen(
    channel: string,
    onNotification: (payload: string) => void,
    onGap: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Thrown for a unique-key violation, in the same shape on both engines. */
export class SqlConstraintError extends Error {
  override name = 'SqlConstraintError';
  constructor(
    message: string,
    readonly kind: 'unique' | 'foreign-key' | 'check' | 'not-null',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
