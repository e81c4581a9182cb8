import type pg from 'pg';
import { SchemaVersionError } from './db.js';
import type { Migration } from './migrations.js';

/**
 * Lectern's advisory locks: the first key says which ('LECT', and the next for migrations, so hosts
 * migrating wait for each other, not for writers), the second is the schema's hash, so two Lecterns in two
 * schemas of one server do not wait for each other.
 */
export const WRITE_LOCK_KEY = 0x4c454354;
const MIGRATION_LOCK_KEY = WRITE_LOCK_KEY + 1;

/**
 * Brings a Postgres schema up to date. A session-level advisory lock makes hosts that start at once take
 * turns: the first applies what is pending, each later one finds it applied. Each step is one transaction
 * with its record, so a host killed mid-step leaves the step wholly undone.
 */
export async function applyPostgresMigrations(
  pool: pg.Pool,
  schema: string,
  location: string,
  migrations: readonly Migration[],
): Promise<void> {
  const known = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [MIGRATION_LOCK_KEY, schema]);
    try {
      // Under the lock: two hosts' CREATE SCHEMA IF NOT EXISTS at once can both find it missing, and one fails.
      if (schema !== 'public') await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version BIGINT PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const current = Number(
        (await client.query('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations')).rows[0]
          .version,
      );
      if (current > known) throw new SchemaVersionError(current, known, location);
      for (const migration of migrations) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, Date.now()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [MIGRATION_LOCK_KEY, schema]);
    }
  } finally {
    client.release();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
