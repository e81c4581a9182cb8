import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { UserError } from '../errors.js';
import { cleanQuery, replyWithSearch } from './search.js';
import { sessionSearchScope } from './shared/session-scope.js';
import type { MessageCommand } from './types.js';

const data = new ContextMenuCommandBuilder()
  .setName('Find in readings')
  .setType(ApplicationCommandType.Message);

const help = {
  description: 'Right-click a message → Apps → Find in readings: searches the readings with its text.',
  example: 'Apps › Find in readings',
};

/** Replies only to the person who clicked: the channel did not ask for it. */
async function execute(
  interaction: MessageContextMenuCommandInteraction,
  context: AppContext,
): Promise<void> {
  const text = interaction.targetMessage.content;
  if (!text || text.trim().length === 0) {
    throw new UserError('That message has no text to search. Try /search instead.');
  }
  const { query, shortened } = cleanQuery(text);
  // The same pace control as /search: in a session's thread, its reading and, without spoilers, what was read.
  const scope = await sessionSearchScope(context, interaction.guildId, interaction.channelId, undefined);
  await replyWithSearch(interaction, context, { query, ...scope, ephemeral: true }, shortened);
}

export const command = { kind: 'message', data, help, execute } satisfies MessageCommand;
