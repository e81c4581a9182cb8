import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MIGRATIONS,
  type Migration,
  openDatabase,
  SchemaVersionError,
  schemaVersion,
} from '../../src/state/index.js';

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
