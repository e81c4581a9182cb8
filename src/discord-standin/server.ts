import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type WebSocket, WebSocketServer } from 'ws';
import { HttpDelivery } from './http-delivery.js';
import { parseMultipart, type UploadedFile } from './multipart.js';
import { checkChoices, checkCommands, checkMessage, checkWellFormed } from './rules.js';

/**
 * A local stand-in for Discord: REST v10 and Gateway v10 on loopback, close enough to Discord for the real,
 * unmodified discord.js client to log in, receive interactions and answer them. It enforces Discord's
 * limits (a breach answers 400 and is recorded in `violations`) and the 3-second acknowledgement rule.
 */

type Json = Record<string, unknown>;

export interface StandinUser {
  id: string;
  username: string;
  /** Permission bitfield as Discord sends it (a decimal string). */
  permissions: string;
  roles: string[];
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  author: { id: string; username: string; discriminator: string; avatar: null; bot?: boolean };
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: Array<{
    id: string;
    filename: string;
    size: number;
    url: string;
    proxy_url: string;
    content_type: string;
  }>;
  files: UploadedFile[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
  tts: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: unknown[];
  pinned: boolean;
  interaction_token?: string;
  /** Who ran the interaction this message answers, as Discord records it on the message. */
  interaction_metadata?: Json;
  webhook_id?: string;
  application_id?: string;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Json;
  dispatchedAt: number;
  acknowledgedAt?: number;
  /** When the reply's content was final: at a content callback, or at the edit that replaced a deferral. */
  completedAt?: number;
  callback?: { type: number; data: Json };
  original?: StoredMessage;
  followUps: StoredMessage[];
  /** Resolves with the callback, or rejects when the deadline passes unanswered. */
  response: Promise<{ type: number; data: Json }>;
}

/** A server the bot is in: its id (also its @everyone role's), name and the channel people type in. */
export interface StandinGuild {
  id: string;
  name: string;
  /** The guild's first text channel, where interactions happen unless told otherwise. */
  channelId: string;
}

/** An attachment as Discord's API describes it in `resolved.attachments` and on messages. */
export interface StandinAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  ephemeral?: boolean;
}

/**
 * How the stand-in's CDN answers for one attachment, so tests can walk a download's error paths:
 * an HTTP status, no answer at all, other bytes than the attachment declares, or a body cut off midway.
 */
export type CdnBehaviour =
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'body'; bytes: Buffer }
  | { kind: 'truncate'; after: number };

interface StoredAttachment {
  attachment: StandinAttachment;
  channelId: string;
  bytes: Buffer;
  behaviour?: CdnBehaviour;
}

/** One gateway session: a shard's connection state, kept after a disconnect so the client can resume. */
interface GatewaySession {
  id: string;
  shard: [number, number];
  socket: WebSocket | undefined;
  sequence: number;
  events: Array<{ s: number; t: string; d: unknown }>;
}

export interface Violation {
  route: string;
  problems: string[];
}

export interface StandinOptions {
  port?: number;
  heartbeatIntervalMs?: number;
  /** Discord's acknowledgement deadline; tests may shorten it. */
  ackDeadlineMs?: number;
  /** The largest upload Discord accepts in these guilds, sent as attachment_size_limit. Default: 10 MiB. */
  attachmentSizeLimit?: number;
  /** The shard count GET /gateway/bot recommends. Default: 1. */
  recommendedShards?: number;
}

/** Who acts, where: a guild (default: the channel's, else the first) and a channel (default: its first). */
export interface InteractionContext {
  user?: StandinUser;
  channelId?: string;
  guildId?: string;
}

const EPOCH = 1420070400000n;
const ALL_PERMISSIONS = ((1n << 47n) - 1n).toString();
/** View channel, send messages, read history, use application commands: a member with no moderation rights. */
const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n) | (1n << 38n)).toString();
export const PERMISSIONS = { MANAGE_GUILD: 1n << 5n, MANAGE_EVENTS: 1n << 33n } as const;

/** The shard Discord routes a guild's events to. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export class Standin extends EventEmitter {
  readonly token = 'standin-bot-token.not-a-real-discord-token.0000000000000000000000';
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly users: { member: StandinUser; moderator: StandinUser };
  readonly violations: Violation[] = [];
  /** Every allowed_mentions the bot sent, so tests can check that nothing may ping. */
  readonly allowedMentions: unknown[] = [];
  readonly commands = { global: [] as Json[], guild: new Map<string, Json[]>() };
  readonly channels = new Map<string, Json>();
  /** The first guild's roles by id; @everyone's id is the guild's, as in Discord. See `rolesOf` for others. */
  readonly roles = new Map<string, Json>();
  /** Every guild the bot is in, the first one (`guildId`) first. */
  readonly guilds = new Map<string, StandinGuild>();
  readonly attachmentSizeLimit: number;
  readonly messages = new Map<string, StoredMessage[]>();
  readonly scheduledEvents = new Map<string, Json>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  identifyCount = 0;
  resumeCount = 0;

  /** The shard count GET /gateway/bot recommends; tests may change it. */
  recommendedShards: number;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly faults: Array<{ pattern: RegExp; status: number; remaining: number }> = [];
  private readonly sessions = new Map<string, GatewaySession>();
  private readonly guildRoles = new Map<string, Map<string, Json>>();
  private readonly attachments = new Map<string, StoredAttachment>();
  private readonly cdnKey = randomBytes(16);
  private snowflakeCounter = 0n;
  private port = 0;
  private readonly heartbeatIntervalMs: number;
  private readonly ackDeadlineMs: number;
  private readonly botUser: { id: string; username: string; discriminator: string; avatar: null; bot: true };

  constructor(options: StandinOptions = {}) {
    super();
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.ackDeadlineMs = options.ackDeadlineMs ?? 3000;
    this.attachmentSizeLimit = options.attachmentSizeLimit ?? 10 * 1024 * 1024;
    this.recommendedShards = options.recommendedShards ?? 1;
    this.applicationId = this.snowflake();
    this.botUser = {
      id: this.applicationId,
      username: 'Lectern',
      discriminator: '0',
      avatar: null,
      bot: true,
    };
    this.guildId = this.snowflake();
    this.channelId = this.snowflake();
    this.users = {
      member: { id: this.snowflake(), username: 'reader', permissions: MEMBER_PERMISSIONS, roles: [] },
      moderator: { id: this.snowflake(), username: 'moderator', permissions: ALL_PERMISSIONS, roles: [] },
    };
    this.createGuild(this.guildId, 'Lectern Reading Group', this.channelId, this.roles);
    this.server = createServer((request, response) => void this.handleHttp(request, response));
    this.wss = new WebSocketServer({ server: this.server, path: '/gateway' });
    this.wss.on('connection', (socket) => this.handleSocket(socket));
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  snowflake(): string {
    this.snowflakeCounter++;
    return (((BigInt(Date.now()) - EPOCH) << 22n) | (this.snowflakeCounter & 0x3fffffn)).toString();
  }

  addUser(username: string, permissions = MEMBER_PERMISSIONS, roles: string[] = []): StandinUser {
    const user = { id: this.snowflake(), username, permissions, roles };
    this.extraUsers.push(user);
    return user;
  }

  addChannel(name: string, guildId = this.guildId): string {
    const id = this.snowflake();
    this.channels.set(id, this.channelJson(id, name, 0, guildId));
    this.dispatch('CHANNEL_CREATE', this.channels.get(id), guildId);
    return id;
  }

  /**
   * Adds another guild with its own #reading-room and @everyone role, as when the bot joins a server: a
   * connected bot receives its GUILD_CREATE (on the shard the guild falls on), a later one finds it in READY.
   * `shard: [id, count]` picks an id that falls on that shard, for sharding tests.
   */
  addGuild(
    name = `Reading Group ${this.guilds.size + 1}`,
    options: { shard?: [number, number] } = {},
  ): StandinGuild {
    const id = options.shard ? this.snowflakeOnShard(options.shard[0], options.shard[1]) : this.snowflake();
    const guild = this.createGuild(id, name, this.snowflake(), new Map());
    this.dispatch('GUILD_CREATE', this.guildJson(id), id);
    return guild;
  }

  /** A guild's roles by id (the first guild's are also `roles`). */
  rolesOf(guildId: string): Map<string, Json> {
    return this.guildRoles.get(guildId) ?? new Map();
  }

  /** The guild a channel or thread belongs to; the first guild for a channel the stand-in does not know. */
  guildOf(channelId: string): string {
    const guildId = this.channels.get(channelId)?.guild_id;
    return typeof guildId === 'string' ? guildId : this.guildId;
  }

  private createGuild(id: string, name: string, channelId: string, roles: Map<string, Json>): StandinGuild {
    const guild = { id, name, channelId };
    this.guilds.set(id, guild);
    this.guildRoles.set(id, roles);
    this.channels.set(channelId, this.channelJson(channelId, 'reading-room', 0, id));
    roles.set(id, this.roleJson(id, '@everyone', MEMBER_PERMISSIONS, 0));
    // A role nobody holds yet, so that /settings moderator_role has something to name.
    const leads = this.snowflake();
    roles.set(leads, this.roleJson(leads, 'reading-leads', MEMBER_PERMISSIONS, 1));
    return guild;
  }

  /** A fresh snowflake whose guild would be served by shard `id` of `count`: (id >> 22) % count. */
  private snowflakeOnShard(id: number, count: number): string {
    const candidate = BigInt(this.snowflake());
    // The shard depends on the timestamp bits only: move the timestamp forward by the few ms it takes.
    const timestamp = candidate >> 22n;
    const offset = (BigInt(id) - (timestamp % BigInt(count)) + BigInt(count)) % BigInt(count);
    return (((timestamp + offset) << 22n) | (candidate & 0x3fffffn)).toString();
  }

  /** Makes the next `count` requests whose "METHOD path" matches answer with `status` (429 or 5xx). */
  failNext(pattern: RegExp, status: number, count = 1): void {
    this.faults.push({ pattern, status, remaining: count });
  }

  /** Forgets every fault still waiting to be injected. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Drops every gateway connection with a resumable close code, as Discord does when it restarts a node. */
  dropConnections(code = 4000): void {
    for (const socket of this.sockets) socket.close(code, 'standin: connection dropped');
  }

  async waitForIdentify(timeoutMs = 10_000): Promise<void> {
    if (this.identifyCount > 0) return;
    await this.waitFor('identify', timeoutMs);
  }

  waitFor(event: string, timeoutMs = 10_000): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(event, listener);
        reject(new Error(`standin: timed out waiting for ${event}`));
      }, timeoutMs);
      const listener = (...args: unknown[]) => {
        clearTimeout(timer);
        resolve(args);
      };
      this.once(event, listener);
    });
  }

  messagesIn(channelId: string): StoredMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  /** A message posted by a person, for message context menus to target. */
  postUserMessage(channelId: string, content: string, user: StandinUser = this.users.member): StoredMessage {
    const message = this.storeMessage(channelId, { content }, this.userJson(user));
    this.dispatch('MESSAGE_CREATE', this.publicMessage(message), this.guildOf(channelId));
    return message;
  }

  // ---- attachments ------------------------------------------------------------------------------------

  /**
   * Stores a file as Discord does when someone picks it for a command's attachment option, and returns the
   * attachment as Discord describes it; give its `id` as the option's value. Its url and proxy_url point at
   * this stand-in's CDN on loopback, signed as Discord's are (ex, is, hm), and serve the bytes.
   * `contentType: null` leaves content_type out, as Discord does for a type it cannot tell. Discord's client
   * refuses a file over the server's attachment_size_limit, so this throws for one; `declaredSize` makes the
   * attachment claim another size than its bytes have (the CDN still serves the bytes).
   */
  upload(file: {
    filename: string;
    bytes: Buffer | Uint8Array | string;
    contentType?: string | null;
    channelId?: string;
    declaredSize?: number;
  }): StandinAttachment {
    const bytes = Buffer.from(file.bytes);
    const size = file.declaredSize ?? bytes.length;
    if (size > this.attachmentSizeLimit)
      throw new Error(
        `standin: ${file.filename} is ${size} bytes; Discord takes at most ${this.attachmentSizeLimit} (attachment_size_limit)`,
      );
    const contentType = file.contentType === undefined ? contentTypeOf(file.filename) : file.contentType;
    const attachment = this.storeAttachment(
      file.channelId ?? this.channelId,
      file.filename,
      bytes,
      contentType,
      true,
    );
    attachment.size = size;
    return attachment;
  }

  /** Makes the CDN misbehave for one attachment (or behave again, with no behaviour). */
  setCdnBehaviour(attachment: { id: string }, behaviour?: CdnBehaviour): void {
    const stored = this.attachments.get(attachment.id);
    if (!stored) throw new Error(`standin: no attachment ${attachment.id}`);
    stored.behaviour = behaviour;
  }

  /** The bytes of an attachment the bot or a person uploaded. */
  attachmentBytes(attachment: { id: string }): Buffer | undefined {
    return this.attachments.get(attachment.id)?.bytes;
  }

  private storeAttachment(
    channelId: string,
    filename: string,
    bytes: Buffer,
    contentType: string | null | undefined,
    ephemeral: boolean,
  ): StandinAttachment {
    const id = this.snowflake();
    const issued = Math.floor(Date.now() / 1000);
    // Discord's CDN links expire (ex, a day later here) and are signed (hm): a changed link is refused.
    const query = `ex=${(issued + 86_400).toString(16)}&is=${issued.toString(16)}`;
    const path = `/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
    const signature = createHmac('sha256', this.cdnKey).update(`${path}?${query}`).digest('hex');
    const url = `http://127.0.0.1:${this.port}${path}?${query}&hm=${signature}&`;
    const attachment: StandinAttachment = {
      id,
      filename,
      size: bytes.length,
      url,
      proxy_url: url.replace('/attachments/', '/proxy/attachments/'),
      ...(contentType ? { content_type: contentType } : {}),
      ...(ephemeral ? { ephemeral: true } : {}),
    };
    this.attachments.set(id, { attachment, channelId, bytes });
    return attachment;
  }

  /** GET on an attachment URL, as Discord's CDN answers it (or as a test told it to misbehave). */
  private serveAttachment(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const match = /^\/(?:proxy\/)?attachments\/(\d+)\/(\d+)\/([^/]+)$/.exec(url.pathname);
    const stored = match ? this.attachments.get(match[2] ?? '') : undefined;
    const path = `/attachments/${match?.[1]}/${match?.[2]}/${match?.[3]}`;
    const query = `ex=${url.searchParams.get('ex')}&is=${url.searchParams.get('is')}`;
    const expected = createHmac('sha256', this.cdnKey).update(`${path}?${query}`).digest('hex');
    const record = (status: number) =>
      this.requests.push({ method: request.method ?? 'GET', path: url.pathname, status });
    if (
      !stored ||
      stored.channelId !== match?.[1] ||
      encodeURIComponent(stored.attachment.filename) !== match?.[3] ||
      url.searchParams.get('hm') !== expected ||
      Number.parseInt(url.searchParams.get('ex') ?? '0', 16) * 1000 < Date.now() ||
      (request.method !== 'GET' && request.method !== 'HEAD')
    ) {
      record(404);
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('This content is no longer available.');
      return;
    }
    const behaviour = stored.behaviour;
    if (behaviour?.kind === 'hang') {
      record(0);
      return;
    }
    if (behaviour?.kind === 'status') {
      record(behaviour.status);
      response.writeHead(behaviour.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`standin: CDN answers ${behaviour.status}`);
      return;
    }
    const bytes = behaviour?.kind === 'body' ? behaviour.bytes : stored.bytes;
    const headers = {
      'content-type': stored.attachment.content_type ?? 'application/octet-stream',
      'content-length': String(bytes.length),
      'cache-control': 'public, max-age=31536000',
    };
    record(200);
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    if (behaviour?.kind === 'truncate') {
      // Content-Length promises the whole file; the connection drops after part of it.
      response.write(bytes.subarray(0, behaviour.after), () => response.destroy());
      return;
    }
    response.end(bytes);
  }

  // ---- interactions -------------------------------------------------------------------------------------

  /**
   * Dispatches a slash command; options are in Discord's wire format. User, role and channel options carry
   * ids, and the objects they name travel in `resolved`, as Discord sends them (or as the caller gives it).
   */
  command(
    name: string,
    options: Json[] = [],
    context: InteractionContext & { resolved?: Json } = {},
  ): InteractionRecord {
    const { resolved: given, ...where } = context;
    const guildId = this.guildFor(where);
    const definition = this.findCommand(name, 1, guildId);
    const resolved = given ?? this.resolveOptions(options, guildId);
    return this.dispatchInteraction(
      2,
      {
        id: definition?.id ?? this.snowflake(),
        name,
        type: 1,
        options,
        guild_id: guildId,
        ...(resolved ? { resolved } : {}),
      },
      { ...where, guildId },
    );
  }

  /** Every known person: the two built-in users and any added later with `addUser`. */
  private readonly extraUsers: StandinUser[] = [];

  findUser(id: string): StandinUser | undefined {
    return [this.users.member, this.users.moderator, ...this.extraUsers].find((user) => user.id === id);
  }

  private resolveOptions(options: Json[], guildId = this.guildId): Json | undefined {
    const users: Json = {};
    const members: Json = {};
    const roles: Json = {};
    const channels: Json = {};
    const attachments: Json = {};
    const guildRoles = this.rolesOf(guildId);
    const visit = (list: Json[]) => {
      for (const option of list) {
        if (Array.isArray(option.options)) visit(option.options as Json[]);
        const id = String(option.value ?? '');
        if (option.type === 6) {
          const user = this.findUser(id);
          if (user) {
            users[id] = this.userJson(user);
            members[id] = {
              roles: user.roles,
              permissions: user.permissions,
              joined_at: new Date(0).toISOString(),
            };
          }
        } else if (option.type === 8 && guildRoles.has(id)) roles[id] = guildRoles.get(id);
        else if (option.type === 7 && this.channels.has(id)) {
          const channel = this.channels.get(id) as Json;
          channels[id] = { id, name: channel.name, type: channel.type, permissions: ALL_PERMISSIONS };
        } else if (option.type === 11 && this.attachments.has(id)) {
          attachments[id] = { ...this.attachments.get(id)?.attachment };
        }
      }
    };
    visit(options);
    const resolved = Object.fromEntries(
      Object.entries({ users, members, roles, channels, attachments }).filter(
        ([, map]) => Object.keys(map).length > 0,
      ),
    );
    return Object.keys(resolved).length > 0 ? resolved : undefined;
  }

  autocomplete(name: string, options: Json[], context: InteractionContext = {}): InteractionRecord {
    const guildId = this.guildFor(context);
    const definition = this.findCommand(name, 1, guildId);
    return this.dispatchInteraction(
      4,
      { id: definition?.id ?? this.snowflake(), name, type: 1, options, guild_id: guildId },
      { ...context, guildId },
    );
  }

  /** A button press on a message; the guild is the message's (a `guildId` given is checked against it). */
  clickButton(
    message: StoredMessage,
    customId: string,
    context: { user?: StandinUser; guildId?: string } = {},
  ): InteractionRecord {
    return this.dispatchInteraction(
      3,
      { custom_id: customId, component_type: 2 },
      { ...context, channelId: message.channel_id },
      this.publicMessage(message),
    );
  }

  /** A choice in a string select menu on a message. */
  selectMenu(
    message: StoredMessage,
    customId: string,
    values: string[],
    context: { user?: StandinUser; guildId?: string } = {},
  ): InteractionRecord {
    return this.dispatchInteraction(
      3,
      { custom_id: customId, component_type: 3, values },
      { ...context, channelId: message.channel_id },
      this.publicMessage(message),
    );
  }

  messageContextMenu(
    name: string,
    target: StoredMessage,
    context: { user?: StandinUser; guildId?: string } = {},
  ): InteractionRecord {
    const definition = this.findCommand(name, 3, this.guildOf(target.channel_id));
    return this.dispatchInteraction(
      2,
      {
        id: definition?.id ?? this.snowflake(),
        name,
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id]: this.publicMessage(target) } },
      },
      { ...context, channelId: target.channel_id },
    );
  }

  /** The message an interaction shows now: its original reply after edits, or what an update changed. */
  replyOf(record: InteractionRecord): StoredMessage | undefined {
    return record.original;
  }

  /**
   * The guild an interaction happens in: the one named, else the channel's, else the first. A channel of
   * another guild than the one named is a test's mistake, and Discord could never send it.
   */
  private guildFor(context: InteractionContext): string {
    const fromChannel = context.channelId ? this.guildOf(context.channelId) : undefined;
    const guildId = context.guildId ?? fromChannel ?? this.guildId;
    if (!this.guilds.has(guildId)) throw new Error(`standin: no guild ${guildId}`);
    if (fromChannel && this.channels.has(context.channelId ?? '') && fromChannel !== guildId)
      throw new Error(`standin: channel ${context.channelId} is not in guild ${guildId}`);
    return guildId;
  }

  private findCommand(name: string, type: number, guildId = this.guildId): Json | undefined {
    const all = [...this.commands.global, ...(this.commands.guild.get(guildId) ?? [])];
    return all.find(
      (command) => command.name === name && ((command.type as number | undefined) ?? 1) === type,
    );
  }

  private dispatchInteraction(
    type: number,
    data: Json,
    context: InteractionContext,
    message?: Json,
  ): InteractionRecord {
    const user = context.user ?? this.users.member;
    const guildId = this.guildFor(context);
    const channelId = context.channelId ?? this.guilds.get(guildId)?.channelId ?? this.channelId;
    const channel = this.channels.get(channelId) ?? this.channelJson(channelId, 'unknown', 0, guildId);
    const id = this.snowflake();
    const token = `standin-interaction-${id}`;
    let settle!: { resolve: (value: { type: number; data: Json }) => void; reject: (error: Error) => void };
    const response = new Promise<{ type: number; data: Json }>((resolve, reject) => {
      settle = { resolve, reject };
    });
    response.catch(() => undefined);
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel: {
        id: channelId,
        type: channel.type,
        guild_id: guildId,
        name: channel.name,
        parent_id: channel.parent_id ?? null,
      },
      channel_id: channelId,
      member: {
        user: this.userJson(user),
        roles: user.roles,
        permissions: user.permissions,
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
      token,
      version: 1,
      app_permissions: ALL_PERMISSIONS,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: this.attachmentSizeLimit,
      ...(message ? { message } : {}),
    };
    const record: InteractionRecord = {
      id,
      token,
      type,
      payload,
      dispatchedAt: performance.now(),
      followUps: [],
      response,
    };
    (record as InteractionRecord & { settle: typeof settle }).settle = settle;
    this.interactions.set(token, record);
    const timer = setTimeout(() => {
      if (!record.callback)
        settle.reject(new Error(`interaction ${id} was not acknowledged within ${this.ackDeadlineMs} ms`));
    }, this.ackDeadlineMs + 50);
    timer.unref();
    if (this.httpDelivery?.endpointUrl) this.httpDelivery.deliver(payload);
    else this.dispatch('INTERACTION_CREATE', payload, guildId);
    return record;
  }

  private httpDelivery: HttpDelivery | undefined;

  /**
   * HTTP interactions delivery: the application's key pair and, once `setEndpoint` is given a URL that
   * passes Discord's check, every interaction POSTed there instead of sent over the gateway.
   */
  get interactionsEndpoint(): HttpDelivery {
    this.httpDelivery ??= new HttpDelivery(() => this.apiUrl, this.ackDeadlineMs);
    return this.httpDelivery;
  }

  // ---- gateway ----------------------------------------------------------------------------------------

  private handleSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    const forget = () => {
      this.sockets.delete(socket);
      for (const session of this.sessions.values()) if (session.socket === socket) session.socket = undefined;
    };
    socket.on('close', forget);
    socket.on('error', forget);
    socket.send(
      JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs }, s: null, t: null }),
    );
    socket.on('message', (raw) => {
      let packet: { op: number; d: Json | number | null };
      try {
        packet = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      else if (packet.op === 2) this.identify(socket, packet.d as Json);
      else if (packet.op === 6) this.resume(socket, packet.d as Json);
    });
  }

  private identify(socket: WebSocket, data: Json): void {
    if (data.token !== this.token && data.token !== `Bot ${this.token}`) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const [shardId, shardCount] = Array.isArray(data.shard) ? (data.shard as number[]) : [0, 1];
    if (
      !Number.isInteger(shardId) ||
      !Number.isInteger(shardCount) ||
      (shardCount ?? 0) < 1 ||
      (shardId ?? 0) < 0 ||
      (shardId ?? 0) >= (shardCount ?? 0)
    ) {
      socket.close(4010, 'Invalid shard.');
      return;
    }
    const shard: [number, number] = [shardId ?? 0, shardCount ?? 1];
    this.identifyCount++;
    // A new IDENTIFY starts the shard afresh: its earlier session can no longer be resumed.
    for (const [id, session] of this.sessions) {
      if (session.shard[0] === shard[0] && session.shard[1] === shard[1]) this.sessions.delete(id);
    }
    const session: GatewaySession = { id: this.snowflake(), shard, socket, sequence: 0, events: [] };
    this.sessions.set(session.id, session);
    const guildIds = [...this.guilds.keys()].filter((id) => shardOf(id, shard[1]) === shard[0]);
    this.sendDispatch(session, 'READY', {
      v: 10,
      user: { ...this.botUser, verified: true, flags: 0, mfa_enabled: false },
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      user_settings: {},
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
    });
    for (const id of guildIds) this.sendDispatch(session, 'GUILD_CREATE', this.guildJson(id));
    this.emit('identify', shard);
  }

  private resume(socket: WebSocket, data: Json): void {
    const session = this.sessions.get(String(data.session_id));
    if (!session) {
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    this.resumeCount++;
    session.socket = socket;
    const since = Number(data.seq ?? 0);
    for (const event of session.events) {
      if (event.s > since) socket.send(JSON.stringify({ op: 0, ...event }));
    }
    this.sendDispatch(session, 'RESUMED', {});
    this.emit('resume', session.shard);
  }

  /** Numbers an event in the session's sequence, keeps it for a resume, and sends it if connected. */
  private sendDispatch(session: GatewaySession, type: string, data: unknown): void {
    session.sequence++;
    const event = { s: session.sequence, t: type, d: data };
    session.events.push(event);
    if (session.events.length > 1000) session.events.shift();
    if (session.socket && session.socket.readyState === session.socket.OPEN)
      session.socket.send(JSON.stringify({ op: 0, ...event }));
  }

  /**
   * Sends an event to every session, or, for a guild's event, to the session of the shard that guild falls
   * on; a disconnected session keeps it for replay when its client resumes.
   */
  dispatch(type: string, data: unknown, guildId?: string): void {
    for (const session of this.sessions.values()) {
      if (guildId !== undefined && shardOf(guildId, session.shard[1]) !== session.shard[0]) continue;
      this.sendDispatch(session, type, data);
    }
  }

  /** The shard of each live gateway session, e.g. [[0, 2], [1, 2]]. */
  get connectedShards(): Array<[number, number]> {
    return [...this.sessions.values()]
      .filter((session) => session.socket !== undefined && session.socket.readyState === session.socket.OPEN)
      .map((session) => session.shard);
  }

  // ---- REST -------------------------------------------------------------------------------------------

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (/^\/(?:proxy\/)?attachments\//.test(url.pathname)) {
      request.resume();
      this.serveAttachment(request, response, url);
      return;
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = request.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): true => {
      this.requests.push({ method, path, status });
      if (status === 204 || body === undefined) {
        // A 204 carries no JSON content type, or discord.js's REST client fails to parse the empty body.
        response.writeHead(status === 200 && body === undefined ? 204 : status, headers);
        response.end();
        return true;
      }
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
      return true;
    };
    const fault = this.faults.find(
      (candidate) => candidate.remaining > 0 && candidate.pattern.test(`${method} ${path}`),
    );
    if (fault) {
      fault.remaining--;
      if (fault.status === 429) {
        send(
          429,
          { message: 'You are being rate limited.', retry_after: 0.05, global: false },
          {
            'retry-after': '0.05',
            'x-ratelimit-scope': 'user',
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': '0.05',
            'x-ratelimit-bucket': 'standin',
          },
        );
      } else send(fault.status, { message: 'standin: injected server error', code: 0 });
      return;
    }
    let body: Json = {};
    let files: UploadedFile[] = [];
    try {
      const contentType = request.headers['content-type'] ?? '';
      if (contentType.startsWith('multipart/form-data')) {
        const parsed = parseMultipart(raw, contentType);
        body = parsed.json as Json;
        files = parsed.files;
      } else if (raw.length > 0) body = JSON.parse(raw.toString('utf8'));
    } catch {
      send(400, { code: 50109, message: 'The request body contains invalid JSON.' });
      return;
    }
    const authorized = request.headers.authorization === `Bot ${this.token}`;
    const reject = (problems: string[]): true => {
      this.violations.push({ route: `${method} ${path}`, problems });
      this.emit('violation', { route: `${method} ${path}`, problems });
      return send(400, {
        code: 50035,
        message: 'Invalid Form Body',
        errors: Object.fromEntries(
          problems.map((p, i) => [i, { _errors: [{ code: 'BASE_TYPE_INVALID', message: p }] }]),
        ),
      });
    };
    try {
      await this.route(method, path, body, files, url, { send, reject, authorized });
    } catch (error) {
      send(500, { message: `standin: ${error instanceof Error ? error.message : String(error)}`, code: 0 });
    }
  }

  private async route(
    method: string,
    path: string,
    body: Json,
    files: UploadedFile[],
    url: URL,
    io: {
      send: (status: number, body?: unknown) => true;
      reject: (problems: string[]) => true;
      authorized: boolean;
    },
  ): Promise<unknown> {
    const { send, reject, authorized } = io;
    // Groups of the route pattern that matched last; `on` is the only writer.
    let hit: string[] = [];
    const on = (pattern: RegExp): boolean => {
      const found = pattern.exec(path);
      hit = found ? [...found].map((group) => group ?? '') : [];
      return found !== null;
    };
    const needsAuth = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsAuth && !authorized) return send(401, { message: '401: Unauthorized', code: 0 });

    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, {
        url: this.gatewayUrl,
        shards: this.recommendedShards,
        session_start_limit: {
          total: 1000,
          remaining: 1000 - this.identifyCount,
          reset_after: 14_400_000,
          max_concurrency: 1,
        },
      });
    }
    if (method === 'GET' && path === '/gateway') return send(200, { url: this.gatewayUrl });
    if (method === 'GET' && path === '/users/@me') return send(200, this.botUser);
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return send(200, {
        id: this.applicationId,
        name: 'Lectern',
        flags: 0,
        bot_public: false,
        description: '',
      });
    }
    if (on(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) {
      const guildId = hit[2] || undefined;
      if (method === 'PUT') {
        const problems = checkCommands(body);
        if (problems.length > 0) return reject(problems);
        const stored = (body as unknown as Json[]).map((definition) => ({
          ...definition,
          id: this.snowflake(),
          application_id: this.applicationId,
          version: this.snowflake(),
          type: definition.type ?? 1,
          ...(guildId ? { guild_id: guildId } : {}),
        }));
        if (guildId) this.commands.guild.set(guildId, stored);
        else this.commands.global = stored;
        this.emit('commands', stored);
        return send(200, stored);
      }
      if (method === 'GET')
        return send(200, guildId ? (this.commands.guild.get(guildId) ?? []) : this.commands.global);
    }
    if (method === 'POST' && on(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) {
      return this.callback(hit[2] ?? '', body, files, url, send, reject);
    }
    if (on(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/)) {
      return this.webhook(method, hit[2] ?? '', hit[3], body, files, send, reject);
    }
    if (on(/^\/channels\/(\d+)$/) && method === 'GET') {
      const channel = this.channels.get(hit[1] ?? '');
      return channel ? send(200, channel) : send(404, { message: 'Unknown Channel', code: 10003 });
    }
    if (on(/^\/channels\/(\d+)\/messages$/)) {
      const channelId = hit[1] ?? '';
      if (!this.channels.has(channelId)) return send(404, { message: 'Unknown Channel', code: 10003 });
      if (method === 'GET')
        return send(
          200,
          [...this.messagesIn(channelId)].reverse().map((m) => this.publicMessage(m)),
        );
      if (method === 'POST') {
        const problems = checkMessage(body, { requireContent: true, attachments: files.length });
        if (problems.length > 0) return reject(problems);
        this.allowedMentions.push(body.allowed_mentions);
        const message = this.storeMessage(channelId, body, this.botUser, files);
        this.dispatch('MESSAGE_CREATE', this.publicMessage(message), this.guildOf(channelId));
        this.emit('botMessage', message);
        return send(200, this.publicMessage(message));
      }
    }
    if (on(/^\/channels\/(\d+)\/messages\/(\d+)$/)) {
      const message = this.messagesIn(hit[1] ?? '').find((candidate) => candidate.id === hit[2]);
      if (!message) return send(404, { message: 'Unknown Message', code: 10008 });
      if (method === 'GET') return send(200, this.publicMessage(message));
      if (method === 'PATCH') {
        const problems = checkMessage(body);
        if (problems.length > 0) return reject(problems);
        this.applyEdit(message, body, files);
        return send(200, this.publicMessage(message));
      }
      if (method === 'DELETE') {
        this.messages.set(
          message.channel_id,
          this.messagesIn(message.channel_id).filter((m) => m !== message),
        );
        return send(204);
      }
    }
    if (on(/^\/channels\/(\d+)(?:\/messages\/(\d+))?\/threads$/) && method === 'POST') {
      const parentId = hit[1] ?? '';
      // A thread started from a message takes the message's id; a standalone thread gets a new one.
      const id = hit[2] || this.snowflake();
      const name = typeof body.name === 'string' ? body.name : '';
      if (name.length < 1 || name.length > 100) return reject(['name: must be between 1 and 100 in length']);
      const unpaired = checkWellFormed(body);
      if (unpaired.length > 0) return reject(unpaired);
      const thread = {
        ...this.channelJson(id, name, (body.type as number | undefined) ?? 11, this.guildOf(parentId)),
        parent_id: parentId,
        owner_id: this.applicationId,
        member_count: 1,
        message_count: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: body.auto_archive_duration ?? 1440,
          archive_timestamp: new Date().toISOString(),
          locked: false,
        },
      };
      this.channels.set(id, thread);
      this.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, this.guildOf(parentId));
      return send(201, thread);
    }
    if (on(/^\/guilds\/(\d+)\/scheduled-events(?:\/(\d+))?(\/users)?$/)) {
      const guildId = hit[1] ?? '';
      if (!this.guilds.has(guildId)) return send(404, { message: 'Unknown Guild', code: 10004 });
      const eventId = hit[2];
      if (hit[3]) return send(200, []);
      if (method === 'POST' && !eventId) {
        const problems: string[] = checkWellFormed(body);
        if (typeof body.name !== 'string' || body.name.length < 1 || body.name.length > 100)
          problems.push('name: must be between 1 and 100 in length');
        if (typeof body.description === 'string' && body.description.length > 1000)
          problems.push('description: must be 1000 or fewer in length');
        if (
          typeof body.scheduled_start_time !== 'string' ||
          Number.isNaN(Date.parse(body.scheduled_start_time))
        )
          problems.push('scheduled_start_time: invalid');
        if (body.entity_type === 3 && !body.scheduled_end_time)
          problems.push('scheduled_end_time: required for external events');
        if (problems.length > 0) return reject(problems);
        const event = {
          id: this.snowflake(),
          guild_id: guildId,
          channel_id: body.channel_id ?? null,
          creator_id: this.applicationId,
          creator: this.botUser,
          name: body.name,
          description: body.description ?? null,
          scheduled_start_time: body.scheduled_start_time,
          scheduled_end_time: body.scheduled_end_time ?? null,
          privacy_level: body.privacy_level ?? 2,
          status: 1,
          entity_type: body.entity_type ?? 3,
          entity_id: null,
          entity_metadata: body.entity_metadata ?? null,
          user_count: 0,
          image: null,
        };
        this.scheduledEvents.set(event.id, event);
        this.dispatch('GUILD_SCHEDULED_EVENT_CREATE', event, guildId);
        return send(200, event);
      }
      if (method === 'GET' && !eventId)
        return send(
          200,
          [...this.scheduledEvents.values()].filter((event) => event.guild_id === guildId),
        );
      const found = eventId ? this.scheduledEvents.get(eventId) : undefined;
      const event = found?.guild_id === guildId ? found : undefined;
      if (!event) return send(404, { message: 'Unknown Guild Scheduled Event', code: 10070 });
      if (method === 'GET') return send(200, event);
      if (method === 'PATCH') {
        Object.assign(event, body);
        return send(200, event);
      }
      if (method === 'DELETE') {
        this.scheduledEvents.delete(eventId ?? '');
        return send(204);
      }
    }
    if (on(/^\/guilds\/(\d+)$/) && method === 'GET') {
      const guildId = hit[1] ?? '';
      return this.guilds.has(guildId)
        ? send(200, this.guildJson(guildId))
        : send(404, { message: 'Unknown Guild', code: 10004 });
    }
    if (on(/^\/guilds\/(\d+)\/members\/(\d+)$/) && method === 'GET') {
      const user = this.findUser(hit[2] ?? '');
      if (!user) return send(404, { message: 'Unknown Member', code: 10007 });
      return send(200, {
        user: this.userJson(user),
        roles: user.roles,
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      });
    }
    return send(404, { message: `standin: no route for ${method} ${path}`, code: 0 });
  }

  private callback(
    token: string,
    body: Json,
    files: UploadedFile[],
    url: URL,
    send: (status: number, body?: unknown) => true,
    reject: (problems: string[]) => true,
  ): true {
    const record = this.interactions.get(token) as
      | (InteractionRecord & { settle: { resolve: (v: { type: number; data: Json }) => void } })
      | undefined;
    if (!record) return send(404, { message: 'Unknown interaction', code: 10062 });
    if (record.callback)
      return send(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    if (performance.now() - record.dispatchedAt > this.ackDeadlineMs) {
      this.violations.push({
        route: 'callback',
        problems: [`interaction acknowledged after ${this.ackDeadlineMs} ms`],
      });
      return send(404, { message: 'Unknown interaction', code: 10062 });
    }
    const type = Number(body.type);
    const data = (body.data as Json | undefined) ?? {};
    const problems: string[] = [];
    if (type === 8) problems.push(...checkChoices(data));
    else if (type === 4 || type === 7)
      problems.push(...checkMessage(data, { requireContent: type === 4, attachments: files.length }));
    else if (![1, 5, 6, 9].includes(type)) problems.push(`type: unknown callback type ${type}`);
    if (problems.length > 0) return reject(problems);
    if (data.allowed_mentions !== undefined || type === 4 || type === 7)
      this.allowedMentions.push(data.allowed_mentions);
    record.acknowledgedAt = performance.now();
    if (type !== 5 && type !== 6) record.completedAt = record.acknowledgedAt;
    record.callback = { type, data };
    if (type === 4 || type === 5) {
      record.original = this.storeMessage(
        (record.payload.channel as Json).id as string,
        type === 4 ? data : { content: '', flags: data.flags },
        this.botUser,
        files,
        token,
      );
    } else if (type === 7) {
      const message = this.findMessage(
        (record.payload.message as Json | undefined)?.id as string | undefined,
      );
      if (message) {
        this.applyEdit(message, data, files);
        record.original = message;
      }
    }
    record.settle.resolve({ type, data });
    this.emit('callback', record);
    if (url.searchParams.get('with_response') === 'true') {
      return send(200, {
        interaction: {
          id: record.id,
          type: record.type,
          activity_instance_id: null,
          response_message_id: record.original?.id,
          response_message_loading: type === 5,
          response_message_ephemeral: false,
        },
        resource: record.original ? { type, message: this.publicMessage(record.original) } : { type },
      });
    }
    return send(204);
  }

  private webhook(
    method: string,
    token: string,
    messageId: string | undefined,
    body: Json,
    files: UploadedFile[],
    send: (status: number, body?: unknown) => true,
    reject: (problems: string[]) => true,
  ): true {
    const record = this.interactions.get(token);
    if (!record) return send(404, { message: 'Unknown Webhook', code: 10015 });
    if (!record.callback) return send(404, { message: 'Unknown Message', code: 10008 });
    if (!messageId) {
      if (method !== 'POST') return send(405, { message: '405: Method Not Allowed', code: 0 });
      const problems = checkMessage(body, { requireContent: true, attachments: files.length });
      if (problems.length > 0) return reject(problems);
      this.allowedMentions.push(body.allowed_mentions);
      const message = this.storeMessage(
        (record.payload.channel as Json).id as string,
        body,
        this.botUser,
        files,
        token,
      );
      record.followUps.push(message);
      this.emit('followUp', record, message);
      return send(200, this.publicMessage(message));
    }
    const target =
      messageId === '@original'
        ? record.original
        : [...record.followUps, ...(record.original ? [record.original] : [])].find(
            (m) => m.id === messageId,
          );
    if (!target) return send(404, { message: 'Unknown Message', code: 10008 });
    if (method === 'GET') return send(200, this.publicMessage(target));
    if (method === 'DELETE') {
      this.messages.set(
        target.channel_id,
        this.messagesIn(target.channel_id).filter((m) => m !== target),
      );
      if (record.original === target) record.original = undefined;
      return send(204);
    }
    if (method === 'PATCH') {
      const problems = checkMessage(body);
      if (problems.length > 0) return reject(problems);
      if (body.allowed_mentions !== undefined || body.content !== undefined)
        this.allowedMentions.push(body.allowed_mentions);
      this.applyEdit(target, body, files);
      if (target === record.original) record.completedAt ??= performance.now();
      this.emit('edit', record, target);
      return send(200, this.publicMessage(target));
    }
    return send(405, { message: '405: Method Not Allowed', code: 0 });
  }

  // ---- data -------------------------------------------------------------------------------------------

  private findMessage(id: string | undefined): StoredMessage | undefined {
    if (!id) return undefined;
    for (const list of this.messages.values()) {
      const found = list.find((message) => message.id === id);
      if (found) return found;
    }
    return undefined;
  }

  private storeMessage(
    channelId: string,
    body: Json,
    author: StoredMessage['author'],
    files: UploadedFile[] = [],
    interactionToken?: string,
  ): StoredMessage {
    const message: StoredMessage = {
      id: this.snowflake(),
      channel_id: channelId,
      author,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? (body.embeds as Json[]) : [],
      components: Array.isArray(body.components) ? (body.components as Json[]) : [],
      attachments: [],
      files: [],
      flags: Number(body.flags ?? 0),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: interactionToken ? 20 : 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...(interactionToken
        ? {
            interaction_token: interactionToken,
            interaction_metadata: this.interactionMetadata(interactionToken),
            webhook_id: this.applicationId,
            application_id: this.applicationId,
          }
        : {}),
    };
    this.attachFiles(message, files);
    const list = this.messages.get(channelId) ?? [];
    list.push(message);
    this.messages.set(channelId, list);
    const channel = this.channels.get(channelId);
    if (channel) channel.last_message_id = message.id;
    return message;
  }

  private interactionMetadata(token: string): Json | undefined {
    const record = this.interactions.get(token);
    if (!record) return undefined;
    return {
      id: record.id,
      type: record.type,
      user: (record.payload.member as Json).user,
      authorizing_integration_owners: { '0': record.payload.guild_id },
    };
  }

  private attachFiles(message: StoredMessage, files: UploadedFile[]): void {
    if (files.length === 0) return;
    message.files = files;
    message.attachments = files.map((file) => {
      const stored = this.storeAttachment(
        message.channel_id,
        file.filename,
        file.data,
        file.contentType,
        false,
      );
      return { ...stored, content_type: file.contentType };
    });
  }

  private applyEdit(message: StoredMessage, body: Json, files: UploadedFile[]): void {
    if (typeof body.content === 'string' || body.content === null)
      message.content = (body.content as string | null) ?? '';
    if (Array.isArray(body.embeds)) message.embeds = body.embeds as Json[];
    if (Array.isArray(body.components)) message.components = body.components as Json[];
    if (Array.isArray(body.attachments) && files.length === 0 && body.attachments.length === 0) {
      message.attachments = [];
      message.files = [];
    }
    this.attachFiles(message, files);
    message.edited_timestamp = new Date().toISOString();
  }

  publicMessage(message: StoredMessage): Json {
    const { files: _files, interaction_token: _token, ...rest } = message;
    return { ...rest, guild_id: this.guildOf(message.channel_id) };
  }

  private userJson(user: StandinUser): StoredMessage['author'] & { global_name: string } {
    return {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: user.username,
      avatar: null,
    };
  }

  private channelJson(id: string, name: string, type: number, guildId = this.guildId): Json {
    return {
      id,
      type,
      name,
      guild_id: guildId,
      position: 0,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      last_message_id: null,
      topic: null,
      rate_limit_per_user: 0,
    };
  }

  private roleJson(id: string, name: string, permissions: string, position: number): Json {
    return {
      id,
      name,
      permissions,
      position,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    };
  }

  private guildJson(guildId: string): Json {
    const members = [this.users.member, this.users.moderator].map((user) => ({
      user: this.userJson(user),
      roles: user.roles,
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    }));
    return {
      id: guildId,
      name: this.guilds.get(guildId)?.name ?? 'unknown',
      icon: null,
      owner_id: this.users.moderator.id,
      unavailable: false,
      member_count: members.length + 1,
      large: false,
      features: [],
      roles: [...this.rolesOf(guildId).values()],
      emojis: [],
      stickers: [],
      channels: [...this.channels.values()].filter(
        (channel) => channel.type === 0 && channel.guild_id === guildId,
      ),
      threads: [],
      members: [
        ...members,
        {
          user: this.botUser,
          roles: [],
          joined_at: new Date(0).toISOString(),
          deaf: false,
          mute: false,
          flags: 0,
        },
      ],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [...this.scheduledEvents.values()].filter(
        (event) => event.guild_id === guildId,
      ),
      joined_at: new Date(0).toISOString(),
      preferred_locale: 'en-US',
      premium_tier: 0,
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      afk_timeout: 300,
    };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  epub: 'application/epub+zip',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html; charset=utf-8',
  htm: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  bib: 'text/x-bibtex; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  zip: 'application/zip',
};

/** The content type Discord records for a file, from its extension; none for one it does not know. */
export function contentTypeOf(filename: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return extension ? CONTENT_TYPES[extension] : undefined;
}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  return new Standin(options).listen(options.port ?? 0);
}
