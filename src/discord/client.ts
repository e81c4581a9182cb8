import { Client, Events, GatewayIntentBits, RESTEvents } from 'discord.js';
import type { AppContext } from '../app/context.js';
import type { Command } from '../commands/types.js';
import type { Logger } from '../logger.js';
import { createInteractionRouter, type InteractionRouter } from './router.js';

export interface Bot {
  client: Client;
  router: InteractionRouter;
  /** Resolves when the gateway session is ready. */
  start(token: string): Promise<void>;
  /** Finishes the replies under way, then disconnects. */
  stop(): Promise<void>;
}

export interface BotOptions {
  /**
   * Called once after Discord answers 401 to a request made with the bot token. discord.js then drops the
   * token and every later request fails, while the gateway stays connected: the bot looks alive but cannot
   * post. The process should exit so a supervisor restarts it or alerts someone.
   */
  onTokenRejected?: () => void;
}

/** Logs, once, Discord's 401 to the bot token, and calls `onRejected` (see BotOptions.onTokenRejected). */
export function watchBotToken(client: Client, logger: Logger, onRejected: () => void): void {
  let tokenRejected = false;
  client.rest.on(RESTEvents.Response, (request, response) => {
    // Interaction callbacks and webhooks carry their own token (auth: false); only the bot token's 401 is fatal.
    if (response.status !== 401 || request.data.auth === false || tokenRejected) return;
    tokenRejected = true;
    logger.fatal(
      { status: 401, method: request.method, route: request.route, cause: 'bot token rejected' },
      'Discord answered 401 Unauthorized to the bot token (DISCORD_TOKEN was reset, revoked or is wrong): ' +
        'the bot cannot post any more; stopping so it can be restarted with a valid token',
    );
    onRejected();
  });
}

/** The real discord.js client: Guilds intent only, and no message may ping anyone unless a reply says so. */
export function createBot(
  context: AppContext,
  commands: readonly Command[],
  apiUrl?: string,
  options: BotOptions = {},
): Bot {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [], repliedUser: false },
    ...(apiUrl ? { rest: { api: apiUrl } } : {}),
  });
  const router = createInteractionRouter(context, commands);
  const stopHooks: Array<() => void> = [];
  client.on(Events.InteractionCreate, (interaction) => {
    void router.handle(interaction);
  });
  watchBotToken(client, context.logger, () => options.onTokenRejected?.());
  client.on(Events.Error, (error) => context.logger.error({ err: error }, 'discord client error'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    context.logger.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    context.logger.info({ shardId, replayed }, 'gateway session resumed'),
  );
  return {
    client,
    router,
    async start(token) {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(token);
      await ready;
      for (const command of commands) {
        const stop = command.onReady?.(client as Client<true>, context);
        if (stop) stopHooks.push(stop);
      }
      context.logger.info(
        { user: client.user?.tag, guilds: client.guilds.cache.size },
        'connected to Discord',
      );
    },
    async stop() {
      for (const stop of stopHooks.splice(0)) stop();
      await router.drain();
      await client.destroy();
    },
  };
}
