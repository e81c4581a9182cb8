import type { SlashCommandSubcommandBuilder } from 'discord.js';
import { READING_TYPES } from '../../library/index.js';

/** The metadata options /library add and /library edit share, in the same order and words. */
export function metadataOptions(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .addStringOption((option) => option.setName('title').setDescription('The title').setMaxLength(500))
    .addStringOption((option) =>
      option
        .setName('author')
        .setDescription('Family, Given; Family, Given (e.g. Park, Jinho; Jung, Haangsok)')
        .setMaxLength(1000),
    )
    .addIntegerOption((option) =>
      option.setName('year').setDescription('Year of publication').setMinValue(1000).setMaxValue(9999),
    )
    .addStringOption((option) =>
      option
        .setName('type')
        .setDescription('What kind of work it is')
        .addChoices(READING_TYPES.map((type) => ({ name: type, value: type }))),
    )
    .addStringOption((option) =>
      option
        .setName('container')
        .setDescription('The journal, series or site it appeared in')
        .setMaxLength(500),
    )
    .addStringOption((option) =>
      option.setName('publisher').setDescription('The publisher or institution').setMaxLength(500),
    )
    .addStringOption((option) =>
      option
        .setName('doi')
        .setDescription('A DOI, e.g. 10.1234/abcd (its metadata fills what you leave out)')
        .setMaxLength(300),
    );
}
