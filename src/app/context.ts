import type { StyleChoice } from '../citations/index.js';
import type { Config } from '../config.js';
import type { Corpus } from '../corpus/types.js';
import type { Logger } from '../logger.js';
import type { SearchEngine } from '../search/index.js';
import type { ScheduledReadingStore, SessionService, SessionStore } from '../sessions/index.js';
import type { Database, SettingsStore } from '../state/index.js';
import type { RequestStore } from './request-store.js';

export interface SearchRequest {
  userId: string;
  query: string;
  documentId: string | undefined;
  ephemeral: boolean;
  /** Limits results to passages a reading session has covered, when it forbids spoilers. */
  passageIds?: readonly string[];
}

export interface ReferencesRequest {
  userId: string;
  query: string;
  author: string;
  year: number | undefined;
  style: StyleChoice;
}

/** Everything a command needs, passed explicitly rather than hung on the discord.js client. */
export interface AppContext {
  config: Config;
  logger: Logger;
  corpus: Corpus;
  search: SearchEngine;
  searchRequests: RequestStore<SearchRequest>;
  referenceRequests: RequestStore<ReferencesRequest>;
  /** The one embedded SQLite database (better-sqlite3) every stateful feature shares. */
  db: Database;
  settings: SettingsStore;
  sessions: SessionStore;
  /** Every change to a reading session goes through this: it keeps the timer and tells the Discord layer. */
  sessionService: SessionService;
  scheduledReadings: ScheduledReadingStore;
  /** The commands registered with Discord, for /help. */
  commandHelp: ReadonlyArray<{ name: string; description: string; example: string }>;
  /** Releases what the context opened (the database). */
  close(): void;
}
