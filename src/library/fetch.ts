import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { UserError, type UserErrorCode } from '../errors.js';
import { megabytes } from '../ingest/index.js';
import { cleanName, truncateText } from '../text/unicode.js';

/**
 * Fetches the file behind `/library add url:` or an attachment Discord handed over: http(s) only, a bounded
 * body, one deadline for the whole exchange, redirects followed by hand so that every hop is checked. A URL a
 * member typed may not reach the bot's own network (loopback, private ranges, cloud metadata) unless the
 * operator allows it; the check runs when the connection is made, on every address the name resolves to,
 * so a name that resolves differently the second time cannot slip past it.
 *
 * Messages name the host only: attachment URLs carry signatures in their query strings.
 */

export type FetchErrorCode =
  | 'bad-url'
  | 'private-address'
  | 'unreachable'
  | 'http-status'
  | 'not-a-document'
  | 'too-large'
  | 'timeout';

export class FetchError extends UserError {
  override name = 'FetchError';
  constructor(
    readonly reason: FetchErrorCode,
    message: string,
    options: { code?: UserErrorCode; status?: number; cause?: unknown } = {},
  ) {
    super(message, options.code ?? 'invalid-input');
    if (options.status !== undefined) this.status = options.status;
    if (options.cause !== undefined) this.cause = options.cause;
  }
  /** The HTTP status, for an `http-status` refusal. */
  readonly status?: number;
}

export interface FetchedFile {
  bytes: Uint8Array;
  contentType?: string;
  filename?: string;
  finalUrl: string;
}

export type FetchProgress = (received: number, total?: number) => void;

export const FETCH_DEFAULTS = { timeoutMs: 20_000, maxRedirects: 5 } as const;

const USER_AGENT = 'Lectern/0.1 (reading-group bot; fetches readings a moderator adds)';

const DOCUMENT_ACCEPT = [
  'application/pdf',
  'application/epub+zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/html;q=0.9',
  'application/xhtml+xml;q=0.9',
  'text/markdown;q=0.8',
  'text/plain;q=0.8',
  '*/*;q=0.5',
].join(', ');

// Addresses a member-typed URL may not reach: this host, its networks, and the ranges no public server uses.
const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const BLOCKED_V6: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];
const blocked = new BlockList();
for (const [network, prefix] of BLOCKED_V4) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of BLOCKED_V6) blocked.addSubnet(network, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail, extra] = text.split('::');
  if (extra !== undefined) return undefined;
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(Math.max(0, zeros)).fill('0'), ...right].map((group) =>
    /^[0-9a-f]{1,4}$/.test(group) ? Number.parseInt(group, 16) : Number.NaN,
  );
  return groups.length === 8 && groups.every((group) => !Number.isNaN(group)) ? groups : undefined;
}

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const groups = ipv6Groups(address);
  if (!groups) return undefined;
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  const nat64 =
    groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  if (!mapped && !nat64) return undefined;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * True for an address on loopback, a private or link-local network (cloud metadata lives at 169.254.169.254),
 * CGNAT, "this network", multicast or reserved space, including those ranges written as IPv4-mapped IPv6.
 * Something that is not an IP address at all counts as private: it cannot be checked.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const version = isIP(bare);
  if (version === 4) return blocked.check(bare, 'ipv4');
  if (version !== 6) return true;
  const inner = embeddedIpv4(bare);
  if (inner !== undefined) return blocked.check(inner, 'ipv4');
  return blocked.check(bare, 'ipv6');
}

/** How one request is bounded and judged; the public functions below fill it in. */
export interface GuardedRequest {
  maxBytes: number;
  timeoutMs?: number;
  accept: string;
  /** Addresses the request may not connect to, on any hop; absent when every address is allowed. */
  refuseAddress?: (address: string) => boolean;
  /** Called with the response's content type before the body is read; throws to refuse it. */
  checkContentType?: (contentType: string | undefined, host: string) => void;
  /** The exact length the body must have. */
  declaredSize?: number;
  /** "the file", "the DOI record": what the messages call what is being fetched. */
  what?: string;
  onProgress?: FetchProgress;
  signal?: AbortSignal;
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FetchError('bad-url', 'That is not a web address; give one that starts with https://.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new FetchError(
      'bad-url',
      `Only http and https addresses can be fetched, not ${url.protocol.replace(/:$/, '')}:; give the https:// address of the file.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new FetchError(
      'bad-url',
      `The address for ${url.hostname} carries a user name or password; Lectern does not send credentials. Download the file and attach it instead.`,
    );
  }
  return url;
}

function privateAddressError(host: string): FetchError {
  return new FetchError(
    'private-address',
    `${host} is on a private or local network, which Lectern does not fetch from; give a public address, or download the file and attach it.`,
  );
}

/** A DNS lookup that refuses the connection when any address the name resolves to is refused. */
function guardedLookup(refuseAddress: (address: string) => boolean, host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      if (addresses.length === 0 || addresses.some((entry) => refuseAddress(entry.address))) {
        callback(privateAddressError(host), '');
        return;
      }
      const [first] = addresses;
      if (options.all || !first) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|ALTNAME|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function connectionError(error: unknown, host: string): FetchError {
  if (error instanceof FetchError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') {
    return new FetchError('unreachable', `Could not find ${host}; check the address.`, { cause: error });
  }
  if (code === 'ECONNREFUSED') {
    return new FetchError('unreachable', `${host} refused the connection; check the address, or try later.`, {
      cause: error,
    });
  }
  if (CERTIFICATE_ERROR.test(code)) {
    return new FetchError(
      'unreachable',
      `${host} has a certificate that could not be verified, so Lectern did not fetch from it; download the file and attach it instead.`,
      { cause: error },
    );
  }
  return new FetchError('unreachable', `Could not reach ${host}; check the address, or try again later.`, {
    cause: error,
  });
}

function statusError(status: number, host: string, what: string): FetchError {
  const message =
    status === 404 || status === 410
      ? `${host} has no ${what} at that address (HTTP ${status}); check the link.`
      : status === 401 || status === 403
        ? `${host} refused to send ${what} (HTTP ${status}); it may need a login. Download it and attach the file instead.`
        : status === 429 || status >= 500
          ? `${host} could not send ${what} (HTTP ${status}); try again later, or attach the file.`
          : `${host} answered HTTP ${status} instead of sending ${what}; check the link.`;
  return new FetchError('http-status', message, { status });
}

function tooLarge(host: string, maxBytes: number, size?: number): FetchError {
  return new FetchError(
    'too-large',
    size === undefined
      ? `The file at ${host} is larger than ${megabytes(maxBytes)}, the most the library takes.`
      : `The file at ${host} is ${megabytes(size)}; the library takes files of at most ${megabytes(maxBytes)}.`,
  );
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Exchange {
  signal: AbortSignal;
  timedOut: () => boolean;
}

function requestOnce(
  url: URL,
  request: GuardedRequest,
  exchange: Exchange,
): Promise<{ response: http.IncomingMessage; destroy: () => void }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (request.refuseAddress && isIP(host) !== 0 && request.refuseAddress(host)) {
    return Promise.reject(privateAddressError(url.host));
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(url, {
      method: 'GET',
      headers: { Accept: request.accept, 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': USER_AGENT },
      signal: exchange.signal,
      ...(request.refuseAddress ? { lookup: guardedLookup(request.refuseAddress, url.host) } : {}),
    });
    outgoing.once('response', (response) => resolve({ response, destroy: () => outgoing.destroy() }));
    outgoing.once('error', (error) => reject(error));
    outgoing.end();
  });
}

function decoded(response: http.IncomingMessage, host: string): Readable {
  const encoding = (response.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return response;
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return response.pipe(zlib.createInflate());
  if (encoding === 'br') return response.pipe(zlib.createBrotliDecompress());
  response.destroy();
  throw new FetchError(
    'unreachable',
    `${host} sent the file in an encoding Lectern cannot read (${truncateText(encoding, 20)}); download it and attach it instead.`,
  );
}

function brokeOff(host: string, request: GuardedRequest, cause?: unknown): FetchError {
  return new FetchError(
    'unreachable',
    `The connection to ${host} broke off before ${request.what ?? 'the file'} arrived whole; try again.`,
    { cause },
  );
}

async function readBody(
  response: http.IncomingMessage,
  host: string,
  request: GuardedRequest,
  signal: AbortSignal,
): Promise<Uint8Array> {
  const stream = decoded(response, host);
  const identity = stream === response;
  const lengthHeader = response.headers['content-length'];
  const declaredLength =
    lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const total = identity ? declaredLength : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  const abort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  signal.addEventListener('abort', abort, { once: true });
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Uint8Array;
      received += bytes.byteLength;
      if (received > request.maxBytes) {
        stream.destroy();
        response.destroy();
        throw tooLarge(host, request.maxBytes);
      }
      chunks.push(bytes);
      request.onProgress?.(received, total);
    }
  } finally {
    signal.removeEventListener('abort', abort);
  }
  if (!response.complete || (identity && declaredLength !== undefined && declaredLength !== received)) {
    throw brokeOff(host, request);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * One GET with the bounds of `request`, following up to five redirects and checking each hop. The core of
 * `fetchDocument`, `fetchAttachment` and the DOI lookup; tests call it to stand a public host in for loopback.
 */
export async function fetchGuarded(
  address: string,
  request: GuardedRequest,
): Promise<FetchedFile & { status: number }> {
  let url = parseUrl(address);
  const timeoutMs = request.timeoutMs ?? FETCH_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timed out'));
  }, timeoutMs);
  const onOuterAbort = () => controller.abort(request.signal?.reason);
  if (request.signal?.aborted) onOuterAbort();
  request.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const exchange: Exchange = { signal: controller.signal, timedOut: () => timedOut };
  const what = request.what ?? 'the file';
  try {
    for (let hop = 0; ; hop++) {
      const host = url.host;
      let current: Awaited<ReturnType<typeof requestOnce>>;
      try {
        current = await requestOnce(url, request, exchange);
      } catch (error) {
        throw failure(error, host, exchange, request, timeoutMs);
      }
      const { response } = current;
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        current.destroy();
        if (hop >= FETCH_DEFAULTS.maxRedirects) {
          throw new FetchError(
            'unreachable',
            `${host} redirected more than ${FETCH_DEFAULTS.maxRedirects} times; give the address the file finally lives at.`,
          );
        }
        try {
          url = parseUrl(new URL(location, url).href);
        } catch (error) {
          if (error instanceof FetchError && error.reason === 'bad-url') {
            throw new FetchError('bad-url', `${host} redirected to an address Lectern cannot fetch from.`);
          }
          throw error;
        }
        continue;
      }
      if (status < 200 || status > 299) {
        current.destroy();
        throw statusError(status, host, what);
      }
      const contentType = response.headers['content-type']?.trim() || undefined;
      try {
        request.checkContentType?.(contentType, host);
        const length = Number(response.headers['content-length']);
        if (!response.headers['content-encoding'] && Number.isFinite(length) && length > request.maxBytes) {
          throw tooLarge(host, request.maxBytes, length);
        }
        if (
          request.declaredSize !== undefined &&
          !response.headers['content-encoding'] &&
          Number.isFinite(length) &&
          length !== request.declaredSize
        ) {
          throw incompleteUpload();
        }
      } catch (error) {
        current.destroy();
        throw error;
      }
      let bytes: Uint8Array;
      try {
        bytes = await readBody(response, host, request, controller.signal);
      } catch (error) {
        current.destroy();
        throw failure(error, host, exchange, request, timeoutMs, 'body');
      }
      if (request.declaredSize !== undefined && bytes.byteLength !== request.declaredSize) {
        throw incompleteUpload();
      }
      const filename =
        filenameFromDisposition(response.headers['content-disposition']) ?? filenameFromUrl(url);
      return {
        bytes,
        status,
        finalUrl: url.href,
        ...(contentType === undefined ? {} : { contentType }),
        ...(filename === undefined ? {} : { filename }),
      };
    }
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onOuterAbort);
  }
}

function incompleteUpload(): FetchError {
  return new FetchError('unreachable', 'The upload did not arrive whole; send it again.');
}

function failure(
  error: unknown,
  host: string,
  exchange: Exchange,
  request: GuardedRequest,
  timeoutMs: number,
  phase: 'connect' | 'body' = 'connect',
): unknown {
  if (error instanceof FetchError) return error;
  if (exchange.timedOut()) {
    const seconds = Math.round(timeoutMs / 100) / 10;
    return new FetchError(
      'timeout',
      `${host} did not send ${request.what ?? 'the file'} within ${seconds} s; try again later, or download it and attach it.`,
      { cause: error },
    );
  }
  // The caller's own abort reaches the caller as it sent it.
  if (request.signal?.aborted) return request.signal.reason;
  if (phase === 'body') return brokeOff(host, request, error);
  return connectionError(error, host);
}

/** A file name fit to show and store: the last path segment, on one line, without control characters. */
export function cleanFilename(raw: string): string | undefined {
  const last = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = truncateText(cleanName(last).replace(/^\.+/, ''), 200);
  return cleaned === '' ? undefined : cleaned;
}

function percentDecode(text: string, charset: string): string | undefined {
  try {
    if (charset === '' || charset === 'utf-8') return decodeURIComponent(text);
    // RFC 8187 also allows ISO-8859-1, whose bytes are the first 256 code points.
    return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  } catch {
    return undefined;
  }
}

/** The file name a Content-Disposition header gives: `filename*` (RFC 8187) first, then `filename`. */
export function filenameFromDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*"?([^']*)'[^']*'([^;"\s]+)/i.exec(header);
  if (extended?.[2]) {
    const name = percentDecode(extended[2], (extended[1] ?? '').toLowerCase());
    if (name) return cleanFilename(name);
  }
  const quoted = /(?:^|;)\s*filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted?.[1] !== undefined) return cleanFilename(quoted[1].replace(/\\(.)/g, '$1'));
  const bare = /(?:^|;)\s*filename\s*=\s*([^;\s]+)/i.exec(header);
  return bare?.[1] ? cleanFilename(bare[1]) : undefined;
}

function filenameFromUrl(url: URL): string | undefined {
  const last = url.pathname.split('/').pop() ?? '';
  if (last === '') return undefined;
  let decodedName = last;
  try {
    decodedName = decodeURIComponent(last);
  } catch {
    // A stray "%" is kept as it is.
  }
  return cleanFilename(decodedName);
}

const NOT_A_DOCUMENT: Record<string, string> = {
  image: 'an image',
  video: 'a video',
  audio: 'an audio file',
  font: 'a font',
};

/** Refuses only what is clearly not a reading; anything else goes to the ingest core, which reads the bytes. */
function checkDocumentType(contentType: string | undefined, host: string): void {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const kind = NOT_A_DOCUMENT[mime.split('/')[0] ?? ''];
  if (kind) {
    throw new FetchError(
      'not-a-document',
      `${host} sent ${kind} (${truncateText(mime, 60)}), not a reading; give the address of the PDF, EPUB, Word file or web page.`,
    );
  }
}

/** Fetches a URL a member typed, for `/library add url:`. */
export async function fetchDocument(
  url: string,
  options: {
    maxBytes: number;
    timeoutMs?: number;
    allowPrivateNetworks: boolean;
    onProgress?: FetchProgress;
    signal?: AbortSignal;
  },
): Promise<FetchedFile> {
  const { status: _status, ...file } = await fetchGuarded(url, {
    maxBytes: options.maxBytes,
    accept: DOCUMENT_ACCEPT,
    checkContentType: checkDocumentType,
    ...(options.allowPrivateNetworks ? {} : { refuseAddress: isPrivateAddress }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return file;
}

/**
 * Fetches an attachment Discord handed over. Its address comes from Discord, not from a member, so every
 * address is allowed; the body must be exactly as long as Discord said the upload was.
 */
export async function fetchAttachment(
  url: string,
  options: {
    maxBytes: number;
    timeoutMs?: number;
    declaredSize?: number;
    onProgress?: FetchProgress;
    signal?: AbortSignal;
  },
): Promise<FetchedFile> {
  if (options.declaredSize !== undefined && options.declaredSize > options.maxBytes) {
    throw new FetchError(
      'too-large',
      `The file is ${megabytes(options.declaredSize)}; the library takes files of at most ${megabytes(options.maxBytes)}.`,
    );
  }
  const { status: _status, ...file } = await fetchGuarded(url, {
    maxBytes: options.maxBytes,
    accept: '*/*',
    ...(options.declaredSize === undefined ? {} : { declaredSize: options.declaredSize }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  return file;
}
