import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { commandDefinitions } from '../src/commands/index.js';
import { deployCommands } from '../src/discord/deploy.js';
import { startStandin } from '../src/discord-standin/server.js';
import { batch } from './load-mix.js';
import { startNodeFlags } from './start-flags.js';

/**
 * One bot (`bare` or `lectern`) as its own process, driven through the stand-in by a fixed load mix:
 * 40 % /search, 30 % /cite across all six styles, 10 % /summary, 10 % /compare, 10 % autocomplete.
 * Prints one JSON line: cold start to READY, the first warm-up batch after READY, then (after the warm-up,
 * BENCH_WARM_UP) per batch size ack and final-content percentiles and throughput, and (with `rss`) the bot's RSS
 * after 1,000 and after 10,000 interactions since it started.
 * Usage: e2e-bench.ts <bare|lectern> <batch sizes, comma-separated> [rss]; BENCH_BOT_NODE_ARGS adds Node
 * flags to the bot's process; BENCH_LOG_LEVEL shows its log.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] === 'bare' ? 'bare' : 'lectern';
const batchSizes = (process.argv[3] ?? '300,1000').split(',').map((size) => Number.parseInt(size, 10));
const measureRss = process.argv[4] === 'rss';

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number.parseInt(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0', 10);
  return kb / 1024;
}

/**
 * CPU time the bot's process has used (user + system), from /proc. On a shared machine wall-clock figures
 * move with the neighbours' load; the CPU a bot spends on the same interactions does not.
 */
function cpuMs(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const directory = mkdtempSync(join(tmpdir(), 'lectern-bench-'));
const standin = await startStandin();
await deployCommands({
  token: standin.token,
  apiUrl: standin.apiUrl,
  guildId: standin.guildId,
  definitions: commandDefinitions(),
});
// Lectern runs as `npm start` runs it: the compiled entry (bench/run.ts builds it first), else from source.
const compiledEntry = join(root, 'dist', 'src', 'index.js');
// BENCH_LECTERN_ENTRY runs another build (say, an older commit's src/index.ts) for before/after figures.
const lecternEntry =
  process.env.BENCH_LECTERN_ENTRY ??
  (existsSync(compiledEntry) ? compiledEntry : join(root, 'src', 'index.ts'));
const script = which === 'bare' ? join(root, 'bench', 'bare-bot.ts') : lecternEntry;
const entry = script.endsWith('.ts')
  ? ['--import', 'tsx', script]
  : [...(which === 'lectern' ? startNodeFlags(root) : []), script];
// Node flags for the bot alone, e.g. BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=.tmp/profile"
// (Node refuses --cpu-prof in NODE_OPTIONS, and the bench process's own profile is of no interest).
const botNodeArgs = (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const spawnedAt = performance.now();
const identified = standin.waitFor('identify', 30_000);
const child = spawn(process.execPath, [...botNodeArgs, ...entry], {
  cwd: root,
  env: {
    ...process.env,
    DISCORD_TOKEN: standin.token,
    DISCORD_API_URL: standin.apiUrl,
    DATABASE_PATH: join(directory, 'bench.sqlite'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  },
  stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
});
await identified;
const coldStartMs = performance.now() - spawnedAt;
// READY reaches the bot with IDENTIFY; give it a moment to finish its own start-up (onReady hooks).
await new Promise((done) => setTimeout(done, 500));

/**
 * With BENCH_HEAP_SNAPSHOTS set (milliseconds to wait), the bot gets SIGUSR2 after 1,000 and after 10,000
 * interactions. With BENCH_BOT_NODE_ARGS="--expose-gc --import ./bench/memory-watch.mjs" it then logs its
 * live heap after a full collection (quick); with "--heapsnapshot-signal=SIGUSR2" it writes a heap snapshot
 * instead, which on a loaded two-core machine takes minutes for this heap.
 */
async function heapSnapshot(): Promise<void> {
  if (!process.env.BENCH_HEAP_SNAPSHOTS) return;
  child.kill('SIGUSR2');
  // Writing a snapshot blocks the bot for a few seconds; wait until it has surely finished.
  await new Promise((done) => setTimeout(done, Number(process.env.BENCH_HEAP_SNAPSHOTS) || 15_000));
}

/**
 * Before the measured batches both bots get the same warm-up of the mix: 100 interactions by default, the
 * figures the speed issue's targets were set against. BENCH_WARM_UP=2000 measures bots that have run for a
 * while instead (the JIT done, the memos filled); the first batch after READY is reported apart either way.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 100);
const WARM_BATCH = Math.min(500, WARM_UP);
const rss: { after1k?: number; after10k?: number } = {};
let fired = 0;
let firstAfterReady: (Awaited<ReturnType<typeof batch>> & { cpuMs: number }) | undefined;
while (fired < WARM_UP) {
  const cpuBefore = cpuMs(child);
  const warm = await batch(standin, Math.min(WARM_BATCH, WARM_UP - fired), fired);
  firstAfterReady ??= { ...warm, cpuMs: cpuMs(child) - cpuBefore };
  fired += warm.size;
  if (measureRss && rss.after1k === undefined && fired >= 1_000) {
    rss.after1k = rssMb(child);
    await heapSnapshot();
  }
}
const batches = [];
for (const size of batchSizes) {
  const cpuBefore = cpuMs(child);
  batches.push({ ...(await batch(standin, size, fired)), cpuMs: cpuMs(child) - cpuBefore });
  fired += size;
}
if (measureRss) {
  while (fired < 1_000) fired += (await batch(standin, Math.min(500, 1_000 - fired), fired)).size;
  if (rss.after1k === undefined) {
    rss.after1k = rssMb(child);
    await heapSnapshot();
  }
  while (fired < 10_000) fired += (await batch(standin, Math.min(500, 10_000 - fired), fired)).size;
  rss.after10k = rssMb(child);
  await heapSnapshot();
}
console.log(
  JSON.stringify({
    bot: which,
    entry: script.startsWith(root) ? script.slice(root.length + 1) : script,
    coldStartMs,
    firstAfterReady,
    batches,
    rss,
    violations: standin.violations.length,
    violationKinds: [...new Set(standin.violations.flatMap((violation) => violation.problems))].slice(0, 5),
    fired,
  }),
);
child.kill('SIGTERM');
await new Promise((done) => child.once('exit', done));
await standin.close();
rmSync(directory, { recursive: true, force: true });
