import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import {
  type FieldSources,
  IngestError,
  type IngestedDocument,
  type IngestInput,
  type IngestProgress,
  type IngestWarning,
  ingest,
  sha256Of,
} from '../ingest/index.js';
import type { Logger } from '../logger.js';
import { readingFromIngest, readingId } from './document.js';
import { type DoiMetadata, lookUpDoi, normalizeDoi } from './doi.js';
import { type FetchedFile, fetchAttachment, fetchDocument } from './fetch.js';
import type { Libraries } from './libraries.js';
import { type MissingField, type SuppliedMetadata, settleMetadata } from './metadata.js';
import { type AddedDocument, DuplicateReadingError } from './store.js';

/**
 * Adding a reading to a server's library: the file or page is downloaded, checked against the server's
 * readings, read by the ingest core, its metadata settled from what the moderator typed, a DOI and the
 * file itself, and stored in one transaction. Nothing is stored unless every step succeeded.
 */

export type AddLimits = Pick<
  Config,
  'uploadMaxBytes' | 'uploadMaxPages' | 'fetchPrivateNetworks' | 'doiResolverUrl'
>;

export interface AddDependencies {
  libraries: Libraries;
  logger: Logger;
  limits: AddLimits;
  /** How long a download or a DOI look-up may take; default 30 s. */
  fetchTimeoutMs?: number;
  now?: () => number;
}

/** Where the reading comes from: a file someone attached, or an address typed in `url:`. */
export type ReadingOrigin =
  | { kind: 'attachment'; url: string; filename: string; contentType?: string; size?: number }
  | { kind: 'url'; url: string };

export interface AddRequest {
  guildId: string;
  addedBy: string;
  origin: ReadingOrigin;
  supplied: SuppliedMetadata;
  onProgress?: (progress: AddProgress) => void;
}

export type AddProgress =
  | { stage: 'downloading'; receivedMb?: number; totalMb?: number }
  | { stage: 'looking-up-doi' }
  | ({ stage: 'reading' } & IngestProgress);

export interface AddedReading {
  document: AddedDocument;
  /** Where each field of the reference came from, in words a moderator understands. */
  sources: FieldSources;
  missing: MissingField[];
  /** Supplied values that could not be used as given. */
  problems: string[];
  warnings: IngestWarning[];
}

/** The file is a copy of a reading the server already has; `existing` is that reading. */
export class DuplicateReading extends UserError {
  override name = 'DuplicateReading';
  constructor(readonly existing: AddedDocument) {
    super(
      `That file is already in the library as ${existing.csl.title ?? existing.shortTitle} (\`${existing.id}\`).`,
      'conflict',
    );
  }
}

const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** Download progress is told in whole megabytes, so a fast download costs no edits. */
const MEGABYTE = 1024 * 1024;

/** The bytes of the reading, from Discord's CDN or the typed address, with download progress in MB. */
async function download(deps: AddDependencies, request: AddRequest, timeoutMs: number): Promise<FetchedFile> {
  const { limits } = deps;
  const { origin } = request;
  request.onProgress?.({ stage: 'downloading' });
  const onProgress = (received: number, total?: number) =>
    request.onProgress?.({
      stage: 'downloading',
      receivedMb: Math.floor(received / MEGABYTE),
      ...(total === undefined ? {} : { totalMb: Math.ceil(total / MEGABYTE) }),
    });
  return origin.kind === 'attachment'
    ? await fetchAttachment(origin.url, {
        maxBytes: limits.uploadMaxBytes,
        timeoutMs,
        onProgress,
        ...(origin.size === undefined ? {} : { declaredSize: origin.size }),
      })
    : await fetchDocument(origin.url, {
        maxBytes: limits.uploadMaxBytes,
        timeoutMs,
        onProgress,
        allowPrivateNetworks: limits.fetchPrivateNetworks,
      });
}

/** The ingest core's reading of the file; a file it refuses becomes the moderator's answer. */
async function read(
  deps: AddDependencies,
  request: AddRequest,
  input: IngestInput,
): Promise<IngestedDocument> {
  deps.logger.info(
    {
      guildId: request.guildId,
      filename: input.filename,
      sourceUrl: input.sourceUrl,
      bytes: input.bytes.byteLength,
    },
    'ingesting a new reading for a server library',
  );
  try {
    return await ingest(input, {
      maxBytes: deps.limits.uploadMaxBytes,
      maxPages: deps.limits.uploadMaxPages,
      onProgress: (progress) => request.onProgress?.({ stage: 'reading', ...progress }),
    });
  } catch (error) {
    if (error instanceof IngestError) {
      deps.logger.info(
        { guildId: request.guildId, filename: input.filename, code: error.code, err: error.cause },
        'a reading was refused',
      );
      throw new UserError(error.message, 'invalid-input');
    }
    throw error;
  }
}

export async function addReading(deps: AddDependencies, request: AddRequest): Promise<AddedReading> {
  const { libraries, limits } = deps;
  const { guildId, origin, supplied } = request;
  const timeoutMs = deps.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  // A mistyped DOI is refused before anything is downloaded.
  const doi = supplied.doi === undefined ? undefined : normalizeDoi(supplied.doi);
  if (supplied.doi !== undefined && doi === undefined) {
    throw new UserError('`doi:` takes a DOI such as 10.1234/abcd (or its https://doi.org/ address).');
  }
  const fetched = await download(deps, request, timeoutMs);
  const filename = origin.kind === 'attachment' ? origin.filename : fetched.filename;
  const contentType =
    origin.kind === 'attachment' ? (origin.contentType ?? fetched.contentType) : fetched.contentType;
  const sourceUrl = origin.kind === 'url' ? fetched.finalUrl : undefined;

  // Before extraction: a second copy is refused without reading it, and named so nobody hunts for it.
  const sha256 = sha256Of(fetched.bytes);
  const duplicate = await libraries.duplicateOf(guildId, sha256);
  if (duplicate) throw new DuplicateReading(duplicate);

  const ingested = await read(deps, request, {
    bytes: fetched.bytes,
    ...(filename === undefined ? {} : { filename }),
    ...(contentType === undefined ? {} : { contentType }),
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
  });

  let doiRecord: DoiMetadata | undefined;
  if (doi !== undefined) {
    request.onProgress?.({ stage: 'looking-up-doi' });
    doiRecord = await lookUpDoi(doi, {
      resolverUrl: limits.doiResolverUrl,
      timeoutMs,
      allowPrivateNetworks: limits.fetchPrivateNetworks,
    });
  }
  const settled = settleMetadata({
    supplied,
    ...(doiRecord === undefined ? {} : { doi: doiRecord }),
    stated: ingested.metadata,
    format: ingested.format,
    ...(filename === undefined && sourceUrl === undefined ? {} : { fallbackTitle: filename ?? sourceUrl }),
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
  });

  const id = readingId(settled.csl, await libraries.takenIds(guildId));
  const document = readingFromIngest(ingested, settled.csl, id, {
    guildId,
    addedBy: request.addedBy,
    ...(filename === undefined ? {} : { filename }),
    ...(sourceUrl === undefined ? {} : { sourceUrl }),
    addedAt: (deps.now ?? Date.now)(),
  });
  try {
    await libraries.add(document, {
      bytes: fetched.bytes,
      ...(filename === undefined ? {} : { filename }),
      ...(contentType === undefined ? {} : { contentType }),
    });
  } catch (error) {
    // Two adds of the same file at once: the store's transaction lets one in and refuses the other.
    if (error instanceof DuplicateReadingError) {
      const existing = await libraries.duplicateOf(guildId, sha256);
      if (existing) throw new DuplicateReading(existing);
    }
    throw error;
  }
  deps.logger.info(
    { guildId, documentId: id, format: ingested.format, passages: document.passages.length },
    'reading added to a server library',
  );
  return {
    document,
    sources: settled.sources,
    missing: settled.missing,
    problems: settled.problems,
    warnings: ingested.warnings,
  };
}
