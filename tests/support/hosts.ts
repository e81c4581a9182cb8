import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Standin } from '../../src/discord-standin/server.js';
import { freePort } from './ports.js';

/** One Lectern host of several on one Postgres database: its own directory and port, its environment. */
export interface HostSetup {
  directory: string;
  port: number;
  /** HTTP interactions mode with one worker, this host's copy of data/, its own state directory. */
  env: Record<string, string>;
}

/**
 * Sets up a host that shares nothing with the others but the database: a new directory holding a copy of
 * the library's data/ and an empty state directory, and a free port.
 */
export async function prepareHost(prefix: string, standin: Standin, databaseUrl: string): Promise<HostSetup> {
  const directory = mkdtempSync(join(tmpdir(), `${prefix}-`));
  cpSync(join(PROJECT_ROOT, 'data'), join(directory, 'data'), { recursive: true });
  mkdirSync(join(directory, 'state'));
  const port = await freePort();
  return {
    directory,
    port,
    env: {
      DISCORD_TOKEN: standin.token,
      DISCORD_API_URL: standin.apiUrl,
      DISCORD_PUBLIC_KEY: standin.interactionsEndpoint.publicKeyHex,
      INTERACTIONS_PORT: String(port),
      INTERACTIONS_HOST: '127.0.0.1',
      WORKERS: '1',
      DATA_DIR: join(directory, 'data'),
      DATABASE_PATH: join(directory, 'state', 'lectern.sqlite'),
      DATABASE_URL: databaseUrl,
    },
  };
}
