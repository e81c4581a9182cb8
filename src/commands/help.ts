import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { counted } from '../text/index.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('help')
  .setDescription('What Lectern does, with an example of every command');

const help = {
  description: 'This overview.',
  example: '/help',
};

export function helpEmbed(context: AppContext): APIEmbed {
  const documents = context.corpus.documents
    .map((document) => {
      // /references searches these lists; naming them here tells a reader which documents it covers.
      const cited =
        document.references.length > 0 ? ` · ${counted(document.references.length, 'reference')}` : '';
      return `• **${escapeText(document.shortTitle)}**: *${escapeText(document.csl.title ?? document.id)}* (\`${document.id}\`)${cited}`;
    })
    .join('\n');
  return fitEmbed({
    title: 'Lectern: your reading group’s library',
    color: 0x5865f2,
    description: truncate(
      'Ask questions of the readings and get the passages that answer them, each with its location. Pull ' +
        'citations into the chat in your course’s style, read grounded summaries and comparisons, and run ' +
        'reading sessions a passage at a time.',
      1000,
    ),
    fields: [
      // One field per command keeps each within Discord's 1024 characters however many commands there are.
      ...context.commandHelp.slice(0, 24).map((command) => ({
        name: command.name,
        value: truncate(`${escapeText(command.description)}\n\`${command.example}\``, 1024),
      })),
      { name: 'In the library', value: truncate(documents || 'No documents yet.', 1024) },
    ],
    footer: { text: 'Replies never ping anyone. Add hide: True to see a reply only yourself.' },
  });
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  await interaction.reply({
    embeds: [helpEmbed(context)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

export const command = { kind: 'slash', data, help, execute } satisfies SlashCommand;
