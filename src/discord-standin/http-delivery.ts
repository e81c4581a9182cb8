import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';

type Json = Record<string, unknown>;

/** Callback types an endpoint may answer inline, in the HTTP response body. */
const INLINE_CALLBACK_TYPES = new Set([1, 4, 5, 6, 7, 8, 9, 10, 12]);

/** What one delivery came to: the HTTP status and, when answered inline, the callback type. */
export interface DeliveryOutcome {
  interactionId: string;
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
 */
export class HttpDelivery {
  readonly publicKeyHex: string;
  readonly outcomes = new Map<string, DeliveryOutcome>();
  probe: EndpointProbe | undefined;
  private readonly privateKey: KeyObject;
  private endpoint: URL | undefined;
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

  get endpointUrl(): string | undefined {
    return this.endpoint?.href;
  }

  /**
   * Saves the endpoint URL the way the Developer Portal does: first a PING with a bad signature, which must
   * be refused with 401, then a signed PING, which must get PONG. Only then are interactions delivered.
   */
  async setEndpoint(url: string): Promise<EndpointProbe> {
    const target = new URL(url);
    const ping = JSON.stringify({ id: '0', type: 1, application_id: '0', token: 'ping', version: 1 });
    const timestamp = this.timestamp();
    const forged = Buffer.from(this.signature(timestamp, ping), 'hex');
    forged[0] = (forged[0] ?? 0) ^ 0xff;
    const bad = await this.post(target, ping, { signature: forged.toString('hex'), timestamp }).catch(
      () => undefined,
    );
    const good = await this.post(target, ping, this.signed(ping)).catch(() => undefined);
    const pingType = good ? parseType(good.body) : undefined;
    const probe: EndpointProbe = {
      badSignatureStatus: bad?.status,
      pingStatus: good?.status,
      pingType,
      accepted: bad?.status === 401 && good?.status === 200 && pingType === 1,
    };
    this.probe = probe;
    if (probe.accepted) this.endpoint = target;
    return probe;
  }

  /** Stops delivering over HTTP (the gateway gets interactions again). */
  clearEndpoint(): void {
    this.endpoint = undefined;
  }

  /** Delivers one interaction payload; the outcome is recorded under its id when the endpoint answers. */
  deliver(payload: Json): void {
    const target = this.endpoint;
    if (!target) throw new Error('standin: no interactions endpoint is set');
    const id = String(payload.id);
    const body = JSON.stringify(payload);
    const task = this.post(target, body, this.signed(body))
      .then(async (response) => {
        const type = response.status === 200 ? parseType(response.body) : undefined;
        const worker = response.headers['x-lectern-worker'];
        this.outcomes.set(id, {
          interactionId: id,
          status: response.status,
          worker: Array.isArray(worker) ? worker[0] : worker,
          inlineType: type,
          error: undefined,
        });
        if (type !== undefined && INLINE_CALLBACK_TYPES.has(type)) {
          await this.applyInline(id, String(payload.token), response.body);
        }
      })
      .catch((error: unknown) => {
        this.outcomes.set(id, {
          interactionId: id,
          status: undefined,
          worker: undefined,
          inlineType: undefined,
          error: error instanceof Error ? error.message : String(error),
        });
      });
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
