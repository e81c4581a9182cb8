import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startStandin } from '../src/discord-standin/server.js';
import { WORKER_HEADER } from '../src/http/server.js';
import { freePort } from '../tests/support/ports.js';
import { warmThenBatches } from './load-mix.js';
import { startNodeFlags } from './start-flags.js';

/**
 * Lectern in HTTP interactions mode with WORKERS=<n>, as its own process tree, driven through the stand-in
 * (signed POSTs, one connection each, as Discord's edge sends them) by the benches' load mix. Prints one
 * JSON line: start-up until every worker serves, then per batch size ack and final-content percentiles
 * and throughput. Usage: http-bench.ts <workers> <batch sizes, comma-separated>
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workers = Number.parseInt(process.argv[2] ?? '1', 10);
const batchSizes = (process.argv[3] ?? '300,1000').split(',').map((size) => Number.parseInt(size, 10));

/** Which worker answers GET /health on a fresh connection, or undefined while none listens. */
function healthOf(port: number): Promise<string | undefined> {
  return new Promise((done) => {
    const probe = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (response) => {
      response.resume();
      const worker = response.headers[WORKER_HEADER];
      done(Array.isArray(worker) ? worker[0] : worker);
    });
    probe.on('error', () => done(undefined));
    probe.end();
  });
}

const directory = mkdtempSync(join(tmpdir(), 'lectern-http-bench-'));
const standin = await startStandin();
const compiledEntry = join(root, 'dist', 'src', 'index.js');
const script = existsSync(compiledEntry) ? compiledEntry : join(root, 'src', 'index.ts');
const entry = script.endsWith('.ts') ? ['--import', 'tsx', script] : [...startNodeFlags(root), script];
const port = await freePort();
const spawnedAt = performance.now();
// Node flags for Lectern's processes, e.g. BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/profile".
const botNodeArgs = (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const child = spawn(process.execPath, [...botNodeArgs, ...entry], {
  cwd: root,
  env: {
    ...process.env,
    DISCORD_TOKEN: standin.token,
    DISCORD_API_URL: standin.apiUrl,
    DISCORD_PUBLIC_KEY: standin.interactionsEndpoint.publicKeyHex,
    INTERACTIONS_PORT: String(port),
    INTERACTIONS_HOST: '127.0.0.1',
    WORKERS: String(workers),
    DATABASE_PATH: join(directory, 'bench.sqlite'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  },
  stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
});
// Ready once fresh connections have reached every worker (the primary hands them out in turn).
const serving = new Set<string>();
while (serving.size < workers) {
  if (performance.now() - spawnedAt > 60_000) throw new Error('the workers did not start within 60 s');
  const worker = await healthOf(port);
  if (worker) serving.add(worker);
  else await new Promise((done) => setTimeout(done, 50));
}
const startupMs = performance.now() - spawnedAt;
const probe = await standin.interactionsEndpoint.setEndpoint(`http://127.0.0.1:${port}/interactions`);
if (!probe.accepted) throw new Error(`the endpoint failed the stand-in's check: ${JSON.stringify(probe)}`);
// Each worker compiles the citation styles right after it starts serving; let that finish.
await new Promise((done) => setTimeout(done, 1500));

const batches = await warmThenBatches(standin, batchSizes);
await standin.interactionsEndpoint.settled();
const outcomes = [...standin.interactionsEndpoint.outcomes.values()];
console.log(
  JSON.stringify({
    workers,
    entry: script.slice(root.length + 1),
    startupMs,
    batches,
    refused: outcomes.filter((outcome) => outcome.status !== 202).length,
    servedBy: new Set(outcomes.map((outcome) => outcome.worker)).size,
    violations: standin.violations.length,
  }),
);
child.kill('SIGTERM');
await new Promise((done) => child.once('exit', done));
await standin.close();
rmSync(directory, { recursive: true, force: true });
