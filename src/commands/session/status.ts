import { type APIEmbed, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { escapeText, fitEmbed } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { guildIdOf } from '../../discord/preconditions.js';
import type { ReadingSession } from '../../sessions/index.js';
import { counted } from '../../text/plural.js';
import { discordTime, searchScope, stepSpan, where } from './render.js';

/** Everyone may ask: where the session is, who attends, and the readings planned. */

async function interestedUsers(interaction: ChatInputCommandInteraction, eventId: string): Promise<string> {
  try {
    const event = await interaction.guild?.scheduledEvents.fetch(eventId);
    if (!event) return 'event no longer exists';
    const subscribers = await event.fetchSubscribers({ limit: 25 });
    if (subscribers.size === 0) return 'no one has marked themselves interested yet';
    const names = [...subscribers.values()].map((subscriber) => `<@${subscriber.user.id}>`);
    const more = (event.userCount ?? 0) - names.length;
    return `interested: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  } catch {
    return 'the event could not be read';
  }
}

async function sessionEmbed(context: AppContext, session: ReadingSession): Promise<APIEmbed> {
  const document = context.corpus.getDocument(session.documentId);
  const locators = stepSpan(
    session.currentPassageIds.map((id) => context.corpus.getPassage(id)?.locator ?? id),
  );
  const attendance = (await context.sessions.attendance(session.id)).length;
  const notes = (await context.sessions.notes(session.id)).length;
  const due = (await context.sessions.upcomingAdvances()).find((advance) => advance.sessionId === session.id);
  const timer = due
    ? `, next step ${discordTime(due.dueAt, 'R')}`
    : session.status === 'paused'
      ? ', stopped while paused'
      : '';
  return {
    title: escapeText(`${session.title} (${session.status})`),
    color: session.status === 'active' ? 0x57f287 : 0xfee75c,
    description: [
      `**Reading:** ${escapeText(document?.shortTitle ?? session.documentId)} in ${where(session)}`,
      `**Step:** ${session.position + 1} of ${session.stepCount} (${escapeText(locators)})`,
      `**Covered:** ${session.coveredPassageIds.length} of ${counted(session.passageIds.length, 'passage')}`,
      `**Attendance:** ${attendance} · **Notes:** ${notes}`,
      session.minutes
        ? `**Timer:** every ${session.minutes} min${timer}`
        : '**Timer:** none (moderators move on)',
      `**Search in this thread:** ${searchScope(session)}`,
    ].join('\n'),
  };
}

async function elsewhereEmbed(context: AppContext, guildId: string): Promise<APIEmbed> {
  const live = await context.sessions.listLive(guildId);
  return {
    title: 'No reading session here',
    color: 0x99aab5,
    description:
      live.length === 0
        ? 'No reading session is running in this server.'
        : `Running elsewhere: ${live
            .slice(0, 10)
            .map((other) => `${escapeText(other.title)} in ${where(other)}`)
            .join('; ')}`,
  };
}

async function scheduledEmbed(
  interaction: ChatInputCommandInteraction,
  context: AppContext,
  guildId: string,
): Promise<APIEmbed | undefined> {
  const upcoming = (await context.scheduledReadings.listUpcoming(guildId)).slice(0, 5);
  if (upcoming.length === 0) return undefined;
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
  return { title: 'Scheduled readings', color: 0x5865f2, description: lines.join('\n') };
}

export async function status(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const session = await context.sessions.findForChannel(guildId, interaction.channelId);
  const embeds = [session ? await sessionEmbed(context, session) : await elsewhereEmbed(context, guildId)];
  const scheduled = await scheduledEmbed(interaction, context, guildId);
  if (scheduled) embeds.push(scheduled);
  await interaction.editReply({
    embeds: embeds.map((embed) => fitEmbed(embed, 2900)),
    allowedMentions: NO_MENTIONS,
  });
}
