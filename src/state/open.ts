import { PostgresDatabase } from './postgres.js';
import type { SqlDatabase } from './sql.js';
import { openSqlite } from './sqlite.js';

export interface StateLocation {
  /** Postgres, when set. */
  databaseUrl?: string | undefined;
  /** SQLite otherwise (`:memory:` for a private in-memory database). */
  databasePath: string;
  onConnectionError?: (error: Error) => void;
}

/** Opens Lectern's state database, on whichever engine the configuration names, with its schema current. */
export async function openStateDatabase(location: StateLocation): Promise<SqlDatabase> {
  if (location.databaseUrl) {
    return PostgresDatabase.open({
      url: location.databaseUrl,
      ...(location.onConnectionError ? { onConnectionError: location.onConnectionError } : {}),
    });
  }
  return openSqlite(location.databasePath);
}
