import type { Config } from '../config.js';
import type { Corpus } from '../corpus/types.js';
import type { Libraries } from '../library/index.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/index.js';
import type { ScheduledReadingStore, SessionService, SessionStore } from '../sessions/index.js';
import type { SettingsStore, SqlDatabase } from '../state/index.js';
/** Everything a command needs, passed explicitly rather than hung on the discord.js client. */
export interface AppContext {
  config: Config;
  logger: Logger;
  /**
   * The library of the server being served: the router hands each handler the context of its interaction's
   * server (see ./scope.ts). On the context created at start-up, the shared library alone.
   */
  corpus: Corpus;
  search: SearchEngine;
  /** Every server's library view, and the store of the readings servers added. */
  libraries: Libraries;
  /** All state, on SQLite or Postgres (DATABASE_URL); nothing outside src/state knows which. */
  sql: SqlDatabase;
  settings: SettingsStore;
  sessions: SessionStore;
  /** Every change to a reading session goes through this: it keeps the timer and tells the Discord layer. */
  sessionService: SessionService;
  scheduledReadings: ScheduledReadingStore;
  /** The commands registered with Discord, for /help. */
  commandHelp: ReadonlyArray<{ name: string; description: string; example: string }>;
  /** Releases what the context opened (the database). */
  close(): Promise<void>;
}
