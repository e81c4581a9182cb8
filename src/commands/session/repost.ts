import { type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { replyPrivately } from '../../discord/respond.js';
import { UserError } from '../../errors.js';
import { where } from './render.js';

/**
 * /session repost: the thread gets the session's current step again, or the recap of an ended session (in
 * the thread of an ended session, e.g. after its recap was refused and the permission fixed).
 */
export async function repost(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const inThread = await context.sessions.getByThread(interaction.channelId);
  const session =
    inThread?.guildId === guildId
      ? inThread
      : await context.sessions.findForChannel(guildId, interaction.channelId);
  if (!session) {
    throw new UserError(
      'No reading session belongs here. Run /session repost in the session’s thread or the channel it was started from.',
      'not-found',
    );
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const after = await context.sessionService.repost(session.id, interaction.user.id, {
    interactionId: interaction.id,
  });
  const what =
    after.status === 'ended' ? 'The recap is' : `Step ${after.position + 1} of ${after.stepCount} is`;
  await replyPrivately(
    interaction,
    (await context.sessionService.isCaughtUp(after.id))
      ? `${what} posted again in ${where(after)}.`
      : `${what} saved to post again; Discord did not take it yet, and Lectern keeps trying in ${where(after)}.`,
  );
}
