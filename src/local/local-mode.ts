import { createInterface } from 'node:readline';
import { createAppContext } from '../app/create.js';
import { installShutdown } from '../app/shutdown.js';
import { commandDefinitions, commandHelp } from '../commands/index.js';
import type { Config } from '../config.js';
import {
  type InteractionRecord,
  type StandinUser,
  type StoredMessage,
  startStandin,
} from '../discord-standin/server.js';
import { createLogger } from '../logger.js';
import { CommandLineError, parseCommandLine } from './parse.js';
import { type RenderableMessage, type RenderedButton, renderMessage } from './render.js';
import { startBotOnStandin } from './standin-bot.js';

const BANNER = `
Lectern · LOCAL MODE
No DISCORD_TOKEN is set, so Lectern is running against its built-in Discord stand-in on this machine.
The real bot code and the real discord.js client are answering you; nothing leaves this computer.

Try:   /search query: military option
       /search query: Nunn-Lugar document: jung-2013
       /library      /help
Then type a button's number (e.g. 1) to press it. "as moderator" / "as member" switches who you are.
Type "quit" (or Ctrl-D) to stop.

To use real Discord: copy .env.example to .env, set DISCORD_TOKEN and DISCORD_CLIENT_ID,
run "npm run deploy", then "npm start" again (see README: Connecting to Discord).
`;

/** Starts the stand-in, the real bot against it, and an interactive terminal. */
export async function runLocalMode(config: Config): Promise<void> {
  // Logs would interleave with the conversation; keep only warnings on stderr unless asked for more.
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const standin = await startStandin();
  const context = createAppContext(config, logger, commandHelp);
  const bot = await startBotOnStandin(context, standin);

  const color = Boolean(process.stdout.isTTY);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  let user: StandinUser = standin.users.moderator;
  let lastButtons: Array<RenderedButton & { message: StoredMessage }> = [];

  const show = (message: StoredMessage | undefined, heading?: string) => {
    if (!message) return;
    const channel = standin.channels.get(message.channel_id);
    const where =
      channel && message.channel_id !== standin.channelId ? `#${String(channel.name)}` : undefined;
    const { text, buttons } = renderMessage(toRenderable(message), { color });
    out('');
    if (heading || where) out(`── ${[heading, where].filter(Boolean).join(' · ')}`);
    out(text || '(empty message)');
    if (buttons.length > 0) lastButtons = buttons.map((button) => ({ ...button, message }));
  };

  const settle = async (record: InteractionRecord) => {
    try {
      const response = await record.response;
      if (response.type === 8) {
        const choices = (response.data.choices as Array<{ name: string }>) ?? [];
        out(
          choices.map((choice, index) => `  ${index + 1}. ${choice.name}`).join('\n') || '  (no suggestions)',
        );
        return;
      }
      if (response.type === 5 || response.type === 6) {
        await Promise.race([standin.waitFor('edit', 10_000).catch(() => undefined), delay(10_000)]);
      }
      await delay(50);
      show(standin.replyOf(record));
      for (const followUp of record.followUps) show(followUp, 'follow-up');
    } catch (error) {
      out(`(no answer: ${error instanceof Error ? error.message : String(error)})`);
    }
  };

  standin.on('botMessage', (message: StoredMessage) => show(message, 'posted'));

  out(BANNER);
  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: Boolean(process.stdin.isTTY),
  });
  const prompt = () => {
    terminal.setPrompt(`${user.username}> `);
    terminal.prompt();
  };

  const stop = async () => {
    terminal.close();
    await bot.stop();
    context.close();
    await standin.close();
  };
  installShutdown(logger, [stop]);

  terminal.on('line', (raw) => {
    void (async () => {
      const line = raw.trim();
      if (line === '') return prompt();
      if (line === 'quit' || line === 'exit') return process.kill(process.pid, 'SIGTERM');
      if (line === 'as moderator' || line === 'as member') {
        user = line === 'as moderator' ? standin.users.moderator : standin.users.member;
        out(
          `You are now ${user.username}${user === standin.users.moderator ? ' (can manage the server and events)' : ' (an ordinary member)'}.`,
        );
        return prompt();
      }
      if (/^\d+$/.test(line)) {
        const button = lastButtons.find((candidate) => candidate.number === Number(line));
        if (!button) out('No button with that number on the last message.');
        else if (button.disabled) out(`"${button.label}" is disabled.`);
        else await settle(standin.clickButton(button.message, button.customId, { user }));
        return prompt();
      }
      try {
        const parsed = parseCommandLine(line, commandDefinitions());
        await settle(standin.command(parsed.name, parsed.options as never, { user }));
      } catch (error) {
        if (error instanceof CommandLineError) out(error.message);
        else throw error;
      }
      prompt();
    })();
  });
  terminal.on('close', () => process.kill(process.pid, 'SIGTERM'));
  prompt();
}

function toRenderable(message: StoredMessage): RenderableMessage {
  return {
    content: message.content,
    embeds: message.embeds as RenderableMessage['embeds'],
    components: message.components as unknown as RenderableMessage['components'],
    attachments: message.attachments,
    flags: message.flags,
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
