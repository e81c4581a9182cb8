import {
  type ChatInputCommandInteraction,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { DateTime } from 'luxon';
import type { AppContext } from '../../app/context.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import { parseWhen } from '../../sessions/index.js';
import { documentOption, passageOption, requestedReading } from './access.js';
import { discordTime, plainReference } from './render.js';

/** Discord requires an end time for an external event; a reading session is planned as one hour. */
const SCHEDULED_EVENT_MINUTES = 60;

export function scheduleSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('schedule')
    .setDescription('Plan a reading as a server event (moderators)')
    .addStringOption(documentOption)
    .addStringOption((option) =>
      option
        .setName('when')
        .setDescription('e.g. "tomorrow 19:00", "next friday 6pm" or 2026-12-01T18:00')
        .setRequired(true)
        .setMaxLength(100),
    )
    .addStringOption(passageOption('from', 'First passage to read'))
    .addStringOption(passageOption('to', 'Last passage to read'));
}

function channelName(interaction: ChatInputCommandInteraction): string {
  const channel = interaction.channel;
  return channel && 'name' in channel && typeof channel.name === 'string'
    ? `#${channel.name}`
    : 'this server';
}

export async function schedule(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const { document, passages: range } = requestedReading(interaction, context);
  const timeZone = context.settings.get(guildId).timeZone ?? context.config.timeZone;
  const startsAt = parseWhen(interaction.options.getString('when', true), timeZone, new Date());
  if ('error' in startsAt) throw new UserError(startsAt.error);
  const first = range[0];
  const last = range[range.length - 1];
  if (!first || !last) throw new UserError('That range holds no passages.');
  if (!interaction.guild)
    throw new UserError('Lectern cannot see this server’s events; is it still a member?');

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reading = context.scheduledReadings.create({
    guildId,
    channelId: interaction.channelId,
    documentId: document.id,
    fromPassageId: first.id,
    toPassageId: last.id,
    startsAt,
    timeZone,
    createdBy: interaction.user.id,
  });
  const span = first === last ? first.locator : `${first.locator} to ${last.locator}`;
  const shownTime = DateTime.fromJSDate(startsAt, { zone: timeZone }).toFormat(
    "ccc d LLL yyyy, HH:mm '('z')'",
  );
  const count = range.length;
  const description = truncate(
    [
      `Reading assignment: ${document.shortTitle}, ${span} (${count} passage${count === 1 ? '' : 's'}).`,
      `Starts ${shownTime}. A moderator opens the session with /session start.`,
      document.fullText ? '' : (document.coverageNote ?? ''),
      `Source: ${plainReference(context, document, guildId)}`,
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
      entityMetadata: { location: truncate(`Lectern reading session in ${channelName(interaction)}`, 100) },
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
