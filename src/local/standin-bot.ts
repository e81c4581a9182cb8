import type { AppContext } from '../app/context.js';
import { commandDefinitions, commands } from '../commands/index.js';
import { type Bot, createBot } from '../discord/client.js';
import { deployCommands } from '../discord/deploy.js';
import type { Standin } from '../discord-standin/server.js';

/** Registers every command in the stand-in's guild and connects the real bot to it. */
export async function startBotOnStandin(context: AppContext, standin: Standin): Promise<Bot> {
  await deployCommands({
    token: standin.token,
    apiUrl: standin.apiUrl,
    guildId: standin.guildId,
    definitions: commandDefinitions(),
  });
  const bot = createBot(context, commands, standin.apiUrl);
  await bot.start(standin.token);
  return bot;
}
