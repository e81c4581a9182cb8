import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { AppContext } from '../app/context.js';
import type { Command } from '../commands/types.js';
import { createInteractionRouter, type InteractionRouter } from './router.js';

export interface Bot {
  client: Client;
  router: InteractionRouter;
  /** Resolves when the gateway session is ready. */
  start(token: string): Promise<void>;
  /** Finishes the replies under way, then disconnects. */
  stop(): Promise<void>;
}

/** The real discord.js client: Guilds intent only, and no message may ping anyone unless a reply says so. */
export function createBot(context: AppContext, commands: readonly Command[], apiUrl?: string): Bot {
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
