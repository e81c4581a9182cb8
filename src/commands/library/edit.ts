import {
  type ChatInputCommandInteraction,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import type { CslItem } from '../../corpus/types.js';
import { escapeText } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { choiceOption } from '../../discord/options.js';
import { guildIdOf } from '../../discord/preconditions.js';
import { UserError } from '../../errors.js';
import {
  applyEdit,
  type ClearableField,
  lookUpDoi,
  normalizeDoi,
  type SettledCsl,
  shortTitleOf,
} from '../../library/index.js';
import { suppliedMetadata } from './add.js';
import { metadataOptions } from './metadata-options.js';
import { ownReading, ownReadingOption } from './readings.js';
import { editedEmbed } from './render.js';

/** Fields a reading can lose, by their option names; its title cannot, since every reference needs one. */
const CLEARABLE = ['author', 'year', 'type', 'container', 'publisher', 'doi', 'url'] as const;
const CLEARED_FIELD: Record<(typeof CLEARABLE)[number], ClearableField> = {
  author: 'author',
  year: 'issued',
  type: 'type',
  container: 'container-title',
  publisher: 'publisher',
  doi: 'DOI',
  url: 'URL',
};

export function editSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return metadataOptions(
    sub
      .setName('edit')
      .setDescription('Change a reading’s metadata (Manage Server or moderators)')
      .addStringOption(ownReadingOption),
  )
    .addStringOption((option) =>
      option.setName('url').setDescription('The work’s web address, for its reference').setMaxLength(2000),
    )
    .addStringOption((option) =>
      option
        .setName('clear')
        .setDescription('Empty this field')
        .addChoices(CLEARABLE.map((field) => ({ name: field, value: field }))),
    );
}

/** The fields whose value differs, named as the options name them. */
function changedFields(before: CslItem, after: CslItem): string[] {
  const labels: Record<string, string> = { issued: 'year', 'container-title': 'container', DOI: 'doi' };
  const was = new Map<string, unknown>(Object.entries(before));
  const now = new Map<string, unknown>(Object.entries(after));
  return [...new Set([...was.keys(), ...now.keys()])]
    .filter((key) => key !== 'id' && JSON.stringify(was.get(key)) !== JSON.stringify(now.get(key)))
    .map((key) => labels[key] ?? key);
}

export async function edit(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const current = await ownReading(context, guildId, interaction.options.getString('document', true));
  const url = interaction.options.getString('url')?.trim();
  const supplied = { ...suppliedMetadata(interaction), ...(url ? { url } : {}) };
  const clear = choiceOption(interaction, 'clear', CLEARABLE);
  if (Object.keys(supplied).length === 0 && clear === null) {
    throw new UserError(
      `Give the fields to change, e.g. \`/library edit document: ${current.id} year: 2013\`, or \`clear:\` one.`,
    );
  }
  // A DOI given now is read as at /library add: its record replaces what the file stated (the changed
  // fields are listed in the answer), and what is typed with it wins over both.
  let base: SettledCsl = current.csl;
  if (supplied.doi !== undefined) {
    const doi = normalizeDoi(supplied.doi);
    if (doi === undefined)
      throw new UserError('`doi:` takes a DOI such as 10.1234/abcd (or its https://doi.org/ address).');
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const record = await lookUpDoi(doi, {
      resolverUrl: context.config.doiResolverUrl,
      allowPrivateNetworks: context.config.fetchPrivateNetworks,
    });
    base = { ...current.csl, ...record.csl };
  }
  const { csl: settled, problems } = applyEdit(base, {
    ...supplied,
    ...(clear ? { clear: [CLEARED_FIELD[clear]] } : {}),
  });
  const csl = { ...settled, id: current.id };
  const changed = changedFields(current.csl, csl);
  if (changed.length === 0) {
    throw new UserError(
      problems.length > 0
        ? `Nothing was changed: ${problems.map(escapeText).join(' ')}`
        : `Nothing was changed: *${escapeText(current.shortTitle)}* already reads so.`,
    );
  }
  const edited = await context.libraries.edit(guildId, current.id, csl, shortTitleOf(csl));
  if (!edited) throw new UserError('That reading was removed in the meantime.', 'conflict');
  context.logger.info({ guildId, documentId: edited.id, changed }, 'reading metadata edited');
  const answer = {
    embeds: [await editedEmbed(context, edited, changed, problems)],
    allowedMentions: NO_MENTIONS,
  };
  if (interaction.deferred) await interaction.editReply(answer);
  else await interaction.reply({ ...answer, flags: MessageFlags.Ephemeral });
}
