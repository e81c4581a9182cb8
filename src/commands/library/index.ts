import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import type { SlashCommand } from '../types.js';
import { add, addSubcommand } from './add.js';
import { edit, editSubcommand } from './edit.js';
import { list, listSubcommand } from './list.js';
import { ownReadingChoices } from './readings.js';
import { reload } from './reload.js';
import { remove, removeComponents, removeSubcommand } from './remove.js';

const data = new SlashCommandBuilder()
  .setName('library')
  .setDescription('The library: list it, or add, edit and remove this server’s own readings')
  .addSubcommand(listSubcommand)
  .addSubcommand(addSubcommand)
  .addSubcommand(editSubcommand)
  .addSubcommand(removeSubcommand)
  .addSubcommand((sub) =>
    sub.setName('reload').setDescription('Re-read the shared library from the data directory (the operator)'),
  );

const help = {
  description:
    'List the documents (authors, year, parts, passage counts); moderators add a server’s own readings from a file or a web page, edit and remove them.',
  example: '/library add file: week-3.pdf author: Park, Jinho year: 2013',
};

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  switch (interaction.options.getSubcommand()) {
    case 'list':
      return list(interaction, context);
    case 'add':
      return add(interaction, context);
    case 'edit':
      return edit(interaction, context);
    case 'remove':
      return remove(interaction, context);
    case 'reload':
      return reload(interaction, context);
    default:
      throw new UserError('That subcommand is not available any more.', 'stale');
  }
}

/** `document` of edit and remove offers only this server's own readings. */
async function autocomplete(interaction: AutocompleteInteraction, context: AppContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'document') {
    await interaction.respond([]);
    return;
  }
  await interaction.respond(await ownReadingChoices(context, guildIdOf(interaction), focused.value));
}

const managers = ['guildOnly', 'libraryManager'] as const;

export const command = {
  kind: 'slash',
  data,
  help,
  subcommandPreconditions: { add: managers, edit: managers, remove: managers, reload: ['operator'] },
  refusals: {
    guildOnly: 'A server’s own readings are added and changed in that server; use this in one.',
    operator:
      'Only the operator who runs this Lectern (listed in OPERATOR_IDS) can reload the shared library.',
  },
  components: removeComponents,
  execute,
  autocomplete,
} satisfies SlashCommand;
