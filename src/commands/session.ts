import {
  ActionRowBuilder,
  type APIEmbed,
  type AutocompleteInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  ChannelType,
  type ChatInputCommandInteraction,
  type Client,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  type MessageComponentInteraction,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  ThreadAutoArchiveDuration,
} from 'discord.js';
import { DateTime } from 'luxon';
import type { AppContext } from '../app/context.js';
import { proseStyle } from '../citations/index.js';
import { defaultStyle, referencePlainText } from '../discord/citing.js';
import { DISCORD_LIMITS } from '../discord/limits.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { UserError } from '../errors.js';
import {
  findPassage,
  MAX_MINUTES,
  MAX_PACE,
  MAX_TITLE_LENGTH,
  type MoveResult,
  parseWhen,
  type ReadingSession,
  resolvePassageRange,
  SessionError,
  SessionTimer,
  systemClock,
} from '../sessions/index.js';
import { documentChoices, resolveDocumentOption } from './shared/documents.js';
import {
  joinButtonId,
  postInThread,
  postStep,
  renderRecap,
  SESSION_PREFIX,
  stepComponents,
} from './shared/session-render.js';

const NO_MENTIONS = { parse: [] } as const;
/** Discord requires an end time for an external event; a reading session is planned as one hour. */
const SCHEDULED_EVENT_MINUTES = 60;

export const componentPrefix = SESSION_PREFIX;

export const data = new SlashCommandBuilder()
  .setName('session')
  .setDescription('Moderated reading sessions that run in a thread')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageEvents)
  .setContexts(0)
  .addSubcommand((sub) =>
    sub
      .setName('start')
      .setDescription('Start a reading session in a new thread (moderators)')
      .addStringOption((option) =>
        option.setName('document').setDescription('The reading').setRequired(true).setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('from')
          .setDescription('Where to begin, e.g. 3 or "para. 3" (default: the beginning)')
          .setMaxLength(40)
          .setAutocomplete(true),
      )
      .addIntegerOption((option) =>
        option
          .setName('pace')
          .setDescription('Passages per step (default 1)')
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
      ),
  )
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
  .addSubcommand((sub) =>
    sub
      .setName('schedule')
      .setDescription('Plan a reading as a server event (moderators)')
      .addStringOption((option) =>
        option.setName('document').setDescription('The reading').setRequired(true).setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('when')
          .setDescription('e.g. "tomorrow 19:00", "next friday 6pm" or 2026-12-01T18:00')
          .setRequired(true)
          .setMaxLength(100),
      )
      .addStringOption((option) =>
        option.setName('from').setDescription('First passage to read').setMaxLength(40).setAutocomplete(true),
      )
      .addStringOption((option) =>
        option.setName('to').setDescription('Last passage to read').setMaxLength(40).setAutocomplete(true),
      ),
  );

export const help = {
  description:
    'Moderators run a reading in a thread: passage by passage with citations and prompts, attendance, notes, a recap with a bibliography, timers and scheduled events.',
  example: '/session start document: park-2013 pace: 2 minutes: 10 spoilers: false',
};

// ---- permissions and lookups ---------------------------------------------------------------------------

type GuildInteraction = ChatInputCommandInteraction | MessageComponentInteraction;

function memberRoleIds(interaction: GuildInteraction): string[] {
  const member = interaction.member;
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

/** Manage Events, or the moderator role chosen with /settings. */
function isModerator(interaction: GuildInteraction, context: AppContext): boolean {
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageEvents)) return true;
  const roleId = interaction.guildId ? context.settings.get(interaction.guildId).moderatorRoleId : null;
  return roleId !== null && memberRoleIds(interaction).includes(roleId);
}

/** default_member_permissions only hides the command and a server can change that, so check here too. */
function requireModerator(interaction: GuildInteraction, context: AppContext): void {
  if (isModerator(interaction, context)) return;
  throw new UserError(
    'Only moderators can run reading sessions: you need the Manage Events permission or the moderator role set with /settings. Anyone can use /session status, /note and the Join button.',
  );
}

function requireGuild(interaction: GuildInteraction): string {
  if (!interaction.guildId) throw new UserError('Reading sessions run in a server; use this in one.');
  return interaction.guildId;
}

/** Store refusals are written for the reader; pass them on as user errors. */
function attempt<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    if (error instanceof SessionError) throw new UserError(error.message);
    throw error;
  }
}

function sessionHere(context: AppContext, guildId: string, channelId: string): ReadingSession {
  const session = context.sessions.findForChannel(guildId, channelId);
  if (!session) {
    throw new UserError(
      'No reading session is running here. Run this in the session’s thread or the channel it was started from.',
    );
  }
  return session;
}

const timers = new WeakMap<AppContext, SessionTimer>();

/** Timers live in the database; after any change of schedule the one Node timer is re-aimed from it. */
function refreshTimer(context: AppContext): void {
  timers.get(context)?.refresh();
}

function where(session: ReadingSession): string {
  return session.threadId ? `<#${session.threadId}>` : 'the session thread';
}

async function replyEphemeral(interaction: GuildInteraction, content: string): Promise<void> {
  const payload = { content: truncate(content, DISCORD_LIMITS.contentLength), allowedMentions: NO_MENTIONS };
  if (interaction.deferred || interaction.replied) await interaction.editReply(payload);
  else await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}

// ---- subcommands --------------------------------------------------------------------------------------

function announcementEmbed(context: AppContext, session: ReadingSession, startedBy: string): APIEmbed {
  const document = context.corpus.getDocument(session.documentId);
  const locator = (id: string | undefined) => (id ? (context.corpus.getPassage(id)?.locator ?? id) : '');
  return fitEmbed({
    title: escapeText(`Reading session: ${session.title}`),
    color: 0x5865f2,
    description: [
      `${escapeText(document?.shortTitle ?? session.documentId)}, ${escapeText(locator(session.passageIds[0]))} to ${escapeText(locator(session.passageIds.at(-1)))}, ${session.pace} passage${session.pace === 1 ? '' : 's'} per step.`,
      `Started by <@${startedBy}>. The reading and discussion run in the thread below; press Join to be counted.`,
    ].join('\n'),
  });
}

function joinRow(session: ReadingSession): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(joinButtonId(session.id))
      .setLabel('Join (attendance)')
      .setStyle(ButtonStyle.Success),
  );
}

async function start(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = requireGuild(interaction);
  requireModerator(interaction, context);
  const channel =
    interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId).catch(() => null));
  if (channel?.type !== ChannelType.GuildText) {
    throw new UserError('Start a session from a text channel; Lectern opens a thread for it there.');
  }
  const documentId = resolveDocumentOption(context.corpus, interaction.options.getString('document', true));
  const document = documentId ? context.corpus.getDocument(documentId) : undefined;
  if (!document) throw new UserError('Pick a document from the list.');
  const range = resolvePassageRange(document.passages, interaction.options.getString('from') ?? undefined);
  if ('error' in range) throw new UserError(range.error);
  const title = interaction.options.getString('title')?.trim() || `Reading: ${document.shortTitle}`;

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // The row claims the channel first, so two starts at once cannot both open a thread.
  let session = attempt(() =>
    context.sessions.start({
      guildId,
      channelId: interaction.channelId,
      documentId: document.id,
      passageIds: range.passages.map((passage) => passage.id),
      startedBy: interaction.user.id,
      title,
      pace: interaction.options.getInteger('pace') ?? 1,
      minutes: interaction.options.getInteger('minutes'),
      spoilers: interaction.options.getBoolean('spoilers') ?? true,
    }),
  );
  try {
    // The thread hangs off an announcement, so the channel shows what is being read and where to join.
    const announcement = await channel.send({
      embeds: [announcementEmbed(context, session, interaction.user.id)],
      components: [joinRow(session)],
      allowedMentions: NO_MENTIONS,
    });
    const thread = await announcement.startThread({
      name: truncate(session.title, 100),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
      reason: `Lectern reading session #${session.id}`,
    });
    session = context.sessions.setThread(session.id, thread.id);
    await postStep(interaction.client, context, session);
  } catch (error) {
    // Without its thread the session cannot run; free the channel rather than leave it blocked.
    context.sessions.end(session.id);
    throw error;
  }
  refreshTimer(context);
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
  await interaction.editReply({
    content: truncate(
      `Started **${escapeText(session.title)}** in ${where(session)}: ${session.passageIds.length} passage${session.passageIds.length === 1 ? '' : 's'} in ${session.stepCount} step${session.stepCount === 1 ? '' : 's'}${session.minutes ? `, moving on every ${session.minutes} min` : ''}${session.spoilers ? '' : ', search limited to what has been read'}.`,
      DISCORD_LIMITS.contentLength,
    ),
    allowedMentions: NO_MENTIONS,
  });
}

function describeRefusal(result: MoveResult, direction: 'next' | 'back'): string {
  const step = `step ${result.session.position + 1} of ${result.session.stepCount}`;
  if (result.reason === 'stale') return `Someone has already moved the session; it is now at ${step}.`;
  if (result.reason === 'at-end')
    return `This is the last step (${step}). End the session with /session end.`;
  if (result.reason === 'at-start') return 'This is the first step; there is nothing to go back to.';
  return direction === 'next' ? 'Nothing moved.' : 'Nothing moved back.';
}

async function move(
  interaction: ChatInputCommandInteraction,
  context: AppContext,
  direction: 'next' | 'back',
): Promise<void> {
  const guildId = requireGuild(interaction);
  requireModerator(interaction, context);
  const session = sessionHere(context, guildId, interaction.channelId);
  const by = { by: interaction.user.id };
  const result = attempt(() =>
    direction === 'next' ? context.sessions.next(session.id, by) : context.sessions.back(session.id, by),
  );
  if (!result.moved) {
    await replyEphemeral(interaction, describeRefusal(result, direction));
    return;
  }
  refreshTimer(context);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await postStep(interaction.client, context, result.session);
  await replyEphemeral(
    interaction,
    `Step ${result.session.position + 1} of ${result.session.stepCount} is posted in ${where(result.session)}.`,
  );
}

async function pauseOrResume(
  interaction: ChatInputCommandInteraction,
  context: AppContext,
  action: 'pause' | 'resume',
): Promise<void> {
  const guildId = requireGuild(interaction);
  requireModerator(interaction, context);
  const found = sessionHere(context, guildId, interaction.channelId);
  const session = attempt(() =>
    action === 'pause' ? context.sessions.pause(found.id) : context.sessions.resume(found.id),
  );
  refreshTimer(context);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const notice =
    action === 'pause'
      ? `⏸ The session is paused by <@${interaction.user.id}>${session.minutes ? '; its timer is stopped' : ''}.`
      : `▶ The session resumes at step ${session.position + 1} of ${session.stepCount}${session.minutes ? `; the next step follows in ${session.minutes} min` : ''}.`;
  await postInThread(interaction.client, session, { content: notice });
  await replyEphemeral(
    interaction,
    `Done: ${action === 'pause' ? 'paused' : 'resumed'} in ${where(session)}.`,
  );
}

async function end(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = requireGuild(interaction);
  requireModerator(interaction, context);
  const found = sessionHere(context, guildId, interaction.channelId);
  const session = attempt(() => context.sessions.end(found.id));
  refreshTimer(context);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const recap = context.sessions.buildRecap(session.id);
  await postInThread(interaction.client, session, renderRecap(context, recap));
  context.logger.info(
    { command: 'session end', guildId, sessionId: session.id, attendance: recap.attendance.length },
    'reading session ended',
  );
  await replyEphemeral(interaction, `Session ended; the recap is posted in ${where(session)}.`);
}

const discordTime = (date: Date, format = 'f') => `<t:${Math.floor(date.getTime() / 1000)}:${format}>`;

async function interestedUsers(interaction: ChatInputCommandInteraction, eventId: string): Promise<string> {
  try {
    const event = await interaction.guild?.scheduledEvents.fetch(eventId);
    if (!event) return 'event no longer exists';
    const subscribers = await event.fetchSubscribers({ limit: 25 });
    if (subscribers.size === 0) return 'no one has marked themselves interested yet';
    const names = [...subscribers.values()].map((subscriber) => `<@${subscriber.user.id}>`);
    return `interested: ${names.join(', ')}${(event.userCount ?? 0) > names.length ? ` and ${(event.userCount ?? 0) - names.length} more` : ''}`;
  } catch {
    return 'the event could not be read';
  }
}

async function status(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = requireGuild(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const session = context.sessions.findForChannel(guildId, interaction.channelId);
  const embeds: APIEmbed[] = [];
  if (session) {
    const document = context.corpus.getDocument(session.documentId);
    const locators = session.currentPassageIds
      .map((id) => context.corpus.getPassage(id)?.locator ?? id)
      .join(', ');
    const attendance = context.sessions.attendance(session.id).length;
    const notes = context.sessions.notes(session.id).length;
    const due = context.sessions.upcomingAdvances().find((advance) => advance.sessionId === session.id);
    embeds.push({
      title: escapeText(`${session.title} (${session.status})`),
      color: session.status === 'active' ? 0x57f287 : 0xfee75c,
      description: [
        `**Reading:** ${escapeText(document?.shortTitle ?? session.documentId)} in ${where(session)}`,
        `**Step:** ${session.position + 1} of ${session.stepCount} (${escapeText(locators)})`,
        `**Covered:** ${session.coveredPassageIds.length} of ${session.passageIds.length} passages`,
        `**Attendance:** ${attendance} · **Notes:** ${notes}`,
        session.minutes
          ? `**Timer:** every ${session.minutes} min${due ? `, next step ${discordTime(due.dueAt, 'R')}` : session.status === 'paused' ? ', stopped while paused' : ''}`
          : '**Timer:** none (moderators move on)',
        session.spoilers
          ? '**Spoilers:** on'
          : '**Spoilers:** off, /search in the thread shows only what has been read',
      ].join('\n'),
    });
  } else {
    const live = context.sessions.listLive(guildId);
    embeds.push({
      title: 'No reading session here',
      color: 0x99aab5,
      description:
        live.length === 0
          ? 'No reading session is running in this server.'
          : `Running elsewhere: ${live
              .slice(0, 10)
              .map((other) => `${escapeText(other.title)} in ${where(other)}`)
              .join('; ')}`,
    });
  }
  const upcoming = context.scheduledReadings.listUpcoming(guildId).slice(0, 5);
  if (upcoming.length > 0) {
    const lines: string[] = [];
    for (const reading of upcoming) {
      const document = context.corpus.getDocument(reading.documentId);
      const from = context.corpus.getPassage(reading.fromPassageId)?.locator ?? reading.fromPassageId;
      const to = context.corpus.getPassage(reading.toPassageId)?.locator ?? reading.toPassageId;
      const who = reading.discordEventId ? await interestedUsers(interaction, reading.discordEventId) : '';
      lines.push(
        `${discordTime(reading.startsAt)}: ${escapeText(document?.shortTitle ?? reading.documentId)}, ${escapeText(from)} to ${escapeText(to)}${who ? ` (${who})` : ''}`,
      );
    }
    embeds.push({ title: 'Scheduled readings', color: 0x5865f2, description: lines.join('\n') });
  }
  await interaction.editReply({
    embeds: embeds.map((embed) => fitEmbed(embed, 2900)),
    allowedMentions: NO_MENTIONS,
  });
}

async function schedule(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = requireGuild(interaction);
  requireModerator(interaction, context);
  const documentId = resolveDocumentOption(context.corpus, interaction.options.getString('document', true));
  const document = documentId ? context.corpus.getDocument(documentId) : undefined;
  if (!document) throw new UserError('Pick a document from the list.');
  const range = resolvePassageRange(
    document.passages,
    interaction.options.getString('from') ?? undefined,
    interaction.options.getString('to') ?? undefined,
  );
  if ('error' in range) throw new UserError(range.error);
  const timeZone = context.settings.get(guildId).timeZone ?? context.config.timeZone;
  const startsAt = parseWhen(interaction.options.getString('when', true), timeZone, new Date());
  if ('error' in startsAt) throw new UserError(startsAt.error);
  const first = range.passages[0];
  const last = range.passages[range.passages.length - 1];
  if (!first || !last) throw new UserError('That range holds no passages.');
  if (!interaction.guild)
    throw new UserError('Lectern cannot see this server’s events; is it still a member?');

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reading = attempt(() =>
    context.scheduledReadings.create({
      guildId,
      channelId: interaction.channelId,
      documentId: document.id,
      fromPassageId: first.id,
      toPassageId: last.id,
      startsAt,
      timeZone,
      createdBy: interaction.user.id,
    }),
  );
  const span = first === last ? first.locator : `${first.locator} to ${last.locator}`;
  const shownTime = DateTime.fromJSDate(startsAt, { zone: timeZone }).toFormat(
    "ccc d LLL yyyy, HH:mm '('z')'",
  );
  const reference = referencePlainText(document.csl, proseStyle(defaultStyle(context, guildId)));
  const description = truncate(
    [
      `Reading assignment: ${document.shortTitle}, ${span} (${range.passages.length} passage${range.passages.length === 1 ? '' : 's'}).`,
      `Starts ${shownTime}. A moderator opens the session with /session start.`,
      document.fullText ? '' : (document.coverageNote ?? ''),
      `Source: ${reference}`,
    ]
      .filter(Boolean)
      .join('\n'),
    1000,
  );
  let eventId: string;
  try {
    const event = await interaction.guild.scheduledEvents.create({
      name: truncate(`Reading: ${document.shortTitle}, ${span}`, 100),
      scheduledStartTime: startsAt,
      scheduledEndTime: new Date(startsAt.getTime() + SCHEDULED_EVENT_MINUTES * 60_000),
      privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
      entityType: GuildScheduledEventEntityType.External,
      entityMetadata: {
        location: truncate(
          `Lectern reading session in #${'name' in (interaction.channel ?? {}) ? (interaction.channel as { name: string }).name : 'this server'}`,
          100,
        ),
      },
      description,
      reason: `Lectern scheduled reading #${reading.id}`,
    });
    eventId = event.id;
    context.scheduledReadings.setEventId(reading.id, event.id);
  } catch (error) {
    context.scheduledReadings.setStatus(reading.id, 'cancelled');
    throw error;
  }
  await interaction.editReply({
    content: truncate(
      `Scheduled **${escapeText(document.shortTitle)}, ${escapeText(span)}** for ${discordTime(startsAt, 'F')} (${escapeText(timeZone)}) as a server event: https://discord.com/events/${guildId}/${eventId}`,
      DISCORD_LIMITS.contentLength,
    ),
    allowedMentions: NO_MENTIONS,
  });
}

// ---- entry points -------------------------------------------------------------------------------------

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
      throw new UserError('That subcommand is not available any more.');
  }
}

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

async function clickMove(
  interaction: ButtonInteraction,
  context: AppContext,
  action: 'next' | 'back',
  sessionId: number,
  expectedPosition: number,
): Promise<void> {
  requireModerator(interaction, context);
  const options = { by: interaction.user.id, expectedPosition };
  const result = attempt(() =>
    action === 'next' ? context.sessions.next(sessionId, options) : context.sessions.back(sessionId, options),
  );
  if (!result.moved) {
    await interaction.reply({
      content: describeRefusal(result, action),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  refreshTimer(context);
  // The step this button belonged to is over: its Back/Next stop working, its Join keeps working.
  const previous = context.sessions.get(sessionId);
  try {
    await interaction.update({
      components: previous
        ? stepComponents({ ...previous, position: expectedPosition }, { navigable: false })
        : [],
      allowedMentions: NO_MENTIONS,
    });
  } finally {
    // The move is committed; the group must see the new step even if the old message could not change.
    await postStep(interaction.client, context, result.session);
  }
}

export async function handleComponent(
  interaction: MessageComponentInteraction,
  context: AppContext,
): Promise<void> {
  if (!interaction.isButton()) throw new UserError('This control no longer works.');
  requireGuild(interaction);
  const [, action, idText, positionText] = interaction.customId.split(':');
  const sessionId = Number(idText);
  const session = Number.isInteger(sessionId) ? context.sessions.get(sessionId) : undefined;
  if (!session || session.guildId !== interaction.guildId) {
    throw new UserError('This session no longer exists.');
  }
  if (action === 'join') {
    const { joined } = attempt(() => context.sessions.join(sessionId, interaction.user.id));
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
  throw new UserError('This button no longer works. Use /session status.');
}

/** Restarts auto-advance from the stored timestamps: overdue steps are posted now, the rest on time. */
export function onReady(client: Client<true>, context: AppContext): () => void {
  const timer = new SessionTimer({
    store: context.sessions,
    // The gateway keeps the process alive; a pending auto-advance must not hold it open after shutdown.
    clock: {
      ...systemClock,
      setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
    },
    onAdvance: async (result) => {
      await postStep(client, context, result.session);
      context.logger.info(
        { sessionId: result.session.id, position: result.session.position },
        'reading session moved on by its timer',
      );
    },
    onError: (error, sessionId) =>
      context.logger.error({ err: error, sessionId }, 'reading session auto-advance failed'),
  });
  timers.set(context, timer);
  timer.start();
  return () => {
    timer.stop();
    timers.delete(context);
  };
}
