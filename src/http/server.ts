import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { SignedRequest, Verdict } from './verify.js';

/** Discord's interaction payloads are a few kilobytes; anything far larger is not from Discord. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const INTERACTIONS_PATH = '/interactions';
/** Says which process answered, so operators (and tests) can tell workers apart behind the one port. */
export const WORKER_HEADER = 'x-lectern-worker';

const PING = 1;
const PONG = { type: 1 };

/** What every interaction carries; the rest is discord.js's to read. */
const interactionEnvelope = z.looseObject({
  id: z.string().min(1),
  type: z.number().int(),
  token: z.string().min(1),
  application_id: z.string().min(1),
});
export type InteractionPayload = z.infer<typeof interactionEnvelope>;

export type InteractionAnswer = { status: 202 } | { status: 200; body: unknown };

export interface InteractionsServerOptions {
  verify: (request: SignedRequest) => Verdict;
  /** Runs one verified interaction (not a PING); resolves with what the HTTP response says. */
  handle: (payload: InteractionPayload) => Promise<InteractionAnswer>;
  logger: Logger;
  maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function answer(response: ServerResponse, status: number, body?: unknown): void {
  if (response.headersSent) return;
  const headers: Record<string, string> = { [WORKER_HEADER]: String(process.pid) };
  if (body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  const text = JSON.stringify(body);
  response
    .writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
    })
    .end(text);
}

/**
 * The interactions endpoint: `POST /interactions`, each request's Ed25519 signature checked before its body
 * is even parsed (Discord refuses to save an endpoint that accepts a bad signature), PING answered with
 * PONG, every other interaction handed on. `GET /health` answers 200, for a proxy or supervisor to probe.
 */
export function createInteractionsServer(options: InteractionsServerOptions): Server {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const { logger } = options;
  let server: Server | undefined;
  const respond = (response: ServerResponse, status: number, body?: unknown): void => {
    // Once the server is closing, a kept-alive connection would hold the close until its idle timeout.
    if (server && !server.listening) response.setHeader('connection', 'close');
    answer(response, status, body);
  };

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health') return respond(response, 200, { ok: true });
    if (path !== INTERACTIONS_PATH) return respond(response, 404, { error: 'not found' });
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return respond(response, 405, { error: 'method not allowed' });
    }
    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // Unread bytes would otherwise keep arriving on a connection we no longer read.
        response.setHeader('connection', 'close');
        response.once('finish', () => request.destroy());
        return respond(response, 413, { error: 'body too large' });
      }
      throw error;
    }
    const verdict = options.verify({
      signature: header(request, 'x-signature-ed25519'),
      timestamp: header(request, 'x-signature-timestamp'),
      body,
    });
    if (verdict !== 'valid') {
      logger.warn(
        { verdict, remote: request.socket.remoteAddress },
        'refused an unsigned or badly signed request',
      );
      return respond(response, 401, { error: 'invalid request signature' });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return respond(response, 400, { error: 'body is not JSON' });
    }
    const parsed = interactionEnvelope.safeParse(json);
    if (!parsed.success) {
      // A PING carries no token in some of Discord's probes: answer it before asking for one.
      if (z.looseObject({ type: z.literal(PING) }).safeParse(json).success)
        return respond(response, 200, PONG);
      return respond(response, 400, { error: 'not an interaction' });
    }
    if (parsed.data.type === PING) return respond(response, 200, PONG);
    const outcome = await options.handle(parsed.data);
    respond(response, outcome.status, outcome.status === 200 ? outcome.body : undefined);
  }

  server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      logger.error({ err: error }, 'interactions endpoint failed');
      respond(response, 500, { error: 'internal error' });
    });
  });
  return server;
}
