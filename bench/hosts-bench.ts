import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startStandin } from '../src/discord-standin/server.js';
import { prepareHost } from '../tests/support/hosts.js';
import { createTestDatabase, startTestPostgres } from '../tests/support/postgres-server.js';
import { warmThenBatches } from './load-mix.js';
import { startNodeFlags } from './start-flags.js';

/**
 * <hosts> Lectern hosts in HTTP interactions mode (one process each, WORKERS=1), each with its own data and
 * state directories, all on one Postgres database (a fresh one on TEST_DATABASE_URL's server, or on a
 * server started here), behind the stand-in's delivery taking them in turn as a load balancer would. The
 * benches' load mix drives them. Prints one JSON line: start-up until every host serves, then per batch
 * size ack and final-content percentiles and throughput. Usage: hosts-bench.ts <hosts> <batch sizes>
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const hostCount = Number.parseInt(process.argv[2] ?? '1', 10);
const batchSizes = (process.argv[3] ?? '300,1000').split(',').map((size) => Number.parseInt(size, 10));

/** Whether a host answers GET /health yet. */
function healthy(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (response) => {
      response.resume();
      done(response.statusCode === 200);
    });
    probe.on('error', () => done(false));
    probe.end();
  });
}

const postgres = await startTestPostgres();
const databaseUrl = await createTestDatabase(postgres.url);
const standin = await startStandin();
const delivery = standin.interactionsEndpoint;
const compiledEntry = join(root, 'dist', 'src', 'index.js');
const script = existsSync(compiledEntry) ? compiledEntry : join(root, 'src', 'index.ts');
const entry = script.endsWith('.ts') ? ['--import', 'tsx', script] : [...startNodeFlags(root), script];
const botNodeArgs = (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Host {
  port: number;
  directory: string;
  child: ChildProcess;
}

const spawnedAt = performance.now();
const hosts: Host[] = [];
for (let index = 0; index < hostCount; index++) {
  const { directory, port, env } = await prepareHost(`lectern-hosts-bench-${index}`, standin, databaseUrl);
  const child = spawn(process.execPath, [...botNodeArgs, ...entry], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  hosts.push({ port, directory, child });
}
for (const host of hosts) {
  while (!(await healthy(host.port))) {
    if (performance.now() - spawnedAt > 90_000) throw new Error('the hosts did not start within 90 s');
    await new Promise((done) => setTimeout(done, 50));
  }
}
const startupMs = performance.now() - spawnedAt;
const probes = await delivery.setEndpoints(hosts.map((host) => `http://127.0.0.1:${host.port}/interactions`));
if (!probes.every((probe) => probe.accepted))
  throw new Error(`an endpoint failed the stand-in's check: ${JSON.stringify(probes)}`);
// Each host compiles the citation styles right after it starts serving; let that finish.
await new Promise((done) => setTimeout(done, 1500));

const batches = await warmThenBatches(standin, batchSizes);
await delivery.settled();
const outcomes = [...delivery.outcomes.values()];
console.log(
  JSON.stringify({
    hosts: hostCount,
    entry: script.slice(root.length + 1),
    startupMs,
    batches,
    refused: outcomes.filter((outcome) => outcome.status !== 202).length,
    servedBy: new Set(outcomes.map((outcome) => outcome.endpoint)).size,
    violations: standin.violations.length,
  }),
);
for (const host of hosts) host.child.kill('SIGTERM');
await Promise.all(hosts.map((host) => new Promise((done) => host.child.once('exit', done))));
delivery.close();
await standin.close();
await postgres.stop();
for (const host of hosts) rmSync(host.directory, { recursive: true, force: true });
