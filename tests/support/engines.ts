import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, inject } from 'vitest';
import { PostgresDatabase } from '../../src/state/postgres.js';
import type { SqlDatabase, SqlEngine } from '../../src/state/sql.js';
import { openSqlite, type SqliteDatabase } from '../../src/state/sqlite.js';

/** Every engine the storage interface has; a contract test runs once on each. */
export const ENGINES: readonly SqlEngine[] = ['sqlite', 'postgres'];

/** Where a test database is, so a second connection (another "process" or "host") can open the same one. */
export interface TestDatabaseHandle {
  engine: SqlEngine;
  /** SQLite: the file. Postgres: the server URL and this test's schema. */
  path?: string;
  url?: string;
  schema?: string;
}

const opened: SqlDatabase[] = [];
const handles = new WeakMap<SqlDatabase, TestDatabaseHandle>();

export interface OpenTestDatabaseOptions {
  /** SQLite: a file in a new temporary directory instead of `:memory:` (needed for a second connection). */
  onDisk?: boolean;
}

/**
 * A fresh, migrated database on `engine`: SQLite in memory (or a temporary file), or a new schema on the
 * tests' Postgres server. Closed by `closeTestDatabases` (registered by `describeEachEngine`).
 */
export async function openTestDatabase(
  engine: SqlEngine,
  options: OpenTestDatabaseOptions = {},
): Promise<SqlDatabase> {
  if (engine === 'sqlite') {
    const file = options.onDisk
      ? path.join(mkdtempSync(path.join(tmpdir(), 'lectern-sqlite-')), 'state.sqlite')
      : ':memory:';
    return track(openSqlite(file), { engine, path: file });
  }
  const url = inject('postgresUrl');
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  return track(await PostgresDatabase.open({ url, schema, poolSize: 4 }), { engine, url, schema });
}

/** Another connection to the same database as `database` (which must be on disk for SQLite). */
export async function openAgain(database: SqlDatabase): Promise<SqlDatabase> {
  const handle = handles.get(database);
  if (!handle) throw new Error('openAgain takes a database from openTestDatabase');
  if (handle.engine === 'sqlite') {
    if (!handle.path || handle.path === ':memory:') throw new Error('open it with { onDisk: true } first');
    return track(openSqlite(handle.path), handle);
  }
  return track(
    await PostgresDatabase.open({ url: handle.url ?? '', schema: handle.schema ?? 'public', poolSize: 4 }),
    handle,
  );
}

/** Where a test database is (to hand to a child process). */
export function handleOf(database: SqlDatabase): TestDatabaseHandle {
  const handle = handles.get(database);
  if (!handle) throw new Error('handleOf takes a database from openTestDatabase');
  return handle;
}

/** The better-sqlite3 connection under a SQLite test database, for tests of SQLite-only behaviour. */
export function sqliteConnection(database: SqlDatabase): SqliteDatabase['connection'] {
  if (database.engine !== 'sqlite') throw new Error('not a SQLite database');
  return (database as SqliteDatabase).connection;
}

export async function closeTestDatabases(): Promise<void> {
  const closing = opened.splice(0);
  await Promise.all(closing.map((database) => database.close().catch(() => {})));
}

/**
 * `body` once per engine, as `describe(`${title} [sqlite]`)` and `[postgres]`, with every database it
 * opened closed after each test.
 */
export function describeEachEngine(title: string, body: (engine: SqlEngine) => void): void {
  for (const engine of ENGINES) {
    describe(`${title} [${engine}]`, () => {
      afterEach(closeTestDatabases);
      body(engine);
    });
  }
}

function track<T extends SqlDatabase>(database: T, handle: TestDatabaseHandle): T {
  opened.push(database);
  handles.set(database, handle);
  return database;
}
