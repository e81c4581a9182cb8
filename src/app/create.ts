import type { Command } from '../commands/types.js';
import type { Config } from '../config.js';
import { loadCorpus } from '../corpus/index.js';
import type { Logger } from '../logger.js';
import { createSearchEngine } from '../search/index.js';
import { ScheduledReadingStore, SessionStore } from '../sessions/index.js';
import { openDatabase, SettingsStore } from '../state/index.js';
import type { AppContext, SearchRequest } from './context.js';
import { RequestStore } from './request-store.js';

/**
 * Loads and validates everything the bot serves before it connects, so a bad data file stops start-up
 * with the file and field named instead of failing inside a chat reply.
 */
export function createAppContext(
  config: Config,
  logger: Logger,
  commandHelp: AppContext['commandHelp'],
): AppContext {
  const corpus = loadCorpus(config.dataDir, {
    onWarning: (warning) => logger.warn({ ...warning }, 'reference entry not fully parsed'),
  });
  const search = createSearchEngine(corpus);
  logger.info(
    { documents: corpus.documents.length, passages: corpus.passages.length },
    'library loaded and indexed',
  );
  const db = openDatabase(config.databasePath);
  logger.info({ databasePath: config.databasePath }, 'database open');
  return {
    config,
    logger,
    corpus,
    search,
    searchRequests: new RequestStore<SearchRequest>(),
    db,
    settings: new SettingsStore(db),
    sessions: new SessionStore(db),
    scheduledReadings: new ScheduledReadingStore(db),
    commandHelp,
    close() {
      if (db.open) db.close();
    },
  };
}

export type { Command };
