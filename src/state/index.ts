export type { Database } from './db.js';
export { BUSY_TIMEOUT_MS, openDatabase, SchemaVersionError, schemaVersion } from './db.js';
export type { Migration } from './migrations.js';
export { MIGRATIONS } from './migrations.js';
export {
  AlreadyApplied,
  APPLIED_INTERACTION_MEMORY_MS,
  applyOnce,
  forgetAppliedBefore,
  wasApplied,
} from './once.js';
export type { GuildSettings, GuildSettingsPatch } from './settings.js';
export {
  normalizeTimeZone,
  SettingsError,
  SettingsStore,
} from './settings.js';
