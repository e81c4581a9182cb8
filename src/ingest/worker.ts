import { parentPort, workerData } from 'node:worker_threads';
import { type ExtractRequest, extract } from './extract.js';
import { IngestError } from './types.js';

/** What the worker posts back: progress as it goes, then one result or one error. */
export type WorkerMessage =
  | { type: 'progress'; unit: 'page' | 'chapter'; page: number; pages: number }
  | { type: 'done'; document: Awaited<ReturnType<typeof extract>> }
  | { type: 'error'; code: IngestError['code']; message: string }
  | { type: 'failed'; message: string };

const { bytes, request } = workerData as { bytes: Uint8Array; request: ExtractRequest };
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

try {
  const document = await extract(bytes, request, (progress) => post({ type: 'progress', ...progress }));
  post({ type: 'done', document });
} catch (error) {
  if (error instanceof IngestError) post({ type: 'error', code: error.code, message: error.message });
  else post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
}
