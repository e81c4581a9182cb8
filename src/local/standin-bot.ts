import type { AppContext } from '../app/context.js';
import { commands as registry } from '../commands/index.js';
import type { Command } from '../commands/types.js';
import { type Bot, createBot } from '../discord/client.js';
import { deployCommands } from '../discord/deploy.js';
import type { Standin } from '../discord-standin/server.js';

/** Registers the commands in one of the stand-in's guilds, as `npm run deploy` does with DISCORD_GUILD_ID. */
export async function deployToStandinGuild(
  standin: Standin,
  guildId: string,
  commands: readonly Command[] = registry,
): Promise<void> {
  await deployCommands({
    token: standin.token,
    apiUrl: standin.apiUrl,
    guildId,
    definitions: commands.map((command) => command.data.toJSON()),
  });
}

/** Registers every command in each of the stand-in's guilds and connects the real bot to it. */
export async function startBotOnStandin(
  context: AppContext,
  standin: Standin,
  commands: readonly Command[] = registry,
): Promise<Bot> {
  for (const guildId of standin.guilds.keys()) await deployToStandinGuild(standin, guildId, commands);
  const bot = createBot(context, commands, standin.apiUrl);
  await bot.start(standin.token);
  return bot;
}
