import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { actionRow, ButtonStyle, button } from '../../discord/components.js';
import { commandIds, field } from '../../discord/custom-id.js';
import { escapeText, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import type { AddedDocument } from '../../library/index.js';
import { SessionError } from '../../sessions/index.js';
import { applyOnce } from '../../state/index.js';
import { counted } from '../../text/index.js';
import { ownReading, ownReadingOption } from './readings.js';

const ids = commandIds('library', 'This button no longer works. Run /library remove again.');
const confirmAction = ids.action('remove', { document: field.text(80) });
const keepAction = ids.action('keep', { document: field.text(80) });

export function removeSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('remove')
    .setDescription(
      'Remove one of this server’s readings, after a confirmation (Manage Server or moderators)',
    )
    .addStringOption(ownReadingOption);
}

/** What removing the reading would end now: its live sessions and its scheduled readings. */
async function dependants(context: AppContext, document: AddedDocument) {
  const { guildId } = document.origin;
  return {
    sessions: (await context.sessions.listLive(guildId)).filter(
      (session) => session.documentId === document.id,
    ),
    scheduled: (await context.scheduledReadings.listUpcoming(guildId)).filter(
      (reading) => reading.documentId === document.id,
    ),
  };
}

export async function remove(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const document = await ownReading(context, guildId, interaction.options.getString('document', true));
  const { sessions, scheduled } = await dependants(context, document);
  const consequences = [
    sessions.length > 0
      ? `${counted(sessions.length, 'reading session')} on it will end, with the recap posted`
      : '',
    scheduled.length > 0 ? `${counted(scheduled.length, 'scheduled reading')} of it will be cancelled` : '',
  ].filter(Boolean);
  await interaction.reply({
    content: [
      `Remove *${escapeText(truncate(document.csl.title ?? document.shortTitle, 300))}* (\`${document.id}\`) from this server’s library? Its passages and stored file are deleted; this cannot be undone.`,
      ...(consequences.length > 0 ? [`${consequences.join('; ')}.`] : []),
    ].join('\n'),
    components: [
      actionRow([
        button(confirmAction.encode({ document: document.id }), 'Remove', ButtonStyle.Danger),
        button(keepAction.encode({ document: document.id }), 'Keep it', ButtonStyle.Secondary),
      ]),
    ],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

/** A confirm or keep button naming a reading this server does not hold (removed, or forged) is stale. */
async function stillOwned(context: AppContext, guildId: string, documentId: string): Promise<AddedDocument> {
  const document = (await context.libraries.added(guildId)).find((reading) => reading.id === documentId);
  if (!document) throw new UserError('That reading is no longer in this server’s library.', 'stale');
  return document;
}

/**
 * Removals under way in this process, per library: a second press of Remove while the first is still
 * ending sessions must not answer "already removed" over the first one's result.
 */
const removing = new WeakMap<AppContext['libraries'], Set<string>>();

async function confirm(
  interaction: ButtonInteraction,
  { document: documentId }: { document: string },
  context: AppContext,
): Promise<void> {
  const guildId = guildIdOf(interaction);
  const document = await stillOwned(context, guildId, documentId);
  // One delivery of this press is acted on, whichever hosts it reaches; another gets the "already done" answer.
  await applyOnce(context.sql, interaction.id, 'library remove', async () => {});
  const underWay = removing.get(context.libraries) ?? new Set<string>();
  removing.set(context.libraries, underWay);
  const key = `${guildId}:${document.id}`;
  if (underWay.has(key)) {
    // The first press answers; this one only acknowledges, leaving the message to it.
    await interaction.deferUpdate();
    return;
  }
  underWay.add(key);
  try {
    await removeConfirmed(interaction, context, guildId, document);
  } finally {
    underWay.delete(key);
  }
}

async function removeConfirmed(
  interaction: ButtonInteraction,
  context: AppContext,
  guildId: string,
  document: AddedDocument,
): Promise<void> {
  const title = escapeText(truncate(document.csl.title ?? document.shortTitle, 300));
  await interaction.update({ content: `Removing *${title}*…`, components: [], allowedMentions: NO_MENTIONS });
  // Sessions end first, while the reading is still there for their recaps' bibliographies.
  const ended = await context.sessionService.endForDocument(guildId, document.id, interaction.user.id);
  const { scheduled } = await dependants(context, document);
  for (const reading of scheduled) {
    try {
      await context.scheduledReadings.setStatus(reading.id, 'cancelled');
    } catch (error) {
      // Cancelled meanwhile by another removal of the same reading, which deletes its event.
      if (error instanceof SessionError) continue;
      throw error;
    }
    if (reading.discordEventId) {
      await interaction.guild?.scheduledEvents.delete(reading.discordEventId).catch((error: unknown) => {
        context.logger.warn(
          { err: error, guildId, scheduledReadingId: reading.id },
          'could not delete the server event of a cancelled reading',
        );
      });
    }
  }
  const removed = await context.libraries.remove(guildId, document.id);
  context.logger.info(
    { guildId, documentId: document.id, endedSessions: ended.length, cancelled: scheduled.length },
    'reading removed from a server library',
  );
  await interaction.editReply({
    content: [
      removed
        ? `Removed *${title}* (\`${document.id}\`) from this server’s library.`
        : `*${title}* was already removed.`,
      ended.length > 0
        ? `Ended ${counted(ended.length, 'reading session')}; the recap is in its thread.`
        : '',
      scheduled.length > 0 ? `Cancelled ${counted(scheduled.length, 'scheduled reading')}.` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    components: [],
    allowedMentions: NO_MENTIONS,
  });
}

async function keep(
  interaction: ButtonInteraction,
  { document: documentId }: { document: string },
  context: AppContext,
): Promise<void> {
  const document = await stillOwned(context, guildIdOf(interaction), documentId);
  await interaction.update({
    content: `Kept *${escapeText(document.shortTitle)}*; nothing was removed.`,
    components: [],
    allowedMentions: NO_MENTIONS,
  });
}

const managers = { preconditions: ['libraryManager', 'invoker'] } as const;

export const removeComponents = [confirmAction.button(confirm, managers), keepAction.button(keep, managers)];
