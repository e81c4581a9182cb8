import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultRestOptions, type ResponseLike } from '@discordjs/rest';
import { Client, Events, type Interaction, Partials } from 'discord.js';
import type { AppContext } from '../app/context.js';
import type { Command } from '../commands/types.js';
import { watchBotToken } from '../discord/client.js';
import { createInteractionRouter, type InteractionRouter } from '../discord/router.js';
import { createInteractionsServer, type InteractionAnswer, type InteractionPayload } from './server.js';
import { createVerifier } from './verify.js';

/**
 * How long an HTTP request waits for the router's callback. Discord's deadline is 3 s; answering 202 a
 * little before it still lets a late REST callback be tried, and frees the connection.
 */
const HOLD_RESPONSE_MS = 2_800;
/** A guild Lectern could not fetch is not asked for again for this long, so a missing one is not hammered. */
const GUILD_RETRY_MS = 60_000;

const INTERACTION_CALLBACK = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/;
const CHANNEL = /\/channels\/\d+(?:\?|$)/;

/** The guild a channel's JSON names, if any. */
function guildIdOfChannel(bytes: ArrayBuffer): string | undefined {
  try {
    const channel: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    if (typeof channel === 'object' && channel !== null && 'guild_id' in channel) {
      return typeof channel.guild_id === 'string' ? channel.guild_id : undefined;
    }
  } catch {
    // Not JSON: discord.js reports it as it would.
  }
  return undefined;
}

export interface HttpBotOptions {
  token: string;
  publicKey: string;
  /** REST base without the version; Discord's own when undefined. */
  apiUrl: string | undefined;
  port: number;
  host: string;
  /** Called once after Discord answers 401 to the bot token, as in gateway mode. */
  onTokenRejected?: () => void;
}

export interface HttpBot {
  client: Client;
  router: InteractionRouter;
  server: Server;
  /** Starts the commands' background work (session timers) and listens; resolves with the bound port. */
  start(): Promise<number>;
  /** Stops taking requests, finishes the interactions under way, stops background work. */
  stop(): Promise<void>;
}

/**
 * The one way from a payload to a discord.js interaction that gateway mode also takes: the client's own
 * INTERACTION_CREATE action, which picks the interaction class and emits `interactionCreate`. It is not in
 * discord.js's typings, so it is looked up and checked once, at start-up, where a changed discord.js fails
 * loudly instead of at the first interaction.
 */
function interactionCreateAction(client: Client): (payload: InteractionPayload) => void {
  const actions: unknown = Reflect.get(client, 'actions');
  const action: unknown =
    typeof actions === 'object' && actions !== null ? Reflect.get(actions, 'InteractionCreate') : undefined;
  const handle: unknown =
    typeof action === 'object' && action !== null ? Reflect.get(action, 'handle') : undefined;
  if (typeof handle !== 'function') {
    throw new Error('this discord.js has no client.actions.InteractionCreate.handle; HTTP mode needs it');
  }
  return (payload) => {
    Reflect.apply(handle, action, [payload]);
  };
}

/**
 * Lectern as an HTTP interactions endpoint. The discord.js client never logs in to the gateway: it holds
 * the token for REST (follow-ups, edits, thread posts) and turns each verified payload into the same
 * interaction objects the gateway gives, for the same router and commands. Each reply is discord.js's REST
 * callback, as in gateway mode; the HTTP request is held until that callback has been accepted and then
 * answered 202, so Discord has the response before the request ends.
 */
export function createHttpBot(
  context: AppContext,
  commands: readonly Command[],
  options: HttpBotOptions,
): HttpBot {
  const { logger } = context;
  /** Interactions whose HTTP request is still open, by id: each releases its request once. */
  const held = new Map<string, () => void>();
  const client = new Client({
    intents: [],
    // The gateway would cache the interaction's channel; here it comes only with the payload.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest: {
      ...(options.apiUrl ? { api: options.apiUrl } : {}),
      makeRequest: async (url, init) => {
        const response = await DefaultRestOptions.makeRequest(url, init);
        const callbackOf = INTERACTION_CALLBACK.exec(url)?.[1];
        if (callbackOf && response.ok) held.get(callbackOf)?.();
        if (response.ok && (init.method ?? 'GET') === 'GET' && CHANNEL.test(url)) {
          return withChannelGuildKnown(response);
        }
        return response;
      },
    },
  });
  client.token = options.token;
  client.rest.setToken(options.token);
  const toInteraction = interactionCreateAction(client);
  const router = createInteractionRouter(context, commands);
  let created: Interaction | undefined;
  client.on(Events.InteractionCreate, (interaction) => {
    created = interaction;
  });
  watchBotToken(client, logger, () => options.onTokenRejected?.());

  const guilds = new Map<string, Promise<void>>();
  /**
   * The gateway caches each guild before its interactions arrive; here the first interaction of a guild
   * fetches it, so `interaction.guild` and its members and events work as they do in gateway mode.
   */
  function knowGuild(guildId: string): Promise<void> {
    let known = guilds.get(guildId);
    if (!known) {
      known = client.guilds.fetch(guildId).then(
        () => undefined,
        (error: unknown) => {
          logger.warn({ err: error, guildId }, 'could not fetch the guild of an interaction');
          setTimeout(() => guilds.delete(guildId), GUILD_RETRY_MS).unref();
        },
      );
      guilds.set(guildId, known);
    }
    return known;
  }

  /**
   * discord.js drops a fetched guild channel whose guild it has not cached (`channels.fetch` gives null),
   * and a timer or a retry may post in a thread of a guild no interaction has shown this process yet. So
   * before discord.js reads a fetched channel, its guild is made known.
   */
  async function withChannelGuildKnown(response: ResponseLike): Promise<ResponseLike> {
    const bytes = await response.arrayBuffer();
    const guildId = guildIdOfChannel(bytes);
    if (guildId && !client.guilds.cache.has(guildId)) await knowGuild(guildId);
    return new Response(bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  async function handle(payload: InteractionPayload): Promise<InteractionAnswer> {
    if (typeof payload.guild_id === 'string' && !client.guilds.cache.has(payload.guild_id)) {
      await knowGuild(payload.guild_id);
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const release = () => {
        if (held.get(payload.id) !== release) return;
        held.delete(payload.id);
        clearTimeout(timer);
        resolve({ status: 202 });
      };
      held.set(payload.id, release);
      timer = setTimeout(release, HOLD_RESPONSE_MS);
      created = undefined;
      toInteraction(payload);
      const interaction = created;
      created = undefined;
      if (!interaction) {
        logger.warn(
          { interactionId: payload.id, type: payload.type },
          'an interaction discord.js does not know',
        );
        release();
        return;
      }
      void router.handle(interaction).finally(release);
    });
  }

  const server = createInteractionsServer({ verify: createVerifier(options.publicKey), handle, logger });
  const stopHooks: Array<() => void> = [];
  return {
    client,
    router,
    server,
    async start() {
      for (const command of commands) {
        const stop = command.onReady?.(client, context);
        if (stop) stopHooks.push(stop);
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // A burst of interactions opens many connections at once; Node's default backlog (511) drops the
        // rest, and a dropped connection is retried only after a second.
        server.listen({ port: options.port, host: options.host, backlog: 4096 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      logger.info({ port, host: options.host, pid: process.pid }, 'serving interactions over HTTP');
      return port;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await router.drain();
      for (const release of [...held.values()]) release();
      await closed;
      for (const stop of stopHooks.splice(0)) stop();
      await client.destroy();
    },
  };
}
