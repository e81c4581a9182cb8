// Preloaded into the bot with BENCH_BOT_NODE_ARGS="--expose-gc --import ./bench/memory-watch.mjs": appends
// the bot's memory (RSS, V8 heap, external) to BENCH_MEMORY_LOG every second, to see what RSS growth is made
// of. On SIGUSR2 (BENCH_HEAP_SNAPSHOTS=1000 sends one after 1,000 and after 10,000 interactions) it collects
// garbage first and logs what is still live: growth there is retained, growth only before it is headroom.
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.BENCH_MEMORY_LOG ?? 'memory.jsonl';
const mb = (bytes) => Math.round(bytes / 2 ** 20);
function sample(extra = {}) {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_used_size)]),
  );
  appendFileSync(
    file,
    `${JSON.stringify({ ...extra, at: Date.now(), rss: mb(usage.rss), heapTotal: mb(usage.heapTotal), heapUsed: mb(usage.heapUsed), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers), spaces })}\n`,
  );
}
setInterval(sample, 1000).unref();
process.on('SIGUSR2', () => {
  sample({ beforeGc: true });
  globalThis.gc?.();
  sample({ afterGc: true });
});
