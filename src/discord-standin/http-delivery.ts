import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';

type Json = Record<string, unknown>;

/** Callback types an endpoint may answer inline, in the HTTP response body. */
const INLINE_CALLBACK_TYPES = new Set([1, 4, 5, 6, 7, 8, 9, 10, 12]);

/** What one delivery came to: the HTTP status and, when answered inline, the callback type. */
export interface DeliveryOutcome {
  interactionId: string;
  /** The endpoint the interaction reached (or, when every one refused the connection, the last one tried). */
  endpoint: string;
  /** Endpoints that refused the connection first, so the delivery went on to the next one. */
  skipped: string[];
  status: number | undefined;
  /** The endpoint's x-lectern-worker header, when it sent one: which process answered. */
  worker: string | undefined;
  inlineType: number | undefined;
  /** Set when the request failed without a response (connection reset, refused). */
  error: string | undefined;
}

/** What Discord's endpoint check saw when the URL was saved. */
export interface EndpointProbe {
  /** The status of a PING with a wrong signature: must be 401. */
  badSignatureStatus: number | undefined;
  /** The status and callback type of a correctly signed PING: must be 200 and type 1 (PONG). */
  pingStatus: number | undefined;
  pingType: number | undefined;
  accepted: boolean;
}

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * The stand-in's HTTP interactions delivery, as Discord does it once an Interactions Endpoint URL is
 * saved: each interaction is signed with the application's Ed25519 key and POSTed to the endpoint. A
 * response body carrying a callback is applied as the callback; a 202 means the bot sends it over REST.
 *
 * Given several endpoints it is also the load balancer in front of several hosts: deliveries take the
 * endpoints in turn (round robin), and one whose connection is refused (its host is down) is skipped for
 * that delivery, which goes to the next. A request that reached a host is never sent again elsewhere:
 * Discord does not redeliver, and a load balancer does not retry a POST it has sent.
 */
export class HttpDelivery {
  readonly publicKeyHex: string;
  /** The last outcome of each interaction, by id (see `outcomesOf` for an interaction delivered twice). */
  readonly outcomes = new Map<string, DeliveryOutcome>();
  /** The check of the first endpoint saved (see `probes` for every one). */
  probe: EndpointProbe | undefined;
  probes: EndpointProbe[] = [];
  /**
   * While set, each interaction goes to every endpoint at once, the same id and token, as a load balancer
   * retrying a request on another host would: a test's way to make two hosts race for one interaction.
   */
  toEveryEndpoint = false;
  private readonly privateKey: KeyObject;
  private endpoints: URL[] = [];
  /** Which endpoint the next delivery tries first. */
  private turn = 0;
  private readonly everyOutcome = new Map<string, DeliveryOutcome[]>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Discord's edge keeps connections to an endpoint open and reuses them; so does this, up to a bound. */
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 128, scheduling: 'fifo' });
  /**
   * Sends each request on a connection of its own instead. Behind one port, workers are handed
   * connections, not requests: a test that needs successive requests to reach different workers sets it.
   */
  freshConnections = false;

  /**
   * @param timeoutMs Discord gives up on an endpoint that has not answered within its 3 s, and so does this:
   * the request is aborted and recorded as an error.
   */
  constructor(
    private readonly apiUrl: () => string,
    private readonly timeoutMs = 3000,
  ) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.privateKey = privateKey;
    // The raw key is the last 32 bytes of its SPKI encoding; the Developer Portal shows it as hex.
    this.publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  }

  /** The first endpoint, when any is set. */
  get endpointUrl(): string | undefined {
    return this.endpoints[0]?.href;
  }

  get endpointUrls(): string[] {
    return this.endpoints.map((endpoint) => endpoint.href);
  }

  /**
   * Saves the endpoint URL the way the Developer Portal does: first a PING with a bad signature, which must
   * be refused with 401, then a signed PING, which must get PONG. Only then are interactions delivered.
   */
  async setEndpoint(url: string): Promise<EndpointProbe> {
    const [probe] = await this.setEndpoints([url]);
    if (!probe) throw new Error('standin: no endpoint probed');
    return probe;
  }

  /**
   * Puts several endpoints behind the one Interactions Endpoint URL, as a load balancer in front of several
   * hosts does. Each passes Discord's check first (the portal's check reaches whichever host the balancer
   * picks, so every one must pass); only when all do are interactions delivered to them, in turn.
   */
  async setEndpoints(urls: readonly string[]): Promise<EndpointProbe[]> {
    const probes: EndpointProbe[] = [];
    for (const url of urls) probes.push(await this.check(new URL(url)));
    this.probes = probes;
    this.probe = probes[0];
    if (probes.length > 0 && probes.every((probe) => probe.accepted)) {
      this.endpoints = urls.map((url) => new URL(url));
      this.turn = 0;
    }
    return probes;
  }

  private async check(target: URL): Promise<EndpointProbe> {
    const ping = JSON.stringify({ id: '0', type: 1, application_id: '0', token: 'ping', version: 1 });
    const timestamp = this.timestamp();
    const forged = Buffer.from(this.signature(timestamp, ping), 'hex');
    forged[0] = (forged[0] ?? 0) ^ 0xff;
    const bad = await this.post(target, ping, { signature: forged.toString('hex'), timestamp }).catch(
      () => undefined,
    );
    const good = await this.post(target, ping, this.signed(ping)).catch(() => undefined);
    const pingType = good ? parseType(good.body) : undefined;
    return {
      badSignatureStatus: bad?.status,
      pingStatus: good?.status,
      pingType,
      accepted: bad?.status === 401 && good?.status === 200 && pingType === 1,
    };
  }

  /** Stops delivering over HTTP (the gateway gets interactions again). */
  clearEndpoint(): void {
    this.endpoints = [];
  }

  /** Runs `dispatch` (say, `() => standin.command(…)`) with what it delivers sent to every endpoint. */
  toEvery<T>(dispatch: () => T): T {
    const before = this.toEveryEndpoint;
    this.toEveryEndpoint = true;
    try {
      return dispatch();
    } finally {
      this.toEveryEndpoint = before;
    }
  }

  /**
   * How many kept-alive connections to `url`'s host are open, in use or idle. A host that went down closes
   * them, and the close arrives a moment later: until it has, a delivery may still take one (and be lost,
   * as it would be behind a real balancer), so a test that stops a host waits for this to reach 0.
   */
  openConnections(url: string): number {
    const { hostname, port } = new URL(url);
    const prefix = `${hostname}:${port}:`;
    let open = 0;
    for (const pool of [this.agent.sockets, this.agent.freeSockets]) {
      for (const [name, sockets] of Object.entries(pool)) {
        if (name.startsWith(prefix)) open += sockets?.length ?? 0;
      }
    }
    return open;
  }

  /** Every outcome of one interaction, in the order they came: two when it was delivered to two hosts. */
  outcomesOf(interactionId: string): DeliveryOutcome[] {
    return this.everyOutcome.get(interactionId) ?? [];
  }

  /**
   * Delivers one interaction payload to the endpoint whose turn it is, or to every endpoint while
   * `toEveryEndpoint` is set; each outcome is recorded under its id when the endpoint answers.
   */
  deliver(payload: Json): void {
    const count = this.endpoints.length;
    if (count === 0) throw new Error('standin: no interactions endpoint is set');
    if (this.toEveryEndpoint) {
      for (let index = 0; index < count; index++) this.track(this.deliverFrom(index, payload, false));
      return;
    }
    const first = this.turn % count;
    this.turn = (first + 1) % count;
    this.track(this.deliverFrom(first, payload, true));
  }

  /** POSTs to the endpoint at `first`; when `failOver`, a refused connection moves on to the next one. */
  private async deliverFrom(first: number, payload: Json, failOver: boolean): Promise<void> {
    const id = String(payload.id);
    const body = JSON.stringify(payload);
    const tries = failOver ? this.endpoints.length : 1;
    const skipped: string[] = [];
    for (let attempt = 0; attempt < tries; attempt++) {
      const target = this.endpoints[(first + attempt) % this.endpoints.length] as URL;
      let response: Response;
      try {
        response = await this.post(target, body, this.signed(body));
      } catch (error) {
        // Refused: nothing reached that host, so the next one may have it. Anything later (a reset, a
        // timeout) happened after the host had the request, and it is not sent again.
        if (isRefused(error) && attempt + 1 < tries) {
          skipped.push(target.href);
          continue;
        }
        this.record({
          interactionId: id,
          endpoint: target.href,
          skipped,
          status: undefined,
          worker: undefined,
          inlineType: undefined,
          error: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      const type = response.status === 200 ? parseType(response.body) : undefined;
      const worker = response.headers['x-lectern-worker'];
      const outcome: DeliveryOutcome = {
        interactionId: id,
        endpoint: target.href,
        skipped,
        status: response.status,
        worker: Array.isArray(worker) ? worker[0] : worker,
        inlineType: type,
        error: undefined,
      };
      this.record(outcome);
      if (type !== undefined && INLINE_CALLBACK_TYPES.has(type)) {
        await this.applyInline(id, String(payload.token), response.body).catch((error: unknown) => {
          outcome.error = error instanceof Error ? error.message : String(error);
        });
      }
      return;
    }
  }

  private record(outcome: DeliveryOutcome): void {
    this.outcomes.set(outcome.interactionId, outcome);
    const list = this.everyOutcome.get(outcome.interactionId) ?? [];
    list.push(outcome);
    this.everyOutcome.set(outcome.interactionId, list);
  }

  private track(task: Promise<void>): void {
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /** Resolves once every delivery made so far has its outcome. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Signs `body` as Discord does: Ed25519 over the timestamp followed by the body. */
  signed(body: string): { signature: string; timestamp: string } {
    const timestamp = this.timestamp();
    return { signature: this.signature(timestamp, body), timestamp };
  }

  private signature(timestamp: string, body: string): string {
    return sign(null, Buffer.from(timestamp + body, 'utf8'), this.privateKey).toString('hex');
  }

  private timestamp(): string {
    return String(Math.floor(Date.now() / 1000));
  }

  /** An inline answer is the callback, applied through the stand-in's own callback route. */
  private async applyInline(id: string, token: string, body: string): Promise<void> {
    const url = new URL(`${this.apiUrl()}/v10/interactions/${id}/${token}/callback`);
    await this.post(url, body, undefined);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  post(
    url: URL,
    body: string,
    signature: { signature: string; timestamp: string } | undefined,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(
        url,
        {
          method: 'POST',
          agent: this.freshConnections ? false : this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
            ...(signature
              ? { 'x-signature-ed25519': signature.signature, 'x-signature-timestamp': signature.timestamp }
              : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      request.setTimeout(this.timeoutMs, () =>
        request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)),
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}

/** The connection was refused: no host listens there (it is down, or not up yet). */
function isRefused(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.length > 0 && error.errors.every(isRefused);
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
}

function parseType(body: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'type' in parsed &&
      typeof parsed.type === 'number'
    ) {
      return parsed.type;
    }
  } catch {
    // Not JSON: no inline callback.
  }
  return undefined;
}
