import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { createAppContext } from '../src/app/create.js';
import { commandHelp } from '../src/commands/index.js';
import { loadConfig } from '../src/config.js';
import { startStandin } from '../src/discord-standin/server.js';
import { startBotOnStandin } from '../src/local/standin-bot.js';
import { createLogger } from '../src/logger.js';

/** N concurrent /search interactions through the stand-in; prints one JSON line of figures. */
const count = Number.parseInt(process.argv[2] ?? '300', 10);
const queries = [
  'what should the UN Security Council do?',
  'military option',
  'Nunn-Lugar',
  'positive engagement aid deterrence',
  'Japan military buildup',
  'sunshine policy',
  'coercive engagement punishment',
  'denuclearisation',
];

const directory = mkdtempSync(join(tmpdir(), 'lectern-bench-'));
const standin = await startStandin();
const logger = createLogger({
  level: 'warn',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});
const context = createAppContext(
  loadConfig({ DATABASE_PATH: join(directory, 'bench.sqlite') }),
  logger,
  commandHelp,
);
const bot = await startBotOnStandin(context, standin);

// Warm-up, so the figures describe a running bot rather than its first second.
await Promise.all(
  Array.from(
    { length: 20 },
    (_, index) =>
      standin.command('search', [{ name: 'query', type: 3, value: queries[index % queries.length] }])
        .response,
  ),
);

const started = performance.now();
const records = Array.from({ length: count }, (_, index) =>
  standin.command('search', [{ name: 'query', type: 3, value: queries[index % queries.length] }]),
);
const results = await Promise.allSettled(records.map((record) => record.response));
const elapsed = performance.now() - started;
const latencies = records
  .filter((record) => record.acknowledgedAt !== undefined)
  .map((record) => (record.acknowledgedAt ?? 0) - record.dispatchedAt)
  .sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  JSON.stringify({
    count,
    concurrency: count,
    answered: results.filter((result) => result.status === 'fulfilled').length,
    p50: percentile(50),
    p99: percentile(99),
    max: latencies.at(-1) ?? 0,
    throughput: (count / elapsed) * 1000,
    violations: standin.violations.length,
  }),
);
await bot.stop();
context.close();
await standin.close();
rmSync(directory, { recursive: true, force: true });
