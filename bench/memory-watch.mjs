// Preloaded into the bot with BENCH_BOT_NODE_ARGS="--import ./bench/memory-watch.mjs": appends the bot's
// memory (RSS, V8 heap, external) to BENCH_MEMORY_LOG every second, to see what RSS growth is made of.
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.BENCH_MEMORY_LOG ?? 'memory.jsonl';
const mb = (bytes) => Math.round(bytes / 2 ** 20);
setInterval(() => {
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_used_size)]),
  );
  appendFileSync(
    file,
    `${JSON.stringify({ at: Date.now(), rss: mb(usage.rss), heapTotal: mb(usage.heapTotal), heapUsed: mb(usage.heapUsed), external: mb(usage.external), arrayBuffers: mb(usage.arrayBuffers), spaces })}\n`,
  );
}, 1000).unref();
