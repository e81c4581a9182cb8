import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { STYLE_CHOICES, STYLE_LABELS } from '../citations/index.js';
import { escapeText, fitEmbed } from '../discord/markdown.js';
import { choiceOption } from '../discord/options.js';
import { guildIdOf } from '../discord/preconditions.js';
import { UserError } from '../errors.js';
import type { GuildSettings, GuildSettingsPatch } from '../state/index.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('Server settings for Lectern: default citation style, moderator role, time zone')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(0)
  .addStringOption((option) =>
    option
      .setName('style')
      .setDescription('Default citation style for /cite, /references and recaps')
      .addChoices(...STYLE_CHOICES.map((style) => ({ name: STYLE_LABELS[style], value: style }))),
  )
  .addRoleOption((option) =>
    option.setName('moderator_role').setDescription('Members with this role may run reading sessions'),
  )
  .addStringOption((option) =>
    option
      .setName('timezone')
      .setDescription('IANA time zone for scheduling, e.g. Europe/London')
      .setMaxLength(64),
  );

const help = {
  description:
    'Moderators (Manage Server): set the default citation style, the session moderator role and the time zone.',
  example: '/settings style: chicago timezone: Asia/Seoul',
};

function settingsEmbed(settings: GuildSettings, changed: boolean): APIEmbed {
  return fitEmbed({
    title: changed ? 'Settings saved' : 'Lectern settings for this server',
    color: 0x5865f2,
    fields: [
      {
        name: 'Citation style',
        value: settings.citationStyle ? STYLE_LABELS[settings.citationStyle] : 'APA 7 (default)',
        inline: true,
      },
      {
        name: 'Moderator role',
        value: settings.moderatorRoleId ? `<@&${settings.moderatorRoleId}>` : 'none (Manage Events only)',
        inline: true,
      },
      {
        name: 'Time zone',
        value: escapeText(settings.timeZone ?? 'not set (the bot’s default)'),
        inline: true,
      },
    ],
  });
}

/**
 * A moderator role must single people out: @everyone would make every member a moderator, and a managed
 * role belongs to a bot or an integration and cannot be handed to people.
 */
function moderatorRoleOf(interaction: ChatInputCommandInteraction, guildId: string): string | undefined {
  const role = interaction.options.getRole('moderator_role');
  if (!role) return undefined;
  if (role.id === guildId) {
    throw new UserError(
      'The @everyone role cannot be the moderator role: every member would run sessions. Pick a role you give to moderators.',
    );
  }
  if (role.managed) {
    throw new UserError(
      'That role is managed by a bot or an integration, so it cannot be given to people. Pick a role you give to moderators.',
    );
  }
  return role.id;
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const guildId = guildIdOf(interaction);
  const patch: GuildSettingsPatch = {};
  const style = choiceOption(interaction, 'style', STYLE_CHOICES);
  const moderatorRoleId = moderatorRoleOf(interaction, guildId);
  const timeZone = interaction.options.getString('timezone');
  if (style) patch.citationStyle = style;
  if (moderatorRoleId) patch.moderatorRoleId = moderatorRoleId;
  if (timeZone) patch.timeZone = timeZone.trim();
  const changed = Object.keys(patch).length > 0;
  const settings: GuildSettings = changed
    ? context.settings.update(guildId, patch)
    : context.settings.get(guildId);
  if (changed)
    context.logger.info(
      { command: 'settings', userId: interaction.user.id, guildId, patch },
      'settings changed',
    );
  await interaction.reply({
    embeds: [settingsEmbed(settings, changed)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

export const command = {
  kind: 'slash',
  data,
  help,
  preconditions: ['guildOnly', 'manageServer'],
  refusals: {
    guildOnly: 'Settings belong to a server; run this in one.',
    manageServer: 'Only members with the Manage Server permission can change Lectern’s settings.',
  },
  execute,
} satisfies SlashCommand;
