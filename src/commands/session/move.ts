import { type ButtonInteraction, type ChatInputCommandInteraction, MessageFlags } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { replyPrivately } from '../../discord/respond.js';
import type { MoveResult, ReadingSession } from '../../sessions/index.js';
import { sessionHere, sessionOfControl } from './access.js';
import { stepComponents, where } from './render.js';

/** next, back, pause, resume, end: moderators moving a session, by command or by button. */

export type Direction = 'next' | 'back';

function describeRefusal(result: MoveResult, direction: Direction): string {
  const step = `step ${result.session.position + 1} of ${result.session.stepCount}`;
  if (result.reason === 'stale') return `Someone has already moved the session; it is now at ${step}.`;
  if (result.reason === 'at-end')
    return `This is the last step (${step}). End the session with /session end.`;
  if (result.reason === 'at-start') return 'This is the first step; there is nothing to go back to.';
  return direction === 'next' ? 'Nothing moved.' : 'Nothing moved back.';
}

/** Where the change was posted, or that it waits for Discord (the outbox retries it). */
async function postedIn(context: AppContext, session: ReadingSession, what: string): Promise<string> {
  return (await context.sessionService.isCaughtUp(session.id))
    ? `${what} posted in ${where(session)}.`
    : `${what} saved; Discord did not take the post yet, and Lectern keeps trying to post it in ${where(session)}.`;
}

export async function move(
  interaction: ChatInputCommandInteraction,
  context: AppContext,
  direction: Direction,
): Promise<void> {
  const guildId = guildIdOf(interaction);
  const session = await sessionHere(context, guildId, interaction.channelId);
  // The new step is posted before the move returns; deferring first keeps within Discord's 3 s.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const result = await context.sessionService[direction](session.id, {
    by: interaction.user.id,
    interactionId: interaction.id,
  });
  await replyPrivately(
    interaction,
    result.moved
      ? await postedIn(
          context,
          result.session,
          `Step ${result.session.position + 1} of ${result.session.stepCount} is`,
        )
      : describeRefusal(result, direction),
  );
}

export async function pauseOrResume(
  interaction: ChatInputCommandInteraction,
  context: AppContext,
  action: 'pause' | 'resume',
): Promise<void> {
  const guildId = guildIdOf(interaction);
  const found = await sessionHere(context, guildId, interaction.channelId);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const session = await context.sessionService[action](found.id, interaction.user.id, {
    interactionId: interaction.id,
  });
  await replyPrivately(
    interaction,
    (await context.sessionService.isCaughtUp(session.id))
      ? `Done: ${action === 'pause' ? 'paused' : 'resumed'} in ${where(session)}.`
      : await postedIn(context, session, `Done: ${action === 'pause' ? 'paused' : 'resumed'} and`),
  );
}

export async function end(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const found = await sessionHere(context, guildId, interaction.channelId);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const recap = await context.sessionService.end(found.id, interaction.user.id, {
    interactionId: interaction.id,
  });
  context.logger.info(
    { command: 'session end', guildId, sessionId: found.id, attendance: recap.attendance.length },
    'reading session ended',
  );
  await replyPrivately(interaction, await postedIn(context, recap.session, 'Session ended; the recap is'));
}

/** Next/Back under a step: moves only from the step the button was shown on. */
export async function clickMove(
  interaction: ButtonInteraction,
  context: AppContext,
  direction: Direction,
  { sessionId, position: expectedPosition }: { sessionId: number; position: number },
): Promise<void> {
  await sessionOfControl(context, interaction, sessionId);
  // The button is answered as soon as the move is committed, before the new step (which may take a while
  // to format, a long reference list above all) is posted.
  const result = await context.sessionService[direction](
    sessionId,
    { by: interaction.user.id, expectedPosition, interactionId: interaction.id },
    async (moved) => {
      // The step this button belonged to is over: its Back/Next stop working, its Join keeps working.
      await interaction.update({
        components: stepComponents({ ...moved.session, position: expectedPosition }, { navigable: false }),
        allowedMentions: NO_MENTIONS,
      });
    },
  );
  if (!result.moved) {
    await interaction.reply({
      content: describeRefusal(result, direction),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  }
}
