import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { AppContext } from '../app/context.js';
import { escapeText } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { guildIdOf } from '../discord/preconditions.js';
import { UserError } from '../errors.js';
import { MAX_NOTE_LENGTH } from '../sessions/index.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('note')
  .setDescription('Add a note to the passage the reading session is on; it appears in the recap')
  .setContexts(0)
  .addStringOption((option) =>
    option.setName('text').setDescription('Your note').setRequired(true).setMaxLength(MAX_NOTE_LENGTH),
  );

const help = {
  description: 'During a reading session, attach a note to the current passage; notes appear in the recap.',
  example: '/note text: the UNSC point assumes China abstains',
};

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const session = await context.sessions.findForChannel(guildId, interaction.channelId);
  if (!session) {
    throw new UserError('No reading session is running here. Use /note in a session’s thread.');
  }
  const { passageId } = await context.sessionService.addNote(session.id, {
    userId: interaction.user.id,
    text: interaction.options.getString('text', true),
    interactionId: interaction.id,
  });
  const locator = context.corpus.getPassage(passageId)?.locator ?? passageId;
  context.logger.info(
    { command: 'note', guildId, sessionId: session.id, userId: interaction.user.id },
    'note added',
  );
  // A note is not attendance: only Join puts someone on the list, so say so to anyone not on it yet.
  const attending = (await context.sessions.attendance(session.id)).some(
    (entry) => entry.userId === interaction.user.id,
  );
  await interaction.reply({
    content: `Noted on ${escapeText(locator)} of **${escapeText(session.title)}**. It will appear in the recap.${attending ? '' : ' A note is not attendance: press Join to be counted as attending.'}`,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

export const command = {
  kind: 'slash',
  data,
  help,
  preconditions: ['guildOnly'],
  refusals: { guildOnly: 'Notes belong to a server’s reading session; use this in one.' },
  execute,
} satisfies SlashCommand;
