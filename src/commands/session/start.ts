import {
  ChannelType,
  type ChatInputCommandInteraction,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import { MAX_MINUTES, MAX_PACE, MAX_TITLE_LENGTH, planSteps } from '../../sessions/index.js';
import { counted } from '../../text/index.js';
import { cleanName } from '../../text/unicode.js';
import { documentOption, passageOption, requestedReading } from './access.js';
import { PASSAGE_BUDGET, PASSAGE_FRAMING, renderAnnouncement, searchScope, where } from './render.js';

export function startSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('start')
    .setDescription('Start a reading session in a new thread (moderators)')
    .addStringOption(documentOption)
    .addStringOption(passageOption('from', 'Where to begin, e.g. 3 or "para. 3" (default: the beginning)'))
    .addStringOption(passageOption('to', 'Where to stop, e.g. 5 or "para. 5" (default: the end)'))
    .addIntegerOption((option) =>
      option
        .setName('pace')
        .setDescription('Passages per step, as many as fit whole (default 1)')
        .setMinValue(1)
        .setMaxValue(MAX_PACE),
    )
    .addIntegerOption((option) =>
      option
        .setName('minutes')
        .setDescription('Move on automatically every this many minutes')
        .setMinValue(1)
        .setMaxValue(MAX_MINUTES),
    )
    .addStringOption((option) =>
      option
        .setName('title')
        .setDescription('Name of the session and its thread')
        .setMaxLength(MAX_TITLE_LENGTH),
    )
    .addBooleanOption((option) =>
      option
        .setName('spoilers')
        .setDescription('False: /search in the thread shows only passages already read (default true)'),
    );
}

export async function start(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const channel =
    interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId).catch(() => null));
  if (channel?.type !== ChannelType.GuildText) {
    throw new UserError('Start a session from a text channel; Lectern opens a thread for it there.');
  }
  const { document, passages: range } = requestedReading(interaction, context);
  // The title names the thread: controls, line breaks and bidi overrides would garble it or the channel list.
  const typedTitle = interaction.options.getString('title');
  const title = typedTitle === null ? cleanName(`Reading: ${document.shortTitle}`) : cleanName(typedTitle);
  if (title === '') {
    throw new UserError(
      'That title has nothing to show once control and direction characters are removed. Give the session a title in words.',
    );
  }
  const live = await context.sessions.getLiveByChannel(guildId, interaction.channelId);
  if (live) {
    throw new UserError(
      `This channel already has ${live.status === 'active' ? 'an active' : 'a paused'} reading session ("${escapeText(live.title)}"). End it before starting another.`,
      'conflict',
    );
  }
  const pace = interaction.options.getInteger('pace') ?? 1;

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // The row claims the channel first, so two starts at once cannot both open a thread.
  let session = await context.sessionService.start({
    guildId,
    channelId: interaction.channelId,
    documentId: document.id,
    passageIds: range.map((passage) => passage.id),
    steps: planSteps(range, {
      pace,
      maxCharacters: PASSAGE_BUDGET,
      framingCharacters: PASSAGE_FRAMING,
    }),
    startedBy: interaction.user.id,
    title,
    pace,
    minutes: interaction.options.getInteger('minutes'),
    spoilers: interaction.options.getBoolean('spoilers') ?? true,
    interactionId: interaction.id,
  });
  try {
    // The thread hangs off an announcement, so the channel shows what is being read and where to join.
    const announcement = await channel.send(renderAnnouncement(context, session, interaction.user.id));
    const thread = await announcement.startThread({
      name: truncate(session.title, 100),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
      reason: `Lectern reading session #${session.id}`,
    });
    session = await context.sessionService.attachThread(session.id, thread.id);
  } catch (error) {
    // Without its thread the session cannot run; free the channel rather than leave it blocked.
    await context.sessionService.abandon(session.id);
    throw error;
  }
  context.logger.info(
    {
      command: 'session start',
      guildId,
      sessionId: session.id,
      documentId: document.id,
      userId: interaction.user.id,
    },
    'reading session started',
  );
  const passages = session.passageIds.length;
  await interaction.editReply({
    content: truncate(
      `Started **${escapeText(session.title)}** in ${where(session)}: ${counted(passages, 'passage')} in ${counted(session.stepCount, 'step')}${session.minutes ? `, moving on every ${session.minutes} min` : ''}; search in this thread: ${searchScope(session)}.`,
      DISCORD_LIMITS.contentLength,
    ),
    allowedMentions: NO_MENTIONS,
  });
}
