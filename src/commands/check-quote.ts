import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { UserError } from '../errors.js';
import { answerQuote } from './quote.js';
import type { MessageCommand } from './types.js';

const data = new ContextMenuCommandBuilder().setName('Check quote').setType(ApplicationCommandType.Message);

const help = {
  description: 'Right-click a message → Apps → Check quote: checks its text against the readings.',
  example: 'Apps › Check quote',
};

async function execute(
  interaction: MessageContextMenuCommandInteraction,
  context: AppContext,
): Promise<void> {
  const text = interaction.targetMessage.content;
  if (!text || text.trim().length === 0) throw new UserError('That message has no text to check.');
  await answerQuote(interaction, context, text, true);
}

export const command = { kind: 'message', data, help, execute } satisfies MessageCommand;
