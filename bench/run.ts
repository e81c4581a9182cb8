import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: prints figures, asserts nothing. Each corpus size runs in its own Node process.
 * Pass section names to run a subset: npm run bench -- search  |  npm run bench -- e2e
 */
const here = dirname(fileURLToPath(import.meta.url));
const sections = process.argv.slice(2);
const wants = (name: string) => sections.length === 0 || sections.includes(name);

function runNode(script: string, args: string[]): string {
  return execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(here, script), ...args], {
    encoding: 'utf8',
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

if (wants('e2e')) {
  console.log('\nEnd to end (real discord.js client ↔ local stand-in on loopback)');
  const row = JSON.parse(runNode('e2e-bench.ts', ['300']));
  console.table([
    {
      interactions: row.count,
      concurrency: row.concurrency,
      'ack p50 ms': fixed(row.p50),
      'ack p99 ms': fixed(row.p99),
      'ack max ms': fixed(row.max),
      'throughput /s': fixed(row.throughput, 1),
      answered: row.answered,
      violations: row.violations,
    },
  ]);
  console.log(
    'ack = time from INTERACTION_CREATE dispatch to the callback arriving at the stand-in (limit: 3000 ms).',
  );
}
