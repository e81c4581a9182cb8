export type { Database } from './db.js';
export { BUSY_TIMEOUT_MS, openDatabase, SchemaVersionError, schemaVersion } from './db.js';
export type { Migration } from './migrations.js';
export { MIGRATIONS, POSTGRES_MIGRATIONS } from './migrations.js';
export {
  AlreadyApplied,
  APPLIED_INTERACTION_MEMORY_MS,
  applyOnce,
  forgetAppliedBefore,
  wasApplied,
} from './once.js';
export { openStateDatabase, type StateLocation } from './open.js';
export {
  DatabaseConnectError,
  PostgresDatabase,
  type PostgresOptions,
  secretsOfDatabaseUrl,
} from './postgres.js';
export type { GuildSettings, GuildSettingsPatch } from './settings.js';
export {
  normalizeTimeZone,
  SettingsError,
  SettingsStore,
} from './settings.js';
export {
  SqlConstraintError,
  type SqlDatabase,
  type SqlDialect,
  type SqlEngine,
  type SqlParams,
  type SqlQueries,
  type SqlValue,
} from './sql.js';
export { openSqlite, SqliteDatabase } from './sqlite.js';
