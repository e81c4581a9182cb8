import { warmUpCitations } from '../citations/index.js';
import type { Config } from '../config.js';
import { type Corpus, CorpusError, type CorpusWarning, loadCorpus } from '../corpus/index.js';
import { Libraries, LibraryStore } from '../library/index.js';
import type { Logger } from '../logger.js';
import { ScheduledReadingStore, SessionService, SessionStore } from '../sessions/index.js';
import { openStateDatabase, SettingsStore, type SqlDatabase } from '../state/index.js';
import type { AppContext } from './context.js';

export interface AppContextOptions {
  /**
   * Compile the citation styles now (default), or leave it to the caller: the production entry connects
   * first and compiles right after READY, so the bot reaches READY a second sooner.
   */
  warmUpCitations?: boolean;
}

/**
 * Loads and validates everything the bot serves before it connects, so a bad data file stops start-up
 * with the file and field named instead of failing inside a chat reply.
 */
export async function createAppContext(
  config: Config,
  logger: Logger,
  commandHelp: AppContext['commandHelp'],
  options: AppContextOptions = {},
): Promise<AppContext> {
  const warnings: CorpusWarning[] = [];
  const corpus = loadLibrary(config, logger, warnings);
  for (const warning of warnings) logger.debug({ ...warning }, 'reference entry flagged');
  if (warnings.length > 0) {
    logger.info(
      { flagged: warnings.length },
      'some reference entries are kept as printed but flagged; run npm run validate-data to list them',
    );
  }
  const sql = await openConfiguredDatabase(config, logger);
  // The database is released if what follows fails, so a failed start leaves no pool or file handle open.
  const libraries = await Libraries.open({
    shared: corpus,
    sharedVisible: config.sharedLibrary,
    store: new LibraryStore(sql),
    onUnreadable: (problem) =>
      logger.error({ ...problem }, 'a stored reading is unreadable and is not served'),
    onRefreshFailed: (error) =>
      logger.warn(
        { err: error },
        'refreshing a server library another host changed failed; it is read at its next use',
      ),
    onMissedChanges: () =>
      logger.info(
        {},
        'library notifications may have been missed while reconnecting; every server library is checked again',
      ),
    // Another process or host ran /library reload: this one reads its own data directory again.
    loadShared: () => loadLibrary(config, logger, []),
    onSharedReloadFailed: (error) =>
      logger.error(
        { err: error },
        'another process reloaded the shared library, but this one cannot read its data directory; it keeps the library it has',
      ),
  }).catch(async (error: unknown) => {
    await sql.close().catch(() => {});
    throw error;
  });
  const shared = await libraries.viewFor(null).catch(async (error: unknown) => {
    await libraries.close().catch(() => {});
    await sql.close().catch(() => {});
    throw error;
  });
  if (options.warmUpCitations ?? true) warmUpCitations();
  logger.info(
    {
      documents: corpus.documents.length,
      passages: corpus.passages.length,
      sharedLibrary: config.sharedLibrary,
    },
    'library loaded and indexed',
  );
  const sessions = new SessionStore(sql);
  const sessionService = new SessionService({ store: sessions, logger });
  return {
    config,
    logger,
    corpus: shared.corpus,
    search: shared.search,
    libraries,
    sql,
    settings: new SettingsStore(sql),
    sessions,
    sessionService,
    scheduledReadings: new ScheduledReadingStore(sql),
    commandHelp,
    async close() {
      // The timer's runs and the posts under way finish their queries before the database closes under them.
      sessionService.stopTimer();
      await sessionService.settled();
      await libraries.close();
      await sql.close();
    },
  };
}

/** The state database the configuration names (Postgres with DATABASE_URL, else SQLite), schema current. */
export async function openConfiguredDatabase(config: Config, logger: Logger): Promise<SqlDatabase> {
  const sql = await openStateDatabase({
    databaseUrl: config.databaseUrl,
    databasePath: config.databasePath,
    onConnectionError: (error) => logger.warn({ err: error }, 'a database connection failed; it is replaced'),
  });
  logger.info({ engine: sql.engine, database: sql.location }, 'database open');
  return sql;
}

/** Strict (the default) refuses to start on any data problem; otherwise broken files are logged and left out. */
export function loadLibrary(config: Config, logger: Logger, warnings: CorpusWarning[]): Corpus {
  try {
    return loadCorpus(config.dataDir, {
      strict: config.strictData,
      onWarning: (warning) => warnings.push(warning),
      onSkippedFile: (skipped) =>
        logger.warn({ file: skipped.file, problems: skipped.problems }, `data file ${skipped.reason}`),
    });
  } catch (error) {
    if (error instanceof CorpusError && config.strictData) {
      throw error.withAdvice(
        'Fix the files above, or start anyway with STRICT_DATA=false: files with problems are then skipped and their problems logged.',
      );
    }
    throw error;
  }
}
