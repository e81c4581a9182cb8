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
import { UserError } from '../errors.js';
import type { GuildSettings, GuildSettingsPatch } from '../state/index.js';

export const data = new SlashCommandBuilder()
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

export const help = {
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

export async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Settings belong to a server; run this in one.');
  // default_member_permissions hides the command; a server can override that, so check again here.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError('Only members with the Manage Server permission can change Lectern’s settings.');
  }
  const patch: GuildSettingsPatch = {};
  const style = interaction.options.getString('style');
  const role = interaction.options.getRole('moderator_role');
  const timeZone = interaction.options.getString('timezone');
  if (style) patch.citationStyle = style as GuildSettings['citationStyle'];
  if (role) patch.moderatorRoleId = role.id;
  if (timeZone) patch.timeZone = timeZone.trim();
  const changed = Object.keys(patch).length > 0;
  const settings: GuildSettings = changed
    ? context.settings.update(interaction.guildId, patch)
    : context.settings.get(interaction.guildId);
  if (changed)
    context.logger.info(
      { command: 'settings', userId: interaction.user.id, guildId: interaction.guildId, patch },
      'settings changed',
    );
  await interaction.reply({
    embeds: [settingsEmbed(settings, changed)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
