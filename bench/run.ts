import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPostgres } from '../tests/support/postgres-server.js';

/**
 * `npm run bench`: prints figures, asserts nothing. Each corpus size runs in its own Node process.
 * Pass section names to run a subset: npm run bench -- search  |  npm run bench -- escape  |  npm run bench -- e2e
 *   |  npm run bench -- views  |  npm run bench -- http  |  npm run bench -- hosts
 */
const here = dirname(fileURLToPath(import.meta.url));
const sections = process.argv.slice(2);
const wants = (name: string) => sections.length === 0 || sections.includes(name);

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(here, script), ...args], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 2 ** 20,
  });
}

const fixed = (value: number, digits = 2) => value.toFixed(digits);

console.log(`Lectern bench · Node ${process.version} · ${process.platform}/${process.arch}\n`);

if (wants('search')) {
  console.log('Search (typed-array postings, the one index; latency per query as /search runs it, warm)');
  const rows = ['real', '10000', '100000'].map((size) =>
    JSON.parse(runNode('search-bench.ts', [size, '2000'])),
  );
  console.table(
    rows.map((row) => ({
      corpus: row.size === 'real' ? 'real' : `synthetic ${row.size}`,
      passages: row.passages,
      'build ms': fixed(row.buildMs, 1),
      queries: row.queries,
      'p50 ms': fixed(row.p50, 3),
      'p99 ms': fixed(row.p99, 3),
      'max ms': fixed(row.max, 2),
      'hits/query': fixed(row.hitsPerQuery, 1),
      'index heap MB': fixed(row.indexHeapMb, 1),
      'heap MB': fixed(row.heapMb, 1),
      'RSS MB': fixed(row.rssMb, 1),
    })),
  );
}

if (wants('views')) {
  console.log(
    '\nServer views (the real library + one synthetic reading): a server adds one more 300-passage reading',
  );
  const rows = ['2000', '10000'].map((size) => JSON.parse(runNode('views-bench.ts', [size, '7', '1000'])));
  console.table(
    rows.map((row) => ({
      reading: `${row.size} passages`,
      'view passages': row.passages,
      'add: segment + compose ms': fixed(row.addMs, 1),
      'compose alone ms': fixed(row.composeMs, 1),
      'full rebuild ms (before)': fixed(row.monolithicMs, 1),
      'speed-up': fixed(row.monolithicMs / row.addMs, 1),
      'p50 ms composed': fixed(row.composed.p50, 3),
      'p50 ms monolithic': fixed(row.monolithic.p50, 3),
      'p99 ms composed': fixed(row.composed.p99, 3),
      'p99 ms monolithic': fixed(row.monolithic.p99, 3),
    })),
  );
  console.log(
    'add = a new reading object (its segment built) beside a view whose segments are built; compose alone =' +
      ' the same views again, every segment built; full rebuild = the engine before segmentation (kept in' +
      ' tests/search/monolithic) over the grown view. Medians of 7; search latency as /search runs it, warm.',
  );
}

if (wants('escape')) {
  console.log(
    '\nEscaping (escapeText, one walk, against discord.js escapeMarkdown as Lectern used it before)',
  );
  const result = JSON.parse(runNode('escape-bench.ts', []));
  console.table([
    {
      input: `library (${result.libraryStrings} strings, ${result.libraryChars} chars)`,
      'Lectern ns/char': fixed(result.library.lectern),
      'discord.js ns/char': fixed(result.library.discordJs),
      'speed-up': fixed(result.library.discordJs / result.library.lectern, 1),
    },
    ...result.hostile.map((row: { length: number; lectern: number; discordJs: number }) => ({
      input: `${row.length} chars of *_~|`,
      'Lectern ns/char': fixed(row.lectern),
      'discord.js ns/char': fixed(row.discordJs),
      'speed-up': fixed(row.discordJs / row.lectern, 1),
    })),
  ]);
  console.log('ns/char that stays flat as the input grows is linear; rising ns/char is superlinear.');
}

if (wants('ingest')) {
  // The ingest bench prints its own table (it runs the extraction worker, so it is its own process).
  console.log('');
  process.stdout.write(runNode('ingest-bench.ts', ['50', '300']));
}

if (wants('e2e')) {
  // The same build `npm start` runs first, so Lectern is measured as compiled JavaScript.
  execFileSync(
    process.execPath,
    [resolve(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: resolve(here, '..'),
      stdio: 'inherit',
    },
  );
  console.log('\nEnd to end: a bare discord.js bot and Lectern, each its own process, against the stand-in');
  console.log(
    'load mix: 40 % /search, 30 % /cite (six styles), 10 % /summary, 10 % /compare, 10 % autocomplete',
  );
  const bare = JSON.parse(runNode('e2e-bench.ts', ['bare', '300,1000']));
  const lectern = JSON.parse(runNode('e2e-bench.ts', ['lectern', '300,1000', 'rss']));
  const rows = [];
  for (const run of [bare, lectern]) {
    for (const batch of run.batches) {
      rows.push({
        bot: run.bot,
        concurrent: batch.size,
        answered: batch.answered,
        'ack p50 ms': fixed(batch.ackP50, 1),
        'ack p99 ms': fixed(batch.ackP99, 1),
        'final p50 ms': fixed(batch.finalP50, 1),
        'final p99 ms': fixed(batch.finalP99, 1),
        'throughput /s': fixed(batch.throughput, 0),
      });
    }
  }
  console.table(rows);
  const ratios = lectern.batches.map(
    (batch: { size: number; throughput: number; ackP99: number }, index: number) => {
      const floor = bare.batches[index];
      return {
        concurrent: batch.size,
        'throughput ratio (target ≥ 0.70)': fixed(batch.throughput / floor.throughput),
        'ack p99 ratio (target ≤ 1.50)': fixed(batch.ackP99 / floor.ackP99),
      };
    },
  );
  console.table(ratios);
  console.log(
    `measured after the same warm-up for both bots (${process.env.BENCH_WARM_UP ?? 100} interactions of the mix; BENCH_WARM_UP);` +
      ` the first warm-up batch after READY: bare ${fixed(bare.firstAfterReady.throughput, 0)} /s (ack p99 ${fixed(bare.firstAfterReady.ackP99, 0)} ms),` +
      ` Lectern ${fixed(lectern.firstAfterReady.throughput, 0)} /s (ack p99 ${fixed(lectern.firstAfterReady.ackP99, 0)} ms)`,
  );
  console.log(`entries: bare ${bare.entry} (through tsx), Lectern ${lectern.entry}`);
  console.log(
    `cold start to READY: bare ${fixed(bare.coldStartMs, 0)} ms, Lectern ${fixed(lectern.coldStartMs, 0)} ms` +
      ` · Lectern RSS after 1,000 interactions ${fixed(lectern.rss.after1k, 1)} MB, after 10,000` +
      ` ${fixed(lectern.rss.after10k, 1)} MB (ratio ${fixed(lectern.rss.after10k / lectern.rss.after1k)}, target ≤ 1.20)` +
      ` · violations: bare ${bare.violations}, Lectern ${lectern.violations}`,
  );
  for (const run of [bare, lectern]) {
    if (run.violations > 0) console.log(`${run.bot} violation kinds: ${run.violationKinds.join(' | ')}`);
  }
  console.log(
    'ack = INTERACTION_CREATE dispatch → callback at the stand-in (Discord allows 3000 ms); final = until the' +
      ' reply holds its final content (the edit after a deferral).',
  );
}

if (wants('http')) {
  // As `npm start` runs it: compiled (the e2e section builds it; build here when run alone).
  if (!sections.includes('e2e')) {
    execFileSync(
      process.execPath,
      [resolve(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: resolve(here, '..'), stdio: 'inherit' },
    );
  }
  console.log(
    '\nHTTP interactions mode: Lectern with 1 and with 2 worker processes on one port, against the stand-in',
  );
  console.log(
    'load mix: 40 % /search, 30 % /cite (six styles), 10 % /summary, 10 % /compare, 10 % autocomplete;' +
      ' each interaction a signed POST over a pool of kept-alive connections (up to 128)',
  );
  const runs = [1, 2].map((workers) => JSON.parse(runNode('http-bench.ts', [String(workers), '300,1000'])));
  const rows = [];
  for (const run of runs) {
    for (const batch of run.batches) {
      rows.push({
        workers: run.workers,
        concurrent: batch.size,
        answered: batch.answered,
        'ack p50 ms': fixed(batch.ackP50, 1),
        'ack p99 ms': fixed(batch.ackP99, 1),
        'final p99 ms': fixed(batch.finalP99, 1),
        'throughput /s': fixed(batch.throughput, 0),
      });
    }
  }
  console.table(rows);
  const [one, two] = runs;
  console.table(
    one.batches.map((batch: { size: number; throughput: number }, index: number) => ({
      concurrent: batch.size,
      '2 workers / 1 worker throughput': fixed((two.batches[index]?.throughput ?? 0) / batch.throughput),
    })),
  );
  console.log(
    runs
      .map(
        (run) =>
          `${run.workers} worker(s): serving ${fixed(run.startupMs, 0)} ms after spawn, answered by ${run.servedBy}` +
          ` process(es), not 202: ${run.refused}, violations: ${run.violations}`,
      )
      .join(' · '),
  );
  console.log(
    `entry: ${runs[0]?.entry}; on a 2-core machine the stand-in and the load share the cores with the workers.`,
  );
}

if (wants('hosts')) {
  // As `npm start` runs it: compiled (built here unless an earlier section has built it).
  if (!sections.includes('e2e') && !sections.includes('http')) {
    execFileSync(
      process.execPath,
      [resolve(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: resolve(here, '..'), stdio: 'inherit' },
    );
  }
  console.log(
    '\nSeveral hosts: 1 and 2 Lectern hosts (one process each) on one Postgres database, behind the' +
      " stand-in's delivery taking them in turn as a load balancer would",
  );
  console.log(
    'load mix: 40 % /search, 30 % /cite (six styles), 10 % /summary, 10 % /compare, 10 % autocomplete;' +
      ' each interaction a signed POST to the host whose turn it is',
  );
  // One server for both runs (TEST_DATABASE_URL's, or one started here), a fresh database for each.
  const postgres = await startTestPostgres();
  const env = { ...process.env, TEST_DATABASE_URL: postgres.url };
  interface HostsRun {
    hosts: number;
    entry: string;
    startupMs: number;
    batches: Array<{
      size: number;
      answered: number;
      ackP50: number;
      ackP99: number;
      finalP99: number;
      throughput: number;
    }>;
    refused: number;
    servedBy: number;
    violations: number;
  }
  let runs: [HostsRun, HostsRun];
  try {
    const run = (hosts: number): HostsRun =>
      JSON.parse(runNode('hosts-bench.ts', [String(hosts), '300,1000'], env));
    runs = [run(1), run(2)];
  } finally {
    await postgres.stop();
  }
  const rows = [];
  for (const run of runs) {
    for (const batch of run.batches) {
      rows.push({
        hosts: run.hosts,
        concurrent: batch.size,
        answered: batch.answered,
        'ack p50 ms': fixed(batch.ackP50, 1),
        'ack p99 ms': fixed(batch.ackP99, 1),
        'final p99 ms': fixed(batch.finalP99, 1),
        'interactions /s': fixed(batch.throughput, 0),
      });
    }
  }
  console.table(rows);
  const [one, two] = runs;
  console.table(
    one.batches.map((batch, index) => ({
      concurrent: batch.size,
      '2 hosts / 1 host throughput': fixed((two.batches[index]?.throughput ?? 0) / batch.throughput),
    })),
  );
  console.log(
    runs
      .map(
        (run) =>
          `${run.hosts} host(s): serving ${fixed(run.startupMs, 0)} ms after spawn, answered by ${run.servedBy}` +
          ` host(s), not 202: ${run.refused}, violations: ${run.violations}`,
      )
      .join(' · '),
  );
  console.log(
    `entry: ${one.entry}; one Postgres server (${process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'started for the bench'}), a fresh database per run; on a 2-core machine` +
      ' the stand-in, Postgres and the load share the cores with the hosts.',
  );
}
