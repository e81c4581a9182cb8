import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDelivery } from '../../src/discord-standin/http-delivery.js';
import { createInteractionsServer, type InteractionPayload, WORKER_HEADER } from '../../src/http/server.js';
import { createVerifier } from '../../src/http/verify.js';
import { createLogger } from '../../src/logger.js';

const logger = createLogger({ level: 'silent' });
const servers: Server[] = [];
const deliveries: HttpDelivery[] = [];
afterEach(async () => {
  for (const delivery of deliveries.splice(0)) delivery.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A delivery (the stand-in's signer) and an endpoint trusting its key; `handled` records what got through. */
async function endpoint(maxBodyBytes?: number, hold?: Promise<void>) {
  const delivery = new HttpDelivery(() => 'http://127.0.0.1:9/api');
  deliveries.push(delivery);
  const handled: InteractionPayload[] = [];
  const server = createInteractionsServer({
    verify: createVerifier(delivery.publicKeyHex),
    handle: async (payload) => {
      handled.push(payload);
      await hold;
      return { status: 202 };
    },
    logger,
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`);
  return { delivery, handled, url, server };
}

const command = JSON.stringify({
  id: '10',
  type: 2,
  token: 't',
  application_id: '1',
  data: { name: 'search' },
});

describe('the interactions endpoint', () => {
  it('passes Discord’s endpoint check: a badly signed PING gets 401, a signed PING gets PONG', async () => {
    const { delivery, url, handled } = await endpoint();
    const probe = await delivery.setEndpoint(url.href);
    expect(probe).toEqual({ badSignatureStatus: 401, pingStatus: 200, pingType: 1, accepted: true });
    expect(handled).toEqual([]);
  });

  it('hands a signed interaction to the handler and answers with its status and the worker pid', async () => {
    const { delivery, url, handled } = await endpoint();
    const response = await delivery.post(url, command, delivery.signed(command));
    expect(response.status).toBe(202);
    expect(response.headers[WORKER_HEADER]).toBe(String(process.pid));
    expect(handled.map((payload) => payload.id)).toEqual(['10']);
  });

  it('refuses unsigned, tampered and foreign-key requests with 401 before parsing them', async () => {
    const { delivery, url, handled } = await endpoint();
    const stranger = new HttpDelivery(() => 'http://127.0.0.1:9/api');
    const signed = delivery.signed(command);
    expect((await delivery.post(url, command, undefined)).status).toBe(401);
    expect((await delivery.post(url, command.replace('search', 'cite!!'), signed)).status).toBe(401);
    expect((await delivery.post(url, command, stranger.signed(command))).status).toBe(401);
    expect((await delivery.post(url, 'not json', delivery.signed('not json'))).status).toBe(400);
    expect(handled).toEqual([]);
  });

  it('caps the body size, and serves only POST /interactions (and GET /health)', async () => {
    const { delivery, url } = await endpoint(1024);
    const big = JSON.stringify({ id: '1', type: 2, token: 't', application_id: '1', pad: 'x'.repeat(2000) });
    expect((await delivery.post(url, big, delivery.signed(big))).status).toBe(413);
    expect((await delivery.post(new URL('/other', url), command, delivery.signed(command))).status).toBe(404);
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(new URL('/health', url))).status).toBe(200);
  });

  it('closes a kept-alive connection with its last answer once the server is closing', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { delivery, url, server, handled } = await endpoint(undefined, held);
    const answered = delivery.post(url, command, delivery.signed(command));
    await new Promise<void>((resolve) => {
      const wait = () => (handled.length > 0 ? resolve() : setImmediate(wait));
      wait();
    });
    const closed = new Promise((resolve) => server.close(resolve));
    release();
    const response = await answered;
    expect(response.status).toBe(202);
    expect(response.headers.connection).toBe('close');
    await closed;
    servers.splice(servers.indexOf(server), 1);
  });
});
