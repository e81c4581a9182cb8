import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDelivery } from '../../src/discord-standin/http-delivery.js';
import { startStandin } from '../../src/discord-standin/server.js';
import { createInteractionsServer, type InteractionPayload } from '../../src/http/server.js';
import { createVerifier } from '../../src/http/verify.js';
import { createLogger } from '../../src/logger.js';
import { until } from '../e2e/until.js';

/**
 * The stand-in's HTTP delivery as a load balancer in front of several hosts: round robin, a host that
 * refuses the connection skipped for that delivery, and one interaction sent to every host on request.
 * Each "host" is the real interactions endpoint (signature check included) with a handler that records.
 */
const logger = createLogger({ level: 'silent' });
const servers: Server[] = [];
const deliveries: HttpDelivery[] = [];
afterEach(async () => {
  for (const delivery of deliveries.splice(0)) delivery.close();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

interface Host {
  url: string;
  handled: string[];
  server: Server;
}

async function host(delivery: HttpDelivery): Promise<Host> {
  const handled: string[] = [];
  const server = createInteractionsServer({
    verify: createVerifier(delivery.publicKeyHex),
    handle: async (payload: InteractionPayload) => {
      handled.push(payload.id);
      return { status: 202 };
    },
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`,
    handled,
    server,
  };
}

/** Two hosts behind the delivery, both past Discord's endpoint check. */
async function twoHosts() {
  const delivery = new HttpDelivery(() => 'http://127.0.0.1:9/api');
  deliveries.push(delivery);
  const hosts = [await host(delivery), await host(delivery)] as [Host, Host];
  const probes = await delivery.setEndpoints(hosts.map((each) => each.url));
  expect(probes.map((probe) => probe.accepted)).toEqual([true, true]);
  return { delivery, hosts };
}

const interaction = (id: number) => ({ id: String(id), type: 2, token: `t${id}`, application_id: '1' });

/** Stops a host, and waits until the delivery has seen its kept-alive connections close. */
async function stop(delivery: HttpDelivery, stopped: Host): Promise<void> {
  await new Promise((resolve) => {
    stopped.server.closeAllConnections();
    stopped.server.close(resolve);
  });
  await until(() => delivery.openConnections(stopped.url) === 0, 'the connections to close');
}

describe('HTTP delivery to several endpoints', () => {
  it('takes the endpoints in turn, one delivery each', async () => {
    const { delivery, hosts } = await twoHosts();
    expect(delivery.endpointUrls).toEqual(hosts.map((each) => each.url));
    for (let id = 1; id <= 6; id++) delivery.deliver(interaction(id));
    await delivery.settled();
    expect(hosts[0].handled.sort()).toEqual(['1', '3', '5']);
    expect(hosts[1].handled.sort()).toEqual(['2', '4', '6']);
    for (let id = 1; id <= 6; id++) {
      const outcome = delivery.outcomes.get(String(id));
      expect(outcome?.status).toBe(202);
      expect(outcome?.endpoint).toBe(hosts[(id - 1) % 2]?.url);
      expect(outcome?.skipped).toEqual([]);
    }
  });

  it('skips an endpoint that refuses the connection: the next one gets the delivery', async () => {
    const { delivery, hosts } = await twoHosts();
    // One delivery each first, so the kept-alive connections to the host about to go down exist.
    delivery.deliver(interaction(1));
    delivery.deliver(interaction(2));
    await delivery.settled();
    await stop(delivery, hosts[0]);
    for (let id = 3; id <= 8; id++) delivery.deliver(interaction(id));
    await delivery.settled();
    expect(hosts[0].handled).toEqual(['1']);
    expect(hosts[1].handled.sort()).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    for (let id = 3; id <= 8; id++) {
      const outcome = delivery.outcomes.get(String(id));
      expect(outcome?.status).toBe(202);
      expect(outcome?.endpoint).toBe(hosts[1].url);
      // Only the deliveries whose turn it was on the stopped host tried it first.
      expect(outcome?.skipped).toEqual(id % 2 === 1 ? [hosts[0].url] : []);
    }
  });

  it('skips a refusing endpoint only for that delivery: a host back on its port gets its turns again', async () => {
    const { delivery, hosts } = await twoHosts();
    await stop(delivery, hosts[0]);
    delivery.deliver(interaction(1));
    delivery.deliver(interaction(2));
    await delivery.settled();
    const port = Number(new URL(hosts[0].url).port);
    // The same server listening again (it is still in `servers`, so closed after the test).
    await new Promise<void>((resolve) => hosts[0].server.listen(port, '127.0.0.1', resolve));
    for (let id = 3; id <= 6; id++) delivery.deliver(interaction(id));
    await delivery.settled();
    expect(hosts[0].handled.sort()).toEqual(['3', '5']);
    expect(hosts[1].handled.sort()).toEqual(['1', '2', '4', '6']);
  });

  it('records an error, and sends nothing twice, when every endpoint refuses', async () => {
    const { delivery, hosts } = await twoHosts();
    await stop(delivery, hosts[0]);
    await stop(delivery, hosts[1]);
    delivery.deliver(interaction(1));
    await delivery.settled();
    expect(delivery.outcomesOf('1')).toHaveLength(1);
    expect(delivery.outcomes.get('1')).toMatchObject({
      status: undefined,
      skipped: [hosts[0].url],
      endpoint: hosts[1].url,
      error: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('delivers the same interaction, same id and token, to every endpoint when asked', async () => {
    const { delivery, hosts } = await twoHosts();
    delivery.toEvery(() => delivery.deliver(interaction(7)));
    delivery.deliver(interaction(8));
    delivery.deliver(interaction(9));
    await delivery.settled();
    expect(hosts[0].handled.sort()).toEqual(['7', '8']);
    expect(hosts[1].handled.sort()).toEqual(['7', '9']);
    expect(
      delivery
        .outcomesOf('7')
        .map((outcome) => outcome.endpoint)
        .sort(),
    ).toEqual(hosts.map((each) => each.url).sort());
    expect(delivery.outcomesOf('8')).toHaveLength(1);
    expect(delivery.toEveryEndpoint).toBe(false);
  });

  it('keeps the endpoints it had when a new one fails Discord’s check', async () => {
    const { delivery, hosts } = await twoHosts();
    const probes = await delivery.setEndpoints([hosts[0].url, 'http://127.0.0.1:9/interactions']);
    expect(probes.map((probe) => probe.accepted)).toEqual([true, false]);
    expect(delivery.endpointUrls).toEqual(hosts.map((each) => each.url));
  });

  it('with one endpoint, as before: the stand-in POSTs every interaction there', async () => {
    const standin = await startStandin();
    try {
      const delivery = standin.interactionsEndpoint;
      deliveries.push(delivery);
      const only = await host(delivery);
      const probe = await delivery.setEndpoint(only.url);
      expect(probe).toEqual({ badSignatureStatus: 401, pingStatus: 200, pingType: 1, accepted: true });
      expect(delivery.endpointUrl).toBe(only.url);
      const records = [standin.command('search'), standin.command('cite')];
      await delivery.settled();
      expect(only.handled).toEqual(records.map((record) => record.id));
      expect(records.map((record) => delivery.outcomes.get(record.id)?.status)).toEqual([202, 202]);
    } finally {
      await standin.close();
    }
  });
});
