import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type MessageComponentInteraction,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { UserError } from '../../errors.js';
import { findPassage } from '../../sessions/index.js';
import { documentChoices } from '../shared/documents.js';
import { requireGuild } from './access.js';
import { clickMove, end, move, pauseOrResume } from './move.js';
import { postInThread, renderEvent, SESSION_PREFIX } from './render.js';
import { schedule, scheduleSubcommand } from './schedule.js';
import { start, startSubcommand } from './start.js';
import { status } from './status.js';

export const componentPrefix = SESSION_PREFIX;

export const data = new SlashCommandBuilder()
  .setName('session')
  .setDescription('Moderated reading sessions that run in a thread')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageEvents)
  .setContexts(0)
  .addSubcommand(startSubcommand)
  .addSubcommand((sub) => sub.setName('next').setDescription('Move the session on one step (moderators)'))
  .addSubcommand((sub) => sub.setName('back').setDescription('Go back one step (moderators)'))
  .addSubcommand((sub) => sub.setName('pause').setDescription('Pause the session and its timer (moderators)'))
  .addSubcommand((sub) => sub.setName('resume').setDescription('Resume a paused session (moderators)'))
  .addSubcommand((sub) =>
    sub.setName('end').setDescription('End the session and post the recap with a bibliography (moderators)'),
  )
  .addSubcommand((sub) =>
    sub.setName('status').setDescription('Where the session is, who attends, and upcoming readings'),
  )
  .addSubcommand(scheduleSubcommand);

export const help = {
  description:
    'Moderators run a reading in a thread: step by step with citations and prompts, attendance, notes, a recap with a bibliography, timers and scheduled events.',
  example: '/session start document: park-2013 from: 2 to: 5 pace: 2 minutes: 10 spoilers: false',
};

export async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const subcommand = interaction.options.getSubcommand();
  switch (subcommand) {
    case 'start':
      return start(interaction, context);
    case 'next':
    case 'back':
      return move(interaction, context, subcommand);
    case 'pause':
    case 'resume':
      return pauseOrResume(interaction, context, subcommand);
    case 'end':
      return end(interaction, context);
    case 'status':
      return status(interaction, context);
    case 'schedule':
      return schedule(interaction, context);
    default:
      throw new UserError('That subcommand is not available any more.', 'stale');
  }
}

/** `document` offers the library; `from` and `to` offer that document's passages. */
export async function autocomplete(interaction: AutocompleteInteraction, context: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'document') {
    await interaction.respond(documentChoices(context.corpus, focused.value));
    return;
  }
  const documentId = interaction.options.getString('document');
  const document = documentId ? context.corpus.getDocument(documentId) : undefined;
  if (!document) {
    await interaction.respond([]);
    return;
  }
  const typed = focused.value.trim().toLowerCase();
  const exact = typed ? findPassage(document.passages, typed) : undefined;
  const matches = document.passages.filter(
    (passage) => passage === exact || passage.locator.toLowerCase().includes(typed),
  );
  await interaction.respond(
    matches.slice(0, DISCORD_LIMITS.autocompleteChoices).map((passage) => ({
      name: truncate(`${passage.locator}: ${passage.text}`, DISCORD_LIMITS.choiceNameLength),
      value: passage.locator,
    })),
  );
}

export async function handleComponent(
  interaction: MessageComponentInteraction,
  context: AppContext,
): Promise<void> {
  if (!interaction.isButton()) throw new UserError('This control no longer works.', 'stale');
  requireGuild(interaction);
  const [, action, idText, positionText] = interaction.customId.split(':');
  const sessionId = Number(idText);
  const session = Number.isInteger(sessionId) ? context.sessions.get(sessionId) : undefined;
  if (!session || session.guildId !== interaction.guildId) {
    throw new UserError('This session no longer exists.', 'stale');
  }
  if (action === 'join') {
    const { joined } = context.sessionService.join(sessionId, interaction.user.id);
    const count = context.sessions.attendance(sessionId).length;
    await interaction.reply({
      content: joined
        ? `You are on the attendance list of **${escapeText(session.title)}** (${count} attending). Add notes with /note.`
        : `You were already on the attendance list (${count} attending).`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  if ((action === 'next' || action === 'back') && positionText !== undefined) {
    await clickMove(interaction, context, action, sessionId, Number(positionText));
    return;
  }
  throw new UserError('This button no longer works. Use /session status.', 'stale');
}

/**
 * Posts what happens to sessions in their threads, then restarts auto-advance from the stored timestamps:
 * overdue steps are posted now, the rest on time. Subscribing first means no overdue step goes unposted.
 */
export function onReady(client: Client<true>, context: AppContext): () => void {
  const unsubscribe = context.sessionService.subscribe((event) =>
    postInThread(client, event.session, renderEvent(context, event)),
  );
  context.sessionService.startTimer();
  return () => {
    context.sessionService.stopTimer();
    unsubscribe();
  };
}
