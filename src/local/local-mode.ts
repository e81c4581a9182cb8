import { createInterface } from 'node:readline';
import { createAppContext } from '../app/create.js';
import { installShutdown } from '../app/shutdown.js';
import { commandDefinitions, commandHelp } from '../commands/index.js';
import type { Config } from '../config.js';
import { type Standin, type StoredMessage, startStandin } from '../discord-standin/server.js';
import { createLogger } from '../logger.js';
import { secretsOfDatabaseUrl } from '../state/index.js';
import { deployToStandinGuild, startBotOnStandin } from './standin-bot.js';
import { LocalTerminal } from './terminal.js';

const BANNER = `
Lectern · LOCAL MODE
No DISCORD_TOKEN is set, so Lectern is running against its built-in Discord stand-in on this machine.
The real bot code and the real discord.js client are answering you; nothing leaves this computer.

Try:   /search query: military option
       /cite query: military option        (then a number to switch style)
       /library list /help      help        (help lists every command with its options)
Type a button's or menu option's number (e.g. 1) to use it, "save 1" to save an attached file.
A file option takes a path on this computer:  /library add file: ./reading.pdf
"as moderator" / "as member" switches who you are; "in thread" / "in channel" where you type;
"guild 2" moves you to a second server (each has its own settings and library).
Type "quit" (or Ctrl-C, Ctrl-D) to stop.

To use real Discord: copy .env.example to .env, set DISCORD_TOKEN and DISCORD_CLIENT_ID,
run "npm run deploy", then "npm start" again (see README: Connecting to Discord).
`;

/**
 * The configuration local mode runs with: the person at the terminal (the stand-in's moderator) runs this
 * bot, so they are its operator, unless OPERATOR_IDS names others.
 */
export function localModeConfig(config: Config, standin: Pick<Standin, 'users'>): Config {
  if (config.operatorIds.length > 0) return config;
  return { ...config, operatorIds: [standin.users.moderator.id] };
}

/** Starts the stand-in, the real bot against it, and an interactive terminal. */
export async function runLocalMode(environmentConfig: Config): Promise<void> {
  // Logs would interleave with the conversation; keep only warnings on stderr unless asked for more.
  const logger = createLogger({
    level: environmentConfig.logLevel === 'info' ? 'warn' : environmentConfig.logLevel,
    secrets: secretsOfDatabaseUrl(environmentConfig.databaseUrl),
  });
  const standin = await startStandin();
  const config = localModeConfig(environmentConfig, standin);
  const context = await createAppContext(config, logger, commandHelp);
  const bot = await startBotOnStandin(context, standin);

  const out = (text: string) => process.stdout.write(`${text}\n`);
  let stopping = false;
  let handling = false;
  const terminal = new LocalTerminal({
    standin,
    definitions: commandDefinitions(),
    commandHelp,
    write: out,
    color: Boolean(process.stdout.isTTY),
    addGuild: async () => {
      const guild = standin.addGuild();
      await deployToStandinGuild(standin, guild.id);
      return guild;
    },
    // A reply that changed while nobody was typing: show the prompt again under it.
    onUpdate: () => {
      if (!stopping && !handling) prompt();
    },
  });
  standin.on('botMessage', (message: StoredMessage) => terminal.showPosted(message));

  out(BANNER);
  const input = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: Boolean(process.stdin.isTTY),
  });
  const prompt = () => {
    input.setPrompt(terminal.prompt);
    input.prompt();
  };

  const stop = async () => {
    stopping = true;
    terminal.close();
    input.close();
    await bot.stop();
    await context.close();
    await standin.close();
  };
  installShutdown(logger, [stop]);
  // quit, Ctrl-D (the input closes) and Ctrl-C (SIGINT) all end the same way: one orderly shutdown, exit 0.
  const quit = () => {
    if (!stopping) process.kill(process.pid, 'SIGTERM');
  };

  // Lines are handled one at a time, in order, as a person would see the answers.
  let queue = Promise.resolve();
  input.on('line', (line) => {
    queue = queue.then(async () => {
      if (stopping) return;
      handling = true;
      try {
        if ((await terminal.handle(line)) === 'quit') return quit();
      } catch (error) {
        out(`(local mode: ${error instanceof Error ? error.message : String(error)})`);
      } finally {
        handling = false;
      }
      prompt();
    });
  });
  input.on('close', () => void queue.then(quit));
  prompt();
}
