import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/**
 * The worker is the sibling module of this one: worker.ts beside index.ts when run from source (tsx, tests),
 * worker.js in dist/. From source, the worker needs tsx's loader too, which a plain `node` parent lacks.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const extension = path.extname(here);
  const file = path.join(path.dirname(here), `worker${extension}`);
  const execArgv = [...process.execArgv];
  if (extension === '.ts' && !execArgv.some((argument) => argument.includes('tsx'))) {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    execArgv.push('--import', tsx);
  }
  return { file, execArgv };
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
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const request: ExtractRequest = {
    ...(input.filename === undefined ? {} : { filename: input.filename }),
    ...(input.contentType === undefined ? {} : { contentType: input.contentType }),
    ...(input.sourceUrl === undefined ? {} : { sourceUrl: input.sourceUrl }),
    documentId: options.documentId ?? `upload-${sha256.slice(0, 12)}`,
    sha256,
    maxPages: options.maxPages ?? INGEST_DEFAULTS.maxPages,
  };
  // The worker gets its own copy, so the caller's buffer is neither detached nor shared.
  const bytes = input.bytes.slice();
  const { file, execArgv } = workerEntry();
  const timeoutMs = options.timeoutMs ?? INGEST_DEFAULTS.timeoutMs;
  const worker = new Worker(file, {
    workerData: { bytes, request },
    transferList: [bytes.buffer as ArrayBuffer],
    execArgv,
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
        options.onProgress?.({ unit: message.unit, page: message.page, pages: message.pages });
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
