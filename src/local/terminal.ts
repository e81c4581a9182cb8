import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationCommandOptionType, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type {
  InteractionRecord,
  Standin,
  StandinGuild,
  StandinUser,
  StoredMessage,
} from '../discord-standin/server.js';
import { createFileAttacher } from './attach.js';
import {
  type AttachmentResolver,
  CommandLineError,
  describeOptions,
  type MentionResolver,
  parseCommandLine,
} from './parse.js';
import {
  formatSize,
  type NameLookup,
  type RenderableMessage,
  type RenderedControl,
  renderMessage,
} from './render.js';

export interface CommandHelpEntry {
  name: string;
  description: string;
  example: string;
}

export interface LocalTerminalOptions {
  standin: Standin;
  /** The registered command definitions: what the parser accepts and what `help` lists. */
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[];
  commandHelp: readonly CommandHelpEntry[];
  write: (text: string) => void;
  color?: boolean;
  /** Zone for `<t:…>` dates; the machine's own when absent. */
  timeZone?: string;
  /** Where `save` puts a file given without a directory. */
  workingDirectory?: string;
  /** How long to wait for a deferred reply to be filled in. */
  replyTimeoutMs?: number;
  /** Adds a server with the bot in it (and its commands registered), for `guild <n>` past the last one. */
  addGuild?: () => Promise<StandinGuild>;
  /** Called after a reply changed or gained a follow-up while nobody was typing, to show the prompt again. */
  onUpdate?: () => void;
}

const THREAD_TYPES = new Set([10, 11, 12]);

/** Lines a person types that are not slash commands, as `help` shows them. */
const TERMINAL_HELP = [
  '  <number>               press that button, or choose that menu option, on the last message',
  '  save <n> [path]        save file n of the last message with files (default: its own name, here)',
  '  as member | as moderator   switch who you are',
  '  in thread [name]       type in a session thread (the newest, or the one named)',
  '  in channel             back to #reading-room',
  '  guild [n]              list the servers, or switch to server n (one past the last adds a server)',
  '  option with a file     a path on this computer, e.g. /library add file: ./reading.pdf',
  '  help                   this list       quit   stop (Ctrl-C and Ctrl-D do too)',
];

/**
 * One person at the local terminal: reads a typed line, sends it to the stand-in as Discord's client would,
 * and writes back what Discord would show. Holds who is typing, where, and what the last message offers.
 */
export class LocalTerminal {
  user: StandinUser;
  channelId: string;
  private controls: Array<RenderedControl & { message: StoredMessage }> = [];
  private files: { message: StoredMessage } | undefined;
  private readonly names: NameLookup;
  private readonly mentions: MentionResolver;
  private readonly attacher: AttachmentResolver;

  constructor(private readonly options: LocalTerminalOptions) {
    const { standin } = options;
    this.user = standin.users.moderator;
    this.channelId = standin.channelId;
    this.attacher = createFileAttacher({
      standin,
      channelId: () => this.channelId,
      ...(options.workingDirectory ? { workingDirectory: options.workingDirectory } : {}),
    });
    this.names = {
      user: (id) => standin.findUser(id)?.username ?? (id === standin.applicationId ? 'Lectern' : undefined),
      role: (id) => standin.roles.get(id)?.name as string | undefined,
      channel: (id) => standin.channels.get(id)?.name as string | undefined,
    };
    const byName = <T>(items: Iterable<T>, name: (item: T) => unknown, id: (item: T) => string) => {
      return (wanted: string) => {
        for (const item of items)
          if (String(name(item)).toLowerCase() === wanted.toLowerCase()) return id(item);
        return undefined;
      };
    };
    this.mentions = {
      user: (wanted) =>
        byName(
          Object.values(standin.users),
          (user) => user.username,
          (user) => user.id,
        )(wanted),
      role: (wanted) =>
        byName(
          standin.rolesOf(this.guild.id).values(),
          (role) => role.name,
          (role) => String(role.id),
        )(wanted),
      channel: (wanted) =>
        byName(
          [...standin.channels.values()].filter((channel) => channel.guild_id === this.guild.id),
          (channel) => channel.name,
          (channel) => String(channel.id),
        )(wanted),
    };
  }

  /** The server the person is in: the one of the channel they type in. */
  get guild(): StandinGuild {
    const { standin } = this.options;
    return standin.guilds.get(standin.guildOf(this.channelId)) ?? this.firstGuild;
  }

  private get firstGuild(): StandinGuild {
    const { standin } = this.options;
    return { id: standin.guildId, name: '', channelId: standin.channelId };
  }

  get prompt(): string {
    const guild = this.guild;
    const server = guild.id === this.options.standin.guildId ? '' : ` [${guild.name}]`;
    const where = this.channelId === guild.channelId ? '' : ` #${this.names.channel(this.channelId) ?? '?'}`;
    return `${this.user.username}${server}${where}> `;
  }

  /** Handles one typed line; resolves to 'quit' when the person asked to stop. */
  async handle(raw: string): Promise<'quit' | undefined> {
    const line = raw.trim();
    const { standin } = this.options;
    if (line === '') return undefined;
    if (line === 'quit' || line === 'exit') return 'quit';
    if (line === 'help') {
      this.write(this.help());
      return undefined;
    }
    if (line === 'as moderator' || line === 'as member') {
      this.user = line === 'as moderator' ? standin.users.moderator : standin.users.member;
      this.write(
        `You are now ${this.user.username}${this.user === standin.users.moderator ? ' (can manage the server and events)' : ' (an ordinary member)'}.`,
      );
      return undefined;
    }
    const where = /^in\s+(thread|channel)\b\s*(.*)$/i.exec(line);
    if (where) {
      this.move(where[1]?.toLowerCase() === 'thread', (where[2] ?? '').trim().replace(/^#/, ''));
      return undefined;
    }
    const guild = /^guild(?:\s+(\d+))?$/i.exec(line);
    if (guild) {
      await this.switchGuild(guild[1] === undefined ? undefined : Number(guild[1]));
      return undefined;
    }
    const save = /^save\s+(\d+)(?:\s+(.+))?$/i.exec(line);
    if (save) {
      this.save(Number(save[1]), save[2]?.trim());
      return undefined;
    }
    if (/^\d+$/.test(line)) {
      await this.use(Number(line));
      return undefined;
    }
    try {
      const parsed = parseCommandLine(line, this.options.definitions, this.mentions, this.attacher);
      await this.settle(
        standin.command(parsed.name, parsed.options as never, { user: this.user, channelId: this.channelId }),
      );
    } catch (error) {
      if (!(error instanceof CommandLineError)) throw error;
      this.write(error.message);
    }
    return undefined;
  }

  /** Shows a message the bot posted on its own (a session step, a reminder), wherever it was posted. */
  showPosted(message: StoredMessage): void {
    this.show(message, 'posted');
  }

  help(): string {
    const definitions = this.options.definitions;
    const lines = ['Commands, typed as Discord’s client fills them (option: value):'];
    for (const entry of this.options.commandHelp) {
      const definition = definitions.find(
        (candidate) => `/${candidate.name}` === entry.name && (candidate.type ?? 1) === 1,
      );
      if (!definition) {
        lines.push(
          `  ${entry.name}  (in Discord: right-click a message › Apps)`,
          `      ${entry.description}`,
        );
        continue;
      }
      const options = ('options' in definition && definition.options) || [];
      const subcommands = options.filter((option) => option.type === ApplicationCommandOptionType.Subcommand);
      if (subcommands.length === 0) lines.push(`  ${entry.name}  ${describeOptions(options)}`.trimEnd());
      for (const sub of subcommands) {
        const subOptions = 'options' in sub ? (sub.options ?? []) : [];
        lines.push(`  ${entry.name} ${sub.name}  ${describeOptions(subOptions)}`.trimEnd());
      }
      lines.push(`      ${entry.description}  e.g. ${entry.example}`);
    }
    lines.push('', 'In this terminal:', ...TERMINAL_HELP);
    return lines.join('\n');
  }

  private write(text: string): void {
    this.options.write(text);
  }

  /** Lists the servers, or moves to one (a new one when it is one past the last and that is possible). */
  private async switchGuild(number: number | undefined): Promise<void> {
    const { standin } = this.options;
    const guilds = [...standin.guilds.values()];
    const list = () =>
      guilds
        .map(
          (guild, index) =>
            `  ${index + 1}. ${guild.name}${guild.id === this.guild.id ? '  (you are here)' : ''}`,
        )
        .join('\n');
    if (number === undefined) {
      this.write(
        `Servers with Lectern in them:\n${list()}\n"guild <n>" moves you; each server has its own settings and library.`,
      );
      return;
    }
    let chosen = guilds[number - 1];
    if (!chosen && number === guilds.length + 1 && this.options.addGuild) {
      chosen = await this.options.addGuild();
      this.write(`Lectern joined a new server, ${chosen.name}.`);
    }
    if (!chosen) {
      this.write(
        `There is no server ${number}.${this.options.addGuild ? ` "guild ${guilds.length + 1}" adds one.` : ''}\n${list()}`,
      );
      return;
    }
    this.channelId = chosen.channelId;
    this.controls = [];
    this.write(`You are in ${chosen.name}, #${this.names.channel(chosen.channelId)}.`);
  }

  private move(toThread: boolean, name: string): void {
    const { standin } = this.options;
    const guild = this.guild;
    if (!toThread) {
      this.channelId = guild.channelId;
      this.write(`You are in #${this.names.channel(guild.channelId)}.`);
      return;
    }
    const threads = [...standin.channels.values()].filter(
      (channel) => THREAD_TYPES.has(Number(channel.type)) && channel.guild_id === guild.id,
    );
    if (threads.length === 0) {
      this.write('There is no thread yet. A moderator opens one with /session start document: <id>.');
      return;
    }
    const chosen = name
      ? threads.find((thread) => String(thread.name).toLowerCase().startsWith(name.toLowerCase()))
      : threads[threads.length - 1];
    if (!chosen) {
      this.write(
        `No thread called "${name}". Threads: ${threads.map((thread) => `#${thread.name}`).join(', ')}`,
      );
      return;
    }
    this.channelId = String(chosen.id);
    const others =
      threads.length > 1
        ? ` (others: ${threads
            .filter((t) => t !== chosen)
            .map((t) => `#${t.name}`)
            .join(', ')})`
        : '';
    this.write(`You are in the thread #${chosen.name}; "in channel" goes back.${others}`);
  }

  private save(number: number, target: string | undefined): void {
    const file = this.files?.message.files[number - 1];
    if (!file) {
      const count = this.files?.message.files.length ?? 0;
      this.write(
        count === 0 ? 'The last messages carry no files.' : `The last message has files 1 to ${count}.`,
      );
      return;
    }
    const directory = this.options.workingDirectory ?? process.cwd();
    const destination = path.resolve(directory, target ?? file.filename);
    try {
      writeFileSync(destination, file.data);
      this.write(`Saved ${file.filename} (${formatSize(file.data.length)}) to ${destination}`);
    } catch (error) {
      this.write(
        `Could not save to ${destination}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async use(number: number): Promise<void> {
    const control = this.controls.find((candidate) => candidate.number === number);
    if (!control) {
      this.write('Nothing has that number on the last message.');
      return;
    }
    if (control.disabled) {
      this.write(`"${control.label}" is disabled.`);
      return;
    }
    const { standin } = this.options;
    await this.settle(
      control.kind === 'button'
        ? standin.clickButton(control.message, control.customId, { user: this.user })
        : standin.selectMenu(control.message, control.customId, [control.value], { user: this.user }),
    );
  }

  /**
   * Replies whose later changes are still shown: a reply can change after it is first shown (progress, then
   * the result of a long /library add) and gain follow-ups. As Discord's client does, each change is shown
   * when it comes, for as long as the interaction's token lives (15 minutes). One pair of listeners serves
   * them all, so a long session adds no listener per command.
   */
  private readonly watched = new Map<
    InteractionRecord,
    { shown: string; followUps: number; until: number }
  >();
  private listening = false;

  private keepShowing(record: InteractionRecord, shown: StoredMessage | undefined, followUps: number): void {
    const now = Date.now();
    for (const [watchedRecord, watch] of this.watched)
      if (now > watch.until) this.watched.delete(watchedRecord);
    this.watched.set(record, {
      shown: shown ? messageState(shown) : '',
      followUps,
      until: now + INTERACTION_TOKEN_LIFETIME_MS,
    });
    if (this.listening) return;
    this.listening = true;
    this.options.standin.on('edit', this.onEdit);
    this.options.standin.on('followUp', this.onFollowUp);
  }

  /** The watch on a reply, or undefined once its token has lapsed (and then forgotten). */
  private watchOf(record: InteractionRecord) {
    const watch = this.watched.get(record);
    if (watch && Date.now() > watch.until) this.watched.delete(record);
    return this.watched.get(record);
  }

  private readonly onEdit = (record: InteractionRecord): void => {
    const watch = this.watchOf(record);
    const now = this.options.standin.replyOf(record);
    if (!watch || !now || messageState(now) === watch.shown) return;
    watch.shown = messageState(now);
    this.show(now, 'updated');
    this.options.onUpdate?.();
  };

  private readonly onFollowUp = (record: InteractionRecord): void => {
    const watch = this.watchOf(record);
    if (!watch) return;
    for (const followUp of record.followUps.slice(watch.followUps)) this.show(followUp, 'follow-up');
    watch.followUps = record.followUps.length;
    this.options.onUpdate?.();
  };

  /** Stops showing later changes (on quit). */
  close(): void {
    this.watched.clear();
    this.options.standin.off('edit', this.onEdit);
    this.options.standin.off('followUp', this.onFollowUp);
    this.listening = false;
  }

  private show(message: StoredMessage | undefined, heading?: string): void {
    if (!message) return;
    const where =
      message.channel_id !== this.channelId ? `#${this.names.channel(message.channel_id) ?? '?'}` : undefined;
    const { text, controls } = renderMessage(toRenderable(message), {
      color: this.options.color ?? false,
      names: this.names,
      ...(this.options.timeZone ? { timeZone: this.options.timeZone } : {}),
    });
    this.write('');
    if (heading || where) this.write(`── ${[heading, where].filter(Boolean).join(' · ')}`);
    this.write(text || '(empty message)');
    if (controls.length > 0) this.controls = controls.map((control) => ({ ...control, message }));
    if (message.files.length > 0) this.files = { message };
  }

  private async settle(record: InteractionRecord): Promise<void> {
    const { standin } = this.options;
    const timeout = this.options.replyTimeoutMs ?? 10_000;
    try {
      const response = await record.response;
      if (response.type === 8) {
        const choices = (response.data.choices as Array<{ name: string }>) ?? [];
        this.write(
          choices.map((choice, index) => `  ${index + 1}. ${choice.name}`).join('\n') || '  (no suggestions)',
        );
        return;
      }
      if (response.type === 5 || response.type === 6) {
        await Promise.race([standin.waitFor('edit', timeout).catch(() => undefined), delay(timeout)]);
      }
      // Follow-ups are sent right after the reply; give them a moment to arrive.
      await delay(50);
      const shown = standin.replyOf(record);
      this.show(shown);
      for (const followUp of record.followUps) this.show(followUp, 'follow-up');
      this.keepShowing(record, shown, record.followUps.length);
    } catch (error) {
      this.write(`(no answer: ${error instanceof Error ? error.message : String(error)})`);
    }
  }
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

/** What a reader sees of a message, to tell an edit that changed it from one that did not. */
function messageState(message: StoredMessage): string {
  return JSON.stringify([message.content, message.embeds, message.components]);
}

/** How long Discord lets a bot edit its reply and follow up on an interaction. */
const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
