import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadCorpus } from '../src/corpus/index.js';
import type { InteractionRecord, Standin } from '../src/discord-standin/server.js';

/**
 * The benches' one load mix, the same sequence for every bot and mode: 40 % /search, 30 % /cite across all
 * six styles, 10 % /summary, 10 % /compare, 10 % autocomplete; and one batch's figures.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const QUERIES = [
  'what should the UN Security Council do?',
  'military option',
  'Nunn-Lugar',
  'positive engagement aid deterrence',
  'Japan military buildup',
  'sunshine policy',
  'coercive engagement punishment',
  'denuclearisation',
  'role of China',
  'six-party talks',
];
const STYLES = ['apa', 'mla', 'chicago', 'harvard', 'bibtex', 'ris'];
const documentIds = loadCorpus(join(root, 'data')).documents.map((document) => document.id);

const text = (name: string, value: string, focused = false) => ({
  name,
  type: 3,
  value,
  ...(focused ? { focused: true } : {}),
});

/** The index-th interaction of the mix, the same sequence for both bots. */
export function fire(standin: Standin, index: number): InteractionRecord {
  const query = QUERIES[index % QUERIES.length] ?? 'engagement';
  const slot = index % 10;
  if (slot < 4) return standin.command('search', [text('query', query)]);
  if (slot < 7) {
    const style = STYLES[Math.floor(index / 10) % STYLES.length] ?? 'apa';
    return standin.command('cite', [text('query', query), text('style', style)]);
  }
  const documentId = documentIds[Math.floor(index / 10) % documentIds.length] ?? '';
  if (slot === 7) return standin.command('summary', [text('document', documentId)]);
  if (slot === 8) return standin.command('compare', index % 20 < 10 ? [text('topic', query)] : []);
  return standin.autocomplete('search', [text('query', query.slice(0, 1 + (index % 8)), true)]);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function settled(records: InteractionRecord[], timeoutMs: number): Promise<void> {
  await Promise.allSettled(records.map((record) => record.response));
  const deadline = performance.now() + timeoutMs;
  while (records.some((record) => record.acknowledgedAt !== undefined && record.completedAt === undefined)) {
    if (performance.now() > deadline) return;
    await new Promise((done) => setTimeout(done, 5));
  }
}

export async function batch(standin: Standin, size: number, offset: number) {
  const started = performance.now();
  const records = Array.from({ length: size }, (_, index) => fire(standin, offset + index));
  await settled(records, 30_000);
  const finished = Math.max(...records.map((record) => record.completedAt ?? record.acknowledgedAt ?? 0));
  const acks = records
    .filter((record) => record.acknowledgedAt !== undefined)
    .map((record) => (record.acknowledgedAt ?? 0) - record.dispatchedAt)
    .sort((a, b) => a - b);
  const finals = records
    .filter((record) => record.completedAt !== undefined)
    .map((record) => (record.completedAt ?? 0) - record.dispatchedAt)
    .sort((a, b) => a - b);
  return {
    size,
    answered: acks.length,
    completed: finals.length,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    finalP50: percentile(finals, 50),
    finalP99: percentile(finals, 99),
    throughput: (finals.length / Math.max(1, finished - started)) * 1000,
  };
}

/** A warm-up of 100 interactions of the mix, then one batch of each size in turn; the batches' figures. */
export async function warmThenBatches(
  standin: Standin,
  batchSizes: readonly number[],
): Promise<Array<Awaited<ReturnType<typeof batch>>>> {
  let fired = (await batch(standin, 100, 0)).size;
  const batches = [];
  for (const size of batchSizes) {
    batches.push(await batch(standin, size, fired));
    fired += size;
  }
  return batches;
}
