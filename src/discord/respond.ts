import { type InteractionReplyOptions, MessageFlags, type RepliableInteraction } from 'discord.js';
import { DISCORD_LIMITS } from './limits.js';
import { truncate } from './markdown.js';
import { NO_MENTIONS } from './mentions.js';

/**
 * Answers with a short text only the person sees, in whatever way Discord still accepts: the reply itself,
 * the edit of a private deferral, or a follow-up once something was already said. Lectern never defers a
 * component's update, so a deferral here is always a private reply and editing it cannot touch a public
 * message. Nothing it says pings anyone (`allowedMentions` parses nothing); text that echoes what someone
 * typed must come escaped or defused by the caller, since Lectern's own texts link channels on purpose.
 */
export async function replyPrivately(interaction: RepliableInteraction, text: string): Promise<void> {
  const content = truncate(text, DISCORD_LIMITS.contentLength);
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({
      content,
      embeds: [],
      components: [],
      files: [],
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const payload: InteractionReplyOptions = {
    content,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  };
  if (interaction.replied) await interaction.followUp(payload);
  else await interaction.reply(payload);
}
