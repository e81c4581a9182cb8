import {
  type ChatInputCommandInteraction,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { escapeText } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { choiceOption } from '../../discord/options.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import { addReading, DuplicateReading, type ReadingOrigin } from '../../library/add.js';
import { READING_TYPES, type SuppliedMetadata } from '../../library/index.js';
import { metadataOptions } from './metadata-options.js';
import { throttledProgress } from './progress.js';
import { addedEmbed, announcementEmbed, progressText } from './render.js';

export function addSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  sub
    .setName('add')
    .setDescription(
      'Add a reading to this server’s library: a file or a web page (Manage Server or moderators)',
    )
    .addAttachmentOption((option) =>
      option.setName('file').setDescription('A PDF, EPUB, Word (.docx), HTML, Markdown or text file'),
    )
    .addStringOption((option) =>
      option
        .setName('url')
        .setDescription('A web page or a direct link to a file (instead of file)')
        .setMaxLength(2000),
    );
  return metadataOptions(sub);
}

/** The metadata the moderator typed; blank text counts as not given. */
export function suppliedMetadata(interaction: ChatInputCommandInteraction): SuppliedMetadata {
  const text = (name: string) => {
    const value = interaction.options.getString(name)?.trim();
    return value ? value : undefined;
  };
  const year = interaction.options.getInteger('year') ?? undefined;
  const type = choiceOption(interaction, 'type', READING_TYPES) ?? undefined;
  const fields: SuppliedMetadata = {
    title: text('title'),
    author: text('author'),
    year,
    type,
    container: text('container'),
    publisher: text('publisher'),
    doi: text('doi'),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function originOf(interaction: ChatInputCommandInteraction): ReadingOrigin {
  const file = interaction.options.getAttachment('file');
  const url = interaction.options.getString('url')?.trim() || null;
  if (file && url) throw new UserError('Give either `file:` or `url:`, not both.');
  if (file) {
    return {
      kind: 'attachment',
      url: file.url,
      filename: file.name,
      size: file.size,
      ...(file.contentType ? { contentType: file.contentType } : {}),
    };
  }
  if (!url) {
    throw new UserError(
      'Attach the reading with `file:` (PDF, EPUB, Word, HTML, Markdown or text), or give a web address with `url:`.',
    );
  }
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) {
    throw new UserError('`url:` takes a web address starting with https:// (or http://).');
  }
  return { kind: 'url', url };
}

/**
 * The reply is deferred privately: a bad file's answer (too large, scanned, a duplicate) concerns only the
 * moderator who sent it, and so do the missing fields to complete. A reading that was added is news for
 * the whole server, so it is then announced in the channel by a public follow-up.
 */
export async function add(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const origin = originOf(interaction);
  const supplied = suppliedMetadata(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // Through the webhook, not editReply: discord.js counts an editReply as the answer, and an error after
  // a progress edit would then come as a second message below a stale "Reading page…".
  const progress = throttledProgress(
    (content) => interaction.webhook.editMessage('@original', { content, allowedMentions: NO_MENTIONS }),
    { onError: (error) => context.logger.debug({ err: error, guildId }, 'a progress edit failed') },
  );
  let added: Awaited<ReturnType<typeof addReading>>;
  try {
    added = await addReading(
      { libraries: context.libraries, logger: context.logger, limits: context.config },
      {
        guildId,
        addedBy: interaction.user.id,
        origin,
        supplied,
        onProgress: (step) => progress.update(progressText(step)),
      },
    );
  } catch (error) {
    if (error instanceof DuplicateReading) {
      const { existing } = error;
      throw new UserError(
        `That file is already in the library as *${escapeText(existing.csl.title ?? existing.shortTitle)}* (\`${existing.id}\`).`,
        'conflict',
      );
    }
    throw error;
  } finally {
    await progress.stop();
  }
  const details = {
    content: 'Added. The server is told below; only you see the details here.',
    embeds: [await addedEmbed(context, added)],
    allowedMentions: NO_MENTIONS,
  };
  try {
    await interaction.editReply(details);
  } catch (error) {
    // The reading is stored: an error reply now would say the opposite, and a retry would be refused as
    // a duplicate. The moderator gets the details as a private follow-up instead.
    context.logger.warn(
      { err: error, guildId },
      'could not edit the add reply; sending the details as a follow-up',
    );
    await interaction.followUp({ ...details, flags: MessageFlags.Ephemeral });
  }
  try {
    await interaction.followUp({
      embeds: [await announcementEmbed(context, added.document)],
      allowedMentions: NO_MENTIONS,
    });
  } catch (error) {
    // The reading is stored and the moderator was answered; a lost notice is not worth an error reply.
    context.logger.warn({ err: error, guildId }, 'could not announce a new reading');
  }
}
