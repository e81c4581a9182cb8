import {
  ActionRowBuilder,
  type BaseInteraction,
  ButtonBuilder,
  type ButtonInteraction,
  ButtonStyle,
  type ChatInputCommandInteraction,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { DateTime } from 'luxon';
import type { AppContext } from '../../app/context.js';
import type { LibraryDocument, Passage } from '../../corpus/types.js';
import { type ComponentAction, commandIds, field } from '../../discord/custom-id.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import {
  ASSUMED_TIME_OF_DAY,
  MAX_SCHEDULE_AHEAD,
  parseWhen,
  type ScheduledReading,
  type WhenAmbiguity,
} from '../../sessions/index.js';
import { applyOnce } from '../../state/index.js';
import { counted } from '../../text/plural.js';
import { documentOption, passageOption, requestedReading } from './access.js';
import { discordTime, plainReference } from './render.js';

/** Discord requires an end time for an external event; a reading session is planned as one hour. */
const SCHEDULED_EVENT_MINUTES = 60;

/**
 * A choice between the readings of an ambiguous "when:". The button carries the whole request (document,
 * passage range by position, instant in seconds), so it still works after a restart and needs no state.
 */
const scheduleIds = commandIds('session', 'This button no longer works. Run /session schedule again.');
const passageIndex = field.int(0, 1_000_000);
export const scheduleChoice = scheduleIds.action('when', {
  documentId: field.text(48),
  from: passageIndex,
  to: passageIndex,
  startsAt: field.int(0, 99_999_999_999),
});

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

/** "Friday 11 December 2026, 19:00": the wall-clock time in the server's zone, with nothing to decode. */
function wallTime(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('cccc d LLLL yyyy, HH:mm');
}

const plainTime = (date: Date, timeZone: string) => `${wallTime(date, timeZone)} ${timeZone}`;

async function timeZoneOf(context: AppContext, guildId: string): Promise<string> {
  return (await context.settings.get(guildId)).timeZone ?? context.config.timeZone;
}

function channelName(interaction: BaseInteraction): string {
  const channel = interaction.channel;
  return channel && 'name' in channel && typeof channel.name === 'string'
    ? `#${channel.name}`
    : 'this server';
}

const ASSUMED_TIME = DateTime.fromObject(ASSUMED_TIME_OF_DAY).toFormat('HH:mm');

const AMBIGUITY_SENTENCES: Readonly<Record<WhenAmbiguity, string>> = {
  weekday: 'A weekday can mean this week’s or the next.',
  'day-month-order': 'A date like 12/11 reads differently day first and month first.',
  'no-time-of-day': `No time of day was given, so each is at ${ASSUMED_TIME}.`,
};

export async function schedule(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const { document, passages: range } = requestedReading(interaction, context);
  const timeZone = await timeZoneOf(context, guildId);
  const text = interaction.options.getString('when', true);
  // "Now" is when the person asked, as Discord stamped the interaction.
  const now = interaction.createdAt;
  const when = parseWhen(text, timeZone, now);
  const first = range[0];
  const last = range.at(-1);
  if (!first || !last) throw new UserError('That range holds no passages.');

  // Readings past the one-year cap drop out when another remains; if none remains, the store says why.
  const latest = DateTime.fromJSDate(now, { zone: timeZone }).plus(MAX_SCHEDULE_AHEAD).toMillis();
  const within = when.readings.filter((reading) => reading.getTime() <= latest);
  const readings = within.length > 0 ? within : when.readings.slice(0, 1);
  const [only] = readings;
  if (only && readings.length === 1 && !when.ambiguities.includes('no-time-of-day')) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { reading } = await recordReading(interaction, context, {
      document,
      passages: range,
      startsAt: only,
    });
    await interaction.editReply(await publishEvent(interaction, context, reading, document, range));
    return;
  }

  const from = document.passages.indexOf(first);
  const to = document.passages.indexOf(last);
  const buttons = readings.map((reading) =>
    new ButtonBuilder()
      .setCustomId(
        scheduleChoice.encode({
          documentId: document.id,
          from,
          to,
          startsAt: Math.floor(reading.getTime() / 1000),
        }),
      )
      .setLabel(truncate(wallTime(reading, timeZone), DISCORD_LIMITS.buttonLabelLength))
      .setStyle(ButtonStyle.Primary),
  );
  const asked = `“${escapeText(text)}”`;
  const question =
    readings.length > 1
      ? [
          `${asked} can mean ${counted(readings.length, 'time')}.`,
          ...when.ambiguities.map((ambiguity) => AMBIGUITY_SENTENCES[ambiguity]),
        ].join(' ')
      : `${asked} gives no time of day, so this would be at ${ASSUMED_TIME}:`;
  await interaction.reply({
    content: truncate(
      [
        question,
        ...readings.map((reading) => `• ${escapeText(plainTime(reading, timeZone))}`),
        readings.length > 1
          ? 'Pick the one you mean; nothing is scheduled until you do.'
          : 'Press the button to schedule it, or run /session schedule again with a time.',
      ].join('\n'),
      DISCORD_LIMITS.contentLength,
    ),
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

/** A pressed reading: schedules it once, however often its buttons are pressed. */
async function chooseReading(
  interaction: ButtonInteraction,
  choice: { documentId: string; from: number; to: number; startsAt: number },
  context: AppContext,
): Promise<void> {
  const stale = () => new UserError(scheduleIds.staleMessage, 'stale');
  const document = context.corpus.getDocument(choice.documentId);
  if (!document || choice.from > choice.to) throw stale();
  const passages = document.passages.slice(choice.from, choice.to + 1);
  const first = passages[0];
  const last = passages.at(-1);
  if (!first || !last || passages.length !== choice.to - choice.from + 1) throw stale();
  const startsAt = new Date(choice.startsAt * 1000);
  const guildId = guildIdOf(interaction);
  // Checked here for a redelivered press (whose id is recorded already), and again as the reading is recorded.
  const scheduled = sameReading(
    await context.scheduledReadings.listUpcoming(guildId),
    document.id,
    first.id,
    last.id,
    startsAt,
  );
  const recorded = scheduled
    ? { reading: scheduled, existing: true }
    : await recordReading(interaction, context, { document, passages, startsAt }, { once: true });
  if (recorded.existing) {
    const existing = recorded.reading;
    // A second press of the same choice: the first press's reply, with the event link, stays as it is.
    await interaction.reply({
      content: `That reading is already scheduled for ${escapeText(plainTime(startsAt, existing.timeZone))}.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const { reading } = recorded;
  await interaction.update({
    content: `Scheduling for ${escapeText(plainTime(startsAt, reading.timeZone))}…`,
    components: [],
    allowedMentions: NO_MENTIONS,
  });
  await interaction.editReply(await publishEvent(interaction, context, reading, document, passages));
}

/** The still-scheduled reading of exactly this range at exactly this time, if any. */
function sameReading(
  upcoming: readonly ScheduledReading[],
  documentId: string,
  fromPassageId: string,
  toPassageId: string,
  startsAt: Date,
): ScheduledReading | undefined {
  return upcoming.find(
    (reading) =>
      reading.documentId === documentId &&
      reading.fromPassageId === fromPassageId &&
      reading.toPassageId === toPassageId &&
      reading.startsAt.getTime() === startsAt.getTime(),
  );
}

/**
 * Records the reading once per interaction. With `once`, a reading of the same range at the same time
 * already scheduled is returned instead (existing: true): checked under the write lock, in the transaction
 * that records, so of two presses of one choice at once only the first schedules it.
 */
async function recordReading(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  context: AppContext,
  request: { document: LibraryDocument; passages: readonly Passage[]; startsAt: Date },
  options: { once?: boolean } = {},
): Promise<{ reading: ScheduledReading; existing: boolean }> {
  const guildId = guildIdOf(interaction);
  const first = request.passages[0];
  const last = request.passages.at(-1);
  if (!first || !last) throw new UserError('That range holds no passages.');
  if (!interaction.guild)
    throw new UserError('Lectern cannot see this server’s events; is it still a member?');
  const timeZone = await timeZoneOf(context, guildId);
  return applyOnce(context.sql, interaction.id, 'session schedule', async (tx) => {
    if (options.once) {
      const upcoming = await context.scheduledReadings.listUpcoming(guildId, undefined, tx);
      const existing = sameReading(upcoming, request.document.id, first.id, last.id, request.startsAt);
      if (existing) return { reading: existing, existing: true };
    }
    const reading = await context.scheduledReadings.create(
      {
        guildId,
        channelId: interaction.channelId,
        documentId: request.document.id,
        fromPassageId: first.id,
        toPassageId: last.id,
        startsAt: request.startsAt,
        timeZone,
        createdBy: interaction.user.id,
      },
      tx,
    );
    return { reading, existing: false };
  });
}

/** Mirrors a recorded reading as a Discord event; the reply says when it is, in the server's zone. */
async function publishEvent(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  context: AppContext,
  reading: ScheduledReading,
  document: LibraryDocument,
  passages: readonly Passage[],
): Promise<{ content: string; allowedMentions: typeof NO_MENTIONS }> {
  const { guildId, startsAt, timeZone } = reading;
  const first = passages[0];
  const last = passages.at(-1);
  const guild = interaction.guild;
  if (!first || !last || !guild) throw new Error(`scheduled reading #${reading.id} lost its range or server`);
  const span = first === last ? first.locator : `${first.locator} to ${last.locator}`;
  const shown = plainTime(startsAt, timeZone);
  const description = truncate(
    [
      `Reading assignment: ${document.shortTitle}, ${span} (${counted(passages.length, 'passage')}).`,
      `Starts ${shown}. A moderator opens the session with /session start.`,
      document.fullText ? '' : (document.coverageNote ?? ''),
      `Source: ${await plainReference(context, document, guildId)}`,
    ]
      .filter(Boolean)
      .join('\n'),
    1000,
  );
  let eventId: string;
  try {
    const event = await guild.scheduledEvents.create({
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
    await context.scheduledReadings.setEventId(reading.id, event.id);
  } catch (error) {
    await context.scheduledReadings.setStatus(reading.id, 'cancelled');
    throw error;
  }
  return {
    content: truncate(
      `Scheduled **${escapeText(document.shortTitle)}, ${escapeText(span)}** for ${escapeText(shown)} (${discordTime(startsAt, 'F')} in your own time) as a server event: https://discord.com/events/${guildId}/${eventId}`,
      DISCORD_LIMITS.contentLength,
    ),
    allowedMentions: NO_MENTIONS,
  };
}

/** The schedule's controls, for the /session command's `components`. */
export const scheduleComponents: readonly ComponentAction[] = [
  scheduleChoice.button(chooseReading, { preconditions: ['moderator'] }),
];
