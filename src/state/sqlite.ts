import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './db.js';
import {
  SqlConstraintError,
  type SqlDatabase,
  type SqlDialect,
  type SqlParams,
  type SqlQueries,
  type SqlRunResult,
  type SqlTransactionOptions,
} from './sql.js';

const SQLITE_DIALECT: SqlDialect = { forUpdateSkipLocked: '' };

/** Statements are prepared once per SQL text; a store that builds SQL from data could grow it, so it is capped. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * The embedded engine: one better-sqlite3 connection behind the async storage interface. better-sqlite3 runs
 * each statement synchronously, so a statement costs no more than before; what the interface adds is a
 * queue, since a transaction's `work` awaits between statements and nothing else on this connection may
 * run inside it meanwhile. Queries outside a transaction wait for the transaction to end; when none is
 * open they run at once.
 */
export class SqliteDatabase implements SqlDatabase {
  readonly engine = 'sqlite' as const;
  readonly dialect = SQLITE_DIALECT;
  private readonly shared: SharedConnection;
  private closed = false;

  constructor(
    shared: SharedConnection,
    readonly location: string,
  ) {
    this.shared = shared;
    shared.handles += 1;
  }

  /** The better-sqlite3 connection itself, for tests of what only SQLite has (pragmas, statement counts). */
  get connection(): BetterSqlite3.Database {
    return this.shared.connection;
  }

  get isOpen(): boolean {
    return !this.closed && this.connection.open;
  }

  // Each method waits in its own loop, with no await between the last check and the statement: were the
  // wait a function of its own, a transaction queued earlier could begin in the turn between its return
  // and the statement, which would then run inside that transaction (and roll back with it).

  async get<Row>(sql: string, params: SqlParams = []): Promise<Row | undefined> {
    while (this.shared.held) await this.shared.held;
    return this.getNow<Row>(sql, params);
  }

  async all<Row>(sql: string, params: SqlParams = []): Promise<Row[]> {
    while (this.shared.held) await this.shared.held;
    return this.allNow<Row>(sql, params);
  }

  async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
    while (this.shared.held) await this.shared.held;
    return this.runNow(sql, params);
  }

  async transaction<T>(
    work: (tx: SqlQueries) => Promise<T>,
    options: SqlTransactionOptions = {},
  ): Promise<T> {
    while (this.shared.held) await this.shared.held;
    let release!: () => void;
    this.shared.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // In WAL mode NORMAL still survives kill -9 (the commit is in the OS's page cache); it skips the fsync.
    if (options.disposable) this.exec('PRAGMA synchronous = NORMAL');
    try {
      // IMMEDIATE takes the write lock now, so a read inside sees what the next writer will see.
      this.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.inTransaction);
        this.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.connection.inTransaction) this.exec('ROLLBACK');
        throw error;
      }
    } finally {
      if (options.disposable) this.exec('PRAGMA synchronous = FULL');
      this.shared.held = undefined;
      release();
    }
  }

  async notify(): Promise<void> {}

  async listen(): Promise<() => Promise<void>> {
    return async () => {};
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.shared.held) await this.shared.held;
    this.shared.handles -= 1;
    if (this.shared.handles > 0) return;
    openConnections.delete(this.shared.key);
    if (this.connection.open) this.connection.close();
  }

  /** What a transaction's `work` queries through: straight onto the connection it holds. */
  private readonly inTransaction: SqlQueries = {
    get: async <Row>(sql: string, params: SqlParams = []) => this.getNow<Row>(sql, params),
    all: async <Row>(sql: string, params: SqlParams = []) => this.allNow<Row>(sql, params),
    run: async (sql: string, params: SqlParams = []) => this.runNow(sql, params),
    transaction: async <T>(work: (tx: SqlQueries) => Promise<T>): Promise<T> => {
      const name = `lectern_${++this.shared.savepoints}`;
      this.exec(`SAVEPOINT ${name}`);
      try {
        const result = await work(this.inTransaction);
        this.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        if (this.connection.inTransaction) {
          this.exec(`ROLLBACK TO ${name}`);
          this.exec(`RELEASE ${name}`);
        }
        throw error;
      }
    },
  };

  private exec(sql: string): void {
    this.statement(sql).run();
  }

  private getNow<Row>(sql: string, params: SqlParams): Row | undefined {
    return translated(() => this.statement(sql).get(...bindable(params)) as Row | undefined);
  }

  private allNow<Row>(sql: string, params: SqlParams): Row[] {
    return translated(() => this.statement(sql).all(...bindable(params)) as Row[]);
  }

  private runNow(sql: string, params: SqlParams): SqlRunResult {
    return translated(() => {
      const statement = this.statement(sql);
      // A statement with RETURNING is a reader in better-sqlite3, which refuses run() for it.
      if (statement.reader) return { changes: statement.all(...bindable(params)).length };
      return { changes: statement.run(...bindable(params)).changes };
    });
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.shared.statements.get(sql);
    if (!statement) {
      if (this.shared.statements.size >= STATEMENT_CACHE_LIMIT) this.shared.statements.clear();
      statement = this.connection.prepare(sql);
      this.shared.statements.set(sql, statement);
    }
    return statement;
  }
}

/** better-sqlite3 binds no booleans; the schema stores flags as 0/1 on both engines. */
function bindable(params: SqlParams): unknown[] {
  return params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

const CONSTRAINT_KINDS: Record<string, SqlConstraintError['kind']> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign-key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not-null',
};

function translated<T>(statement: () => T): T {
  try {
    return statement();
  } catch (error) {
    const kind = CONSTRAINT_KINDS[(error as { code?: string }).code ?? ''];
    if (kind) throw new SqlConstraintError((error as Error).message, kind, { cause: error });
    throw error;
  }
}

/** One connection to a file, whichever handles use it, with the queue they share. */
interface SharedConnection {
  key: string;
  connection: BetterSqlite3.Database;
  statements: Map<string, BetterSqlite3.Statement>;
  /** Resolves when the transaction holding the connection ends; undefined when none does. */
  held: Promise<void> | undefined;
  savepoints: number;
  handles: number;
}

/**
 * The file's connections in this process, by absolute path. Two connections to one file in one process
 * would deadlock: a transaction on one awaits between statements, while BEGIN IMMEDIATE on the other waits
 * for its lock synchronously, and so stops the very thread that would release it. So a second open of a
 * file shares the first's connection and queue; other processes take the file's lock in turn.
 */
const openConnections = new Map<string, SharedConnection>();

/** Opens (creating if needed) the SQLite database at `databasePath` and brings its schema up to date. */
export function openSqlite(databasePath: string): SqliteDatabase {
  const key =
    databasePath === ':memory:' ? `:memory:${openConnections.size}:${Math.random()}` : resolve(databasePath);
  let shared = openConnections.get(key);
  if (!shared?.connection.open) {
    shared = {
      key,
      connection: openDatabase(databasePath),
      statements: new Map(),
      held: undefined,
      savepoints: 0,
      handles: 0,
    };
    openConnections.set(key, shared);
  }
  return new SqliteDatabase(shared, databasePath);
}
