import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { ExtractRequest } from './extract.js';
import { IngestError, type IngestedDocument, type IngestInput, type IngestOptions } from './types.js';
import type { WorkerMessage } from './worker.js';

export type * from './types.js';
export { IngestError } from './types.js';

export const INGEST_DEFAULTS = {
  maxBytes: 20 * 1024 * 1024,
  maxPages: 500,
  timeoutMs: 60_000,
  maxMemoryMb: 512,
} as const;

/** "20 MB", "1.5 MB": a size as a moderator reads it in a refusal. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Hex SHA-256 of a file's bytes: the name a reading is known by when the same file comes again. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** tsx's module-hook API as an ES module URL, found through tsx's own export map. */
function tsxRegisterUrl(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('tsx/package.json');
  const manifest = require(manifestPath) as { exports: Record<string, { import: { default: string } }> };
  const entry = manifest.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return pathToFileURL(path.join(path.dirname(manifestPath), entry)).href;
}

/**
 * The worker is the sibling module of this one: worker.js beside index.js in dist/, started as it is. From
 * source (tsx, tests) it is worker.ts, which plain Node cannot load, and Node 20 does not apply a parent's
 * `--import` hooks to a worker's entry; so a two-line bootstrap registers tsx inside the worker and then
 * imports worker.ts.
 */
function startWorker(options: WorkerOptions): Worker {
  const here = fileURLToPath(import.meta.url);
  const extension = path.extname(here);
  const entry = pathToFileURL(path.join(path.dirname(here), `worker${extension}`));
  // The worker needs none of the parent's Node flags, and Node refuses some in a worker (--expose-gc,
  // --eval): from source it registers tsx itself, compiled it needs nothing.
  if (extension !== '.ts') return new Worker(entry, { ...options, execArgv: [] });
  const bootstrap = `import(${JSON.stringify(tsxRegisterUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: [] });
}

/**
 * Turns a file or fetched page into a library document: its text as passages with locators, the structure
 * it shows (abstract, headings, references), what it states about itself, and warnings. The file is read in
 * a worker thread with a memory and a time limit, so a hostile or broken file costs a rejection, not the bot.
 * Fails with an IngestError whose message a moderator can act on.
 */
export async function ingest(input: IngestInput, options: IngestOptions = {}): Promise<IngestedDocument> {
  const maxBytes = options.maxBytes ?? INGEST_DEFAULTS.maxBytes;
  if (input.bytes.byteLength === 0) throw new IngestError('empty', 'The file is empty.');
  if (input.bytes.byteLength > maxBytes) {
    throw new IngestError(
      'too-large',
      `The file is ${megabytes(input.bytes.byteLength)}; the library takes files of at most ${megabytes(maxBytes)}.`,
    );
  }
  const sha256 = sha256Of(input.bytes);
  const request: ExtractRequest = {
    ...(input.filename === undefined ? {} : { filename: input.filename }),
    ...(input.contentType === undefined ? {} : { contentType: input.contentType }),
    ...(input.sourceUrl === undefined ? {} : { sourceUrl: input.sourceUrl }),
    documentId: options.documentId ?? `upload-${sha256.slice(0, 12)}`,
    sha256,
    maxPages: options.maxPages ?? INGEST_DEFAULTS.maxPages,
  };
  // The worker gets its own copy, so the caller's buffer is neither detached nor shared. Not `slice()`: on a
  // Buffer that returns a view of the same memory, perhaps Node's shared pool.
  const bytes = new Uint8Array(input.bytes.byteLength);
  bytes.set(input.bytes);
  const timeoutMs = options.timeoutMs ?? INGEST_DEFAULTS.timeoutMs;
  const worker = startWorker({
    workerData: { bytes, request },
    transferList: [bytes.buffer as ArrayBuffer],
    resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb ?? INGEST_DEFAULTS.maxMemoryMb },
    stdout: false,
    stderr: false,
  });

  return await new Promise<IngestedDocument>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          new IngestError(
            'timeout',
            `Reading the file took longer than ${Math.round(timeoutMs / 1000) || 1} s and was stopped. It may be too complex; try a smaller or simpler copy.`,
          ),
        ),
      );
    }, timeoutMs);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        // A throwing callback would otherwise escape as an uncaught exception from this event handler.
        try {
          options.onProgress?.({ unit: message.unit, page: message.page, pages: message.pages });
        } catch (error) {
          settle(() => reject(error));
        }
      } else if (message.type === 'done') settle(() => resolve(message.document));
      else if (message.type === 'error') settle(() => reject(new IngestError(message.code, message.message)));
      else {
        settle(() =>
          reject(
            new IngestError(
              'corrupt',
              'The file could not be read; it may be damaged. Try saving or exporting it again.',
              {
                cause: new Error(message.message),
              },
            ),
          ),
        );
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() =>
        reject(
          outOfMemory
            ? new IngestError(
                'too-large',
                'Reading the file needed more memory than Lectern allows; try a smaller copy.',
                { cause: error },
              )
            : new IngestError(
                'corrupt',
                'The file could not be read; it may be damaged. Try saving or exporting it again.',
                { cause: error },
              ),
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() =>
        reject(
          new IngestError('corrupt', 'Reading the file stopped before it finished.', {
            cause: new Error(`worker exited with ${code}`),
          }),
        ),
      );
    });
  });
}
