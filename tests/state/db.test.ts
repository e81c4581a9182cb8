import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireInstanceLock,
  DatabaseOpenError,
  INSTANCE_STALE_AFTER_MS,
  InstanceLockError,
} from '../../src/state/db.js';
import {
  MIGRATIONS,
  type Migration,
  openDatabase,
  SchemaVersionError,
  schemaVersion,
} from '../../src/state/index.js';
import type { SqlDatabase } from '../../src/state/sql.js';
import { describeEachEngine, handleOf, openAgain, openTestDatabase } from '../support/engines.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lectern-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function migrationRows(dbPath: string): Array<{ version: number; name: string }> {
  const raw = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return raw.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{
      version: number;
      name: string;
    }>;
  } finally {
    raw.close();
  }
}

// openDatabase, its pragmas, its schema version and its file errors are SQLite's alone (Postgres opens
// through PostgresDatabase.open, tested in sql.test.ts).
describe('openDatabase', () => {
  it('creates missing parent directories and applies every migration once', () => {
    const dbPath = path.join(dir, 'nested', 'deeper', 'lectern.sqlite');
    const db = openDatabase(dbPath);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    expect(migrationRows(dbPath).map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('reopens idempotently without re-running migrations or losing data', () => {
    const dbPath = path.join(dir, 'state.sqlite');
    const first = openDatabase(dbPath);
    first
      .prepare("INSERT INTO guild_settings (guild_id, time_zone, updated_at) VALUES ('g1', 'UTC', 1)")
      .run();
    first.close();
    for (let i = 0; i < 3; i++) openDatabase(dbPath).close();
    expect(migrationRows(dbPath)).toHaveLength(MIGRATIONS.length);
    const again = openDatabase(dbPath);
    expect(again.prepare('SELECT time_zone FROM guild_settings WHERE guild_id = ?').pluck().get('g1')).toBe(
      'UTC',
    );
    again.close();
  });

  it('sets WAL, synchronous FULL, foreign keys and a busy timeout', () => {
    const db = openDatabase(path.join(dir, 'pragmas.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    db.close();
  });

  it('opens an in-memory database', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('applies only the migrations a database is missing', () => {
    const dbPath = path.join(dir, 'upgrade.sqlite');
    openDatabase(dbPath, MIGRATIONS.slice(0, 1)).close();
    expect(migrationRows(dbPath).map((row) => row.version)).toEqual([1]);
    const db = openDatabase(dbPath);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
    expect(migrationRows(dbPath).map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database written by a newer schema and leaves it untouched', () => {
    const dbPath = path.join(dir, 'future.sqlite');
    openDatabase(dbPath).close();
    const raw = new BetterSqlite3(dbPath);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    expect(() => openDatabase(dbPath)).toThrow(SchemaVersionError);
    expect(() => openDatabase(dbPath)).toThrow(/newer Lectern/);
    const check = new BetterSqlite3(dbPath, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
    check.close();
  });

  it('rolls back a failing migration as a whole', () => {
    const dbPath = path.join(dir, 'broken.sqlite');
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'half broken',
        sql: 'CREATE TABLE half_made (x INTEGER); INSERT INTO no_such_table VALUES (1);',
      },
    ];
    expect(() => openDatabase(dbPath, broken)).toThrow(/no_such_table/);
    const db = openDatabase(dbPath);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_made'").pluck().get()).toBe(0);
    db.close();
  });

  it('rejects a migration list with gaps', () => {
    const gappy: Migration[] = [{ version: 2, name: 'skipped one', sql: 'SELECT 1;' }];
    expect(() => openDatabase(':memory:', gappy)).toThrow(/expected 1/);
  });
});

/**
 * Opens a database in a child process as an ordinary user: root writes through any permission bits, so
 * read-only files and directories can only be tried without it.
 */
function openAsOrdinaryUser(dbPath: string): { name: string; message: string } | undefined {
  // The child loads the code first and only then gives up root, so the checkout need not be readable by
  // `nobody` (a clone in a mode-700 temporary directory is not).
  const script = `
    const { openDatabase } = await import(${JSON.stringify(path.resolve('src/state/db.ts'))});
    // better-sqlite3 loads its native binding at the first open: one in memory, still as root.
    openDatabase(':memory:').close();
    if (process.getuid() === 0) { process.setgid(65534); process.setuid(65534); }
    try { openDatabase(${JSON.stringify(dbPath)}).close(); }
    catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`child failed: ${result.stderr}`);
  const line = result.stdout.trim();
  return line ? JSON.parse(line) : undefined;
}

// SQLite's file errors; Postgres has no file.
describe('database start-up errors name DATABASE_PATH and the cause', () => {
  it('a file that is not a database, unchanged', () => {
    const dbPath = path.join(dir, 'notes.sqlite');
    writeFileSync(dbPath, 'these are my notes, not a database\n'.repeat(200));
    expect(() => openDatabase(dbPath)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(dbPath)).toThrow(
      new RegExp(`^DATABASE_PATH=${dbPath}: the file is not a Lectern database .*backup`),
    );
  });

  it('a path whose parent is a file', () => {
    const file = path.join(dir, 'state');
    writeFileSync(file, 'x');
    const dbPath = path.join(file, 'deeper', 'lectern.sqlite');
    expect(() => openDatabase(dbPath)).toThrow(
      `DATABASE_PATH=${dbPath}: ${file} is a file, so the directory ${path.dirname(dbPath)} cannot be created`,
    );
  });

  it('a path that is a directory', () => {
    const dbPath = path.join(dir, 'a-directory');
    mkdirSync(dbPath);
    expect(() => openDatabase(dbPath)).toThrow(/a-directory: this is a directory, not a database file/);
  });

  it('a read-only database file, and a read-only directory', () => {
    chmodSync(dir, 0o777);
    const readOnlyFile = path.join(dir, 'read-only.sqlite');
    openDatabase(readOnlyFile).close();
    chmodSync(readOnlyFile, 0o444);
    expect(openAsOrdinaryUser(readOnlyFile)).toEqual({
      name: 'DatabaseOpenError',
      message: expect.stringMatching(/^DATABASE_PATH=.*read-only\.sqlite: the database file is read-only/),
    });
    const lockedDirectory = path.join(dir, 'locked');
    mkdirSync(lockedDirectory, { mode: 0o555 });
    chmodSync(lockedDirectory, 0o555);
    expect(openAsOrdinaryUser(path.join(lockedDirectory, 'lectern.sqlite'))).toEqual({
      name: 'DatabaseOpenError',
      message: expect.stringMatching(/locked is read-only for this user.*-wal and -shm/),
    });
    const writableDirectory = path.join(dir, 'open');
    mkdirSync(writableDirectory, { mode: 0o777 });
    chmodSync(writableDirectory, 0o777);
    expect(openAsOrdinaryUser(path.join(writableDirectory, 'lectern.sqlite'))).toBeUndefined();
  });
});

// The lock is a row written in a write transaction, so it guards a database on either engine: on
// Postgres, against a second process on any host.
describeEachEngine('single-instance lock', (engine) => {
  const HOST = 'reading-room-host';
  const named = (sql: SqlDatabase) =>
    engine === 'sqlite' ? `DATABASE_PATH=${handleOf(sql).path}` : `DATABASE_URL=${sql.location}`;

  it('refuses a second live process, naming its pid, host and start', async () => {
    const first = await openTestDatabase(engine, { onDisk: true });
    const second = await openAgain(first);
    const held = await acquireInstanceLock(first, {
      pid: 4242,
      host: HOST,
      now: () => Date.parse('2026-12-01T10:00:00Z'),
    });
    const refusal = await acquireInstanceLock(second, {
      pid: 5151,
      host: HOST,
      isProcessAlive: () => true,
      now: () => Date.parse('2026-12-01T10:00:05Z'),
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(InstanceLockError);
    expect((refusal as InstanceLockError).holder).toMatchObject({ pid: 4242, host: HOST });
    expect((refusal as Error).message).toContain(
      `${named(first)}: pid 4242 on host ${HOST}, since 2026-12-01T10:00:00.000Z (last heartbeat 5 s ago)`,
    );
    await held.release();
    const next = await acquireInstanceLock(second, { pid: 5151, host: HOST, isProcessAlive: () => true });
    expect(next.tookOverFrom).toBeUndefined();
    await next.release();
  });

  it('of two processes starting at the same moment on two connections, exactly one gets the lock', async () => {
    const first = await openTestDatabase(engine, { onDisk: true });
    const second = await openAgain(first);
    const outcomes = await Promise.allSettled(
      [first, second].map((sql, index) =>
        acquireInstanceLock(sql, { pid: 4242 + index, host: `host-${index}`, isProcessAlive: () => true }),
      ),
    );
    const held = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(held).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(InstanceLockError);
    expect((refused[0] as InstanceLockError).holder.pid).toBe(held[0]?.holder.pid);
    await held[0]?.release();
  });

  it('takes over a lock whose pid is dead on this host, and the old holder learns it lost the lock', async () => {
    const first = await openTestDatabase(engine, { onDisk: true });
    const second = await openAgain(first);
    let lost = 0;
    const old = await acquireInstanceLock(first, { pid: 4242, host: HOST, onLost: () => lost++ });
    const taken = await acquireInstanceLock(second, {
      pid: 5151,
      host: HOST,
      isProcessAlive: (pid) => pid !== 4242,
    });
    expect(taken.tookOverFrom).toMatchObject({ pid: 4242, host: HOST });
    expect(await old.refresh()).toBe(false);
    expect(await old.refresh()).toBe(false);
    expect(lost).toBe(1);
    expect(await taken.refresh()).toBe(true);
    await old.release();
    expect(await second.get('SELECT pid FROM instance_lock')).toEqual({ pid: 5151 });
    await taken.release();
  });

  it('on another host, waits for the heartbeat to go stale before taking over', async () => {
    const here = await openTestDatabase(engine, { onDisk: true });
    const elsewhere = await openAgain(here);
    const start = Date.parse('2026-12-01T10:00:00Z');
    const other = await acquireInstanceLock(elsewhere, { pid: 1, host: 'elsewhere', now: () => start });
    const isProcessAlive = () => {
      throw new Error('a pid on another host cannot be checked');
    };
    const attempt = (at: number) =>
      acquireInstanceLock(here, { pid: 1, host: HOST, isProcessAlive, now: () => at });
    await expect(attempt(start + INSTANCE_STALE_AFTER_MS)).rejects.toBeInstanceOf(InstanceLockError);
    const taken = await attempt(start + INSTANCE_STALE_AFTER_MS + 1);
    expect(taken.tookOverFrom).toMatchObject({ host: 'elsewhere' });
    await taken.release();
    await other.release();
  });

  it('treats a lock held by its own pid on its own host as left by a previous run', async () => {
    const sql = await openTestDatabase(engine);
    await acquireInstanceLock(sql, { pid: 1, host: HOST });
    const again = await acquireInstanceLock(sql, { pid: 1, host: HOST, isProcessAlive: () => true });
    expect(again.tookOverFrom).toMatchObject({ pid: 1 });
    await again.release();
  });

  it('a released lock lets the next process start at once, and a beat after the release reports nothing lost', async () => {
    const sql = await openTestDatabase(engine);
    let lost = 0;
    const lock = await acquireInstanceLock(sql, { pid: 4242, host: HOST, onLost: () => lost++ });
    const beat = lock.refresh();
    await lock.release();
    await beat;
    expect(await lock.refresh()).toBe(false);
    expect(lost).toBe(0);
    expect(await sql.get('SELECT pid FROM instance_lock')).toBeUndefined();
    const next = await acquireInstanceLock(sql, { pid: 5151, host: HOST, isProcessAlive: () => true });
    expect(next.tookOverFrom).toBeUndefined();
    await next.release();
  });
});
