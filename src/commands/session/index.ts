import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { contextForGuild } from '../../app/scope.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { shardScope } from '../../discord/sharding.js';
import { UserError } from '../../errors.js';
import { findPassage, PostRefused, type RefusedPost } from '../../sessions/index.js';
import { documentChoices } from '../shared/documents.js';
import type { SlashCommand } from '../types.js';
import { sessionOfControl } from './access.js';
import { clickMove, end, move, pauseOrResume } from './move.js';
import { joinAction, moveActions, postInThread, renderEvent } from './render.js';
import { repost } from './repost.js';
import { schedule, scheduleComponents, scheduleSubcommand } from './schedule.js';
import { start, startSubcommand } from './start.js';
import { status } from './status.js';

const data = new SlashCommandBuilder()
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
  .addSubcommand(scheduleSubcommand)
  .addSubcommand((sub) =>
    sub
      .setName('repost')
      .setDescription('Post the current step again, or the recap of an ended session (moderators)'),
  );

const help = {
  description:
    'Moderators run a reading in a thread: step by step with citations and prompts, attendance, notes, a recap with a bibliography, timers and scheduled events.',
  example: '/session start document: park-2013 from: 2 to: 5 pace: 2 minutes: 10 spoilers: false',
};

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
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
    case 'repost':
      return repost(interaction, context);
    default:
      throw new UserError('That subcommand is not available any more.', 'stale');
  }
}

/** `document` offers the library; `from` and `to` offer that document's passages. */
async function autocomplete(interaction: AutocompleteInteraction, context: AppContext): Promise<void> {
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

/** The Join button: anyone in the server may put themselves on the attendance list. */
async function join(
  interaction: ButtonInteraction,
  { sessionId }: { sessionId: number },
  context: AppContext,
): Promise<void> {
  const session = await sessionOfControl(context, interaction, sessionId);
  const { joined } = await context.sessionService.join(sessionId, interaction.user.id, {
    interactionId: interaction.id,
  });
  const count = (await context.sessions.attendance(sessionId)).length;
  await interaction.reply({
    content: joined
      ? `You are on the attendance list of **${escapeText(session.title)}** (${count} attending). Add notes with /note.`
      : `You were already on the attendance list (${count} attending).`,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

/** Discord's JSON error codes that no retry can fix, with what the bot lacks, for the moderator. */
const REFUSED_FOR_GOOD: Readonly<Record<number, string>> = {
  50001: 'it is missing the View Channel permission there (Missing Access)',
  50013: 'it is missing the Send Messages in Threads or Embed Links permission there (Missing Permissions)',
  10003: 'the thread no longer exists (Unknown Channel)',
};

/**
 * Sorts a failed thread post into "refused for good" (PostRefused, so the session is held back) and
 * anything else (rethrown, so the outbox retries it: 401, 429, 5xx, a dropped connection).
 */
function classifyPostFailure(error: unknown): unknown {
  if (!(error instanceof DiscordAPIError)) return error;
  const known = typeof error.code === 'number' ? REFUSED_FOR_GOOD[error.code] : undefined;
  if (known) return new PostRefused(known, { cause: error });
  if (error.status === 403) {
    return new PostRefused('it is missing the View Channel or Send Messages in Threads permission there', {
      cause: error,
    });
  }
  if (error.status === 404) return new PostRefused('the thread no longer exists', { cause: error });
  return error;
}

async function postStoredEvent(
  client: Client,
  context: AppContext,
  event: Parameters<typeof renderEvent>[1],
): Promise<void> {
  if (!event.session.threadId) return;
  try {
    await postInThread(
      client,
      event.session,
      await renderEvent(await contextForGuild(context, event.session.guildId), event),
    );
  } catch (error) {
    throw classifyPostFailure(error);
  }
}

/** A refusal nobody waits for (a timer step, a retry) is told in the channel the session was started from. */
async function tellModerators(client: Client, refused: RefusedPost): Promise<void> {
  const channel = await client.channels.fetch(refused.session.channelId);
  if (!channel?.isSendable()) return;
  await channel.send({
    content: truncate(
      `Reading session **${escapeText(refused.session.title)}**: ${refused.message}`,
      DISCORD_LIMITS.contentLength,
    ),
    allowedMentions: NO_MENTIONS,
  });
}

/**
 * Posts what happens to sessions in their threads, then sends whatever the outbox still owes (a restart
 * between a commit and its post included) and restarts auto-advance from the stored timestamps.
 * Subscribing first means no owed post waits for the next change.
 */
function onReady(client: Client, context: AppContext): () => void {
  const unsubscribe = context.sessionService.subscribe((event) => postStoredEvent(client, context, event));
  const stopTelling = context.sessionService.onRefusal((refused) => tellModerators(client, refused));
  // A shard runs the timers of its own servers only; another shard's process runs the rest.
  const scope = shardScope(client);
  void context.sessionService.startTimer(scope ? { servesGuild: scope } : {});
  return () => {
    context.sessionService.stopTimer();
    stopTelling();
    unsubscribe();
  };
}

const moderatorOnly = ['moderator'] as const;

export const command = {
  kind: 'slash',
  data,
  help,
  preconditions: ['guildOnly'],
  // Anyone may read the status, /note and Join; running a session is for moderators.
  subcommandPreconditions: {
    start: moderatorOnly,
    next: moderatorOnly,
    back: moderatorOnly,
    pause: moderatorOnly,
    resume: moderatorOnly,
    end: moderatorOnly,
    schedule: moderatorOnly,
    repost: moderatorOnly,
  },
  refusals: {
    guildOnly: 'Reading sessions run in a server; use this in one.',
    moderator:
      'Only moderators can run reading sessions: you need the Manage Events permission or the moderator role set with /settings. Anyone can use /session status, /note and the Join button.',
  },
  components: [
    joinAction.button(join),
    moveActions.next.button((interaction, id, context) => clickMove(interaction, context, 'next', id), {
      preconditions: moderatorOnly,
    }),
    moveActions.back.button((interaction, id, context) => clickMove(interaction, context, 'back', id), {
      preconditions: moderatorOnly,
    }),
    ...scheduleComponents,
  ],
  onReady,
  execute,
  autocomplete,
} satisfies SlashCommand;
