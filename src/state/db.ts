import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { SqlDatabase } from './sql.js';

export type Database = BetterSqlite3.Database;

/** How long a connection waits for another connection's write lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

export class SchemaVersionError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly knownVersion: number,
    databasePath: string,
  ) {
    super(
      `The database at ${databasePath} has schema version ${databaseVersion}, but this build of Lectern only ` +
        `knows versions up to ${knownVersion}. It was written by a newer Lectern; upgrade Lectern instead of ` +
        'opening it with this one (nothing was changed).',
    );
    this.name = 'SchemaVersionError';
  }
}

/**
 * The database cannot be opened where DATABASE_PATH points: a configuration problem, said in words that
 * name the path and the likely cause, not a stack trace.
 */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
  constructor(
    readonly databasePath: string,
    problem: string,
    remedy: string,
  ) {
    super(`DATABASE_PATH=${databasePath}: ${problem}. ${remedy}.`);
  }
}

/**
 * Opens (creating if needed) Lectern's state database and brings its schema up to date.
 * `':memory:'` gives a private in-memory database, for tests.
 */
export function openDatabase(databasePath: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  const inMemory = databasePath === ':memory:';
  if (!inMemory) prepareLocation(databasePath);
  let db: Database;
  try {
    db = new BetterSqlite3(databasePath);
  } catch (error) {
    throw explainOpenFailure(databasePath, error);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL lets readers (status, search filters) proceed while a writer commits, and each commit is one
    // append to the log instead of a rewrite of pages in place.
    if (!inMemory) db.pragma('journal_mode = WAL');
    // In WAL mode, NORMAL already survives kill -9 (a committed transaction sits in the WAL file in the OS
    // page cache), but it may lose the last commits on power loss or an OS crash. FULL fsyncs the WAL on
    // every commit, so a session step or note we acknowledged to Discord is on disk before we say so. The
    // cost (one fsync per command) is negligible at a study group's command rate.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, databasePath, migrations);
  } catch (error) {
    db.close();
    throw explainOpenFailure(databasePath, error);
  }
  return db;
}

/** Creates the database's directory, and refuses early and by name what SQLite would report obscurely. */
function prepareLocation(databasePath: string): void {
  const absolute = path.resolve(databasePath);
  const directory = path.dirname(absolute);
  const blocker = nearestExisting(directory);
  if (blocker && !statSync(blocker).isDirectory()) {
    throw new DatabaseOpenError(
      databasePath,
      `${blocker} is a file, so the directory ${directory} cannot be created`,
      'Point DATABASE_PATH at a file inside a directory, or move that file away',
    );
  }
  try {
    mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw new DatabaseOpenError(
      databasePath,
      `the directory ${directory} cannot be created (${errorCode(error)})`,
      'Create it, or point DATABASE_PATH at a writable location',
    );
  }
  const existing = statSync(absolute, { throwIfNoEntry: false });
  if (existing?.isDirectory()) {
    throw new DatabaseOpenError(
      databasePath,
      'this is a directory, not a database file',
      `Name a file, such as ${path.join(databasePath, 'lectern.sqlite')}`,
    );
  }
  // SQLite opens a file it cannot write read-only without complaint and fails at the first write; and in
  // WAL mode it must create the -wal and -shm files beside the database, so the directory must be writable.
  if (existing && !writable(absolute)) {
    throw new DatabaseOpenError(
      databasePath,
      'the database file is read-only for this user',
      'Lectern writes its state there: make the file writable by the user running Lectern, or point DATABASE_PATH elsewhere',
    );
  }
  if (!writable(directory)) {
    throw new DatabaseOpenError(
      databasePath,
      `the directory ${directory} is read-only for this user`,
      'SQLite creates its -wal and -shm files beside the database: make the directory writable, or point DATABASE_PATH elsewhere',
    );
  }
}

function nearestExisting(directory: string): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    try {
      statSync(current);
      return current;
    } catch {
      // Missing, or below a file (ENOTDIR): look one level up.
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function writable(target: string): boolean {
  try {
    accessSync(target, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const errorCode = (error: unknown): string =>
  (error as { code?: unknown } | null)?.code ? String((error as { code: unknown }).code) : String(error);

/** Turns SQLite's codes into the configuration problem behind them; other errors pass through unchanged. */
function explainOpenFailure(databasePath: string, error: unknown): unknown {
  if (error instanceof SchemaVersionError || error instanceof DatabaseOpenError) return error;
  const code = errorCode(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseOpenError(
      databasePath,
      `the file is not a Lectern database (SQLite: ${(error as Error).message})`,
      'Point DATABASE_PATH at a new file to start afresh, or restore the database from a backup; the file was not changed',
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new DatabaseOpenError(
      databasePath,
      'the database is read-only (its file, directory or file system)',
      'Make it writable by the user running Lectern, or point DATABASE_PATH elsewhere',
    );
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') {
    return new DatabaseOpenError(
      databasePath,
      `SQLite cannot open or write the file (${code}: ${(error as Error).message})`,
      'Check that the path and its directory exist and are writable by the user running Lectern',
    );
  }
  return error;
}

/** The highest migration version applied to this database; 0 for a fresh one. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database, databasePath: string, migrations: readonly Migration[]): void {
  assertOrdered(migrations);
  const known = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > known) throw new SchemaVersionError(current, known, databasePath);

  for (const migration of migrations) {
    // Each step re-reads the version inside its own write lock: two processes opening a fresh file at once
    // must not both apply the same migration.
    const apply = db.transaction(() => {
      const version = schemaVersion(db);
      if (version > known) throw new SchemaVersionError(version, known, databasePath);
      if (version >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
      // user_version lives in the file header and is part of the transaction, so it moves with the schema.
      db.pragma(`user_version = ${migration.version}`);
    });
    apply.immediate();
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}`,
      );
    }
  });
}

/** Who holds the single-instance lock on a database. */
export interface InstanceLockHolder {
  pid: number;
  host: string;
  /** When it took the lock (ms since the epoch). */
  since: number;
  /** Its last heartbeat (ms since the epoch). */
  heartbeatAt: number;
}

/** Another live process holds the database's single-instance lock. */
export class InstanceLockError extends Error {
  override name = 'InstanceLockError';
  constructor(
    readonly holder: InstanceLockHolder,
    /** The setting that names the database, as the operator wrote it: `DATABASE_PATH=…` or `DATABASE_URL=…`. */
    database: string,
    now: number,
  ) {
    super(
      `Another Lectern is already running on ${database}: pid ${holder.pid} on host ` +
        `${holder.host}, since ${new Date(holder.since).toISOString()} (last heartbeat ` +
        `${Math.max(0, Math.round((now - holder.heartbeatAt) / 1000))} s ago). Two instances on one database ` +
        'would apply every command twice. Stop the other one first. A lock whose process has died is taken ' +
        `over at start-up: at once on the same host, after ${INSTANCE_STALE_AFTER_MS / 1000} s without a heartbeat from another.`,
    );
  }
}

export interface InstanceLock {
  readonly holder: InstanceLockHolder;
  /** The lock this one replaced because its process had died or stopped beating, if any. */
  readonly tookOverFrom: InstanceLockHolder | undefined;
  /** Renews the heartbeat; false when another process has taken the lock over. */
  refresh(): Promise<boolean>;
  /** Stops the heartbeat and gives the lock up, so the next process starts at once. */
  release(): Promise<void>;
}

export interface InstanceLockOptions {
  /** SQLite: the path as a refusal names it (`DATABASE_PATH=…`); default the database's location. */
  databasePath?: string;
  /** Called once if a heartbeat finds that another process took the lock: this one must stop. */
  onLost?: () => void;
  heartbeatMs?: number;
  /** A lock not renewed for this long is stale even if its pid looks alive (another host, a reused pid). */
  staleAfterMs?: number;
  pid?: number;
  host?: string;
  now?: () => number;
  isProcessAlive?: (pid: number) => boolean;
}

export const INSTANCE_HEARTBEAT_MS = 15_000;
export const INSTANCE_STALE_AFTER_MS = 60_000;

/**
 * Kept out of the migrations: it is process bookkeeping, not state, and a newer schema must not be needed to
 * refuse a second process. BIGINT for the times, which Postgres needs past 2^31 and SQLite reads as INTEGER.
 */
const INSTANCE_LOCK_TABLE = `CREATE TABLE IF NOT EXISTS instance_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  since BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL,
  owner TEXT NOT NULL
)`;

/**
 * Takes the database's single-instance lock, a row beside the data written in a write transaction (so two
 * processes, on any hosts, take it one after the other), renewed by a heartbeat. A gateway bot takes it at
 * start-up, since two processes receiving the same events would apply every command twice; a deployment
 * that shares one database between workers on purpose (an HTTP interactions endpoint behind a load
 * balancer) simply does not call this. A lock held by a dead pid on this host, or not renewed for
 * `staleAfterMs`, is taken over; otherwise this throws `InstanceLockError`.
 */
export async function acquireInstanceLock(
  sql: SqlDatabase,
  options: InstanceLockOptions = {},
): Promise<InstanceLock> {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const now = options.now ?? Date.now;
  const isAlive = options.isProcessAlive ?? processIsAlive;
  const staleAfterMs = options.staleAfterMs ?? INSTANCE_STALE_AFTER_MS;
  const owner = randomBytes(8).toString('hex');
  // On this host a pid is checked directly. A holder with our own pid is a previous life of this process
  // (a container restarted, its bot again pid 1), since this process has not taken the lock yet.
  const isStale = (holder: InstanceLockHolder) =>
    now() - holder.heartbeatAt > staleAfterMs ||
    (holder.host === host && (holder.pid === pid || !isAlive(holder.pid)));

  const { previous, holder } = await sql.transaction(async (tx) => {
    await tx.run(INSTANCE_LOCK_TABLE);
    const previous = await tx.get<InstanceLockHolder>(
      'SELECT pid, host, since, heartbeat_at AS "heartbeatAt" FROM instance_lock WHERE id = 1',
    );
    if (previous && !isStale(previous)) {
      const database =
        sql.engine === 'postgres'
          ? `DATABASE_URL=${sql.location}`
          : `DATABASE_PATH=${options.databasePath ?? sql.location}`;
      throw new InstanceLockError(previous, database, now());
    }
    const at = now();
    await tx.run(
      `INSERT INTO instance_lock (id, pid, host, since, heartbeat_at, owner) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, since = excluded.since,
           heartbeat_at = excluded.heartbeat_at, owner = excluded.owner`,
      [pid, host, at, at, owner],
    );
    return { previous, holder: { pid, host, since: at, heartbeatAt: at } };
  });

  // Lost: another process took the lock over. Released: this one gave it up, and a beat still in flight
  // that then finds the row gone must not report the lock lost.
  let state: 'held' | 'lost' | 'released' = 'held';
  const refresh = async (): Promise<boolean> => {
    if (state !== 'held' || !sql.isOpen) return false;
    const { changes } = await sql.run(
      'UPDATE instance_lock SET heartbeat_at = ? WHERE id = 1 AND owner = ?',
      [now(), owner],
    );
    if (changes === 1) return true;
    if (state === 'held') {
      state = 'lost';
      clearInterval(timer);
      options.onLost?.();
    }
    return false;
  };
  let beating = false;
  const timer = setInterval(() => {
    // A beat slower than the interval is not doubled up.
    if (beating) return;
    beating = true;
    refresh()
      .catch(() => {
        // A busy or briefly unavailable database: the next beat tries again, well inside the stale window.
      })
      .finally(() => {
        beating = false;
      });
  }, options.heartbeatMs ?? INSTANCE_HEARTBEAT_MS);
  timer.unref();
  return {
    holder,
    tookOverFrom: previous,
    refresh,
    async release() {
      clearInterval(timer);
      if (state !== 'held' || !sql.isOpen) return;
      state = 'released';
      await sql.run('DELETE FROM instance_lock WHERE id = 1 AND owner = ?', [owner]);
    },
  };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
