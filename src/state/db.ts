import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

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
 * Opens (creating if needed) Lectern's state database and brings its schema up to date.
 * `':memory:'` gives a private in-memory database, for tests.
 */
export function openDatabase(databasePath: string, migrations: readonly Migration[] = MIGRATIONS): Database {
  const inMemory = databasePath === ':memory:';
  if (!inMemory) mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  const db = new BetterSqlite3(databasePath);
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
    throw error;
  }
  return db;
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
