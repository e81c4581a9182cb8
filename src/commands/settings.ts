import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { STYLE_CHOICES, STYLE_LABELS } from '../citations/index.js';
import { escapeText, fitEmbed } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { choiceOption } from '../discord/options.js';
import { guildIdOf, refusedPrecondition } from '../discord/preconditions.js';
import { UserError } from '../errors.js';
import type { GuildSettings, GuildSettingsPatch } from '../state/index.js';
import { applyOnce } from '../state/index.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('settings')
  .setDescription('See Lectern’s settings for this server; members with Manage Server can change them')
  // No default member permission: Discord would hide the command from the members who may only look.
  // Changing a setting is checked when the command runs instead.
  .setContexts(0)
  .addStringOption((option) =>
    option
      .setName('style')
      .setDescription('Change the default citation style for /cite, /references and recaps (Manage Server)')
      .addChoices(...STYLE_CHOICES.map((style) => ({ name: STYLE_LABELS[style], value: style }))),
  )
  .addRoleOption((option) =>
    option
      .setName('moderator_role')
      .setDescription('Change the role whose members may run reading sessions (Manage Server)'),
  )
  .addStringOption((option) =>
    option
      .setName('timezone')
      .setDescription('Change the IANA time zone for scheduling, e.g. Europe/London (Manage Server)')
      .setMaxLength(64),
  );

const help = {
  description:
    'See the server’s settings (anyone). With Manage Server: set the default citation style, the session moderator role and the time zone.',
  example: '/settings style: chicago timezone: Asia/Seoul',
};

/** The options that change a setting; /settings without any of them only shows the settings. */
const CHANGE_OPTIONS = ['style', 'moderator_role', 'timezone'] as const;

const CHANGE_REFUSAL =
  'Only members with the Manage Server permission can change Lectern’s settings, so nothing was changed. ' +
  'To see the current settings, run /settings with no options.';

function settingsEmbed(settings: GuildSettings, changed: boolean, canChange: boolean): APIEmbed {
  return fitEmbed({
    title: changed ? 'Settings saved' : 'Lectern settings for this server',
    color: 0x5865f2,
    footer: {
      text: canChange
        ? 'Change a setting with one of the options of /settings.'
        : 'Only members with the Manage Server permission can change these.',
    },
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
  const canChange = (await refusedPrecondition(['manageServer'], interaction, context)) === undefined;
  // Refused before any option is judged, so a member learns nothing about what a change would have done.
  const wantsChange = CHANGE_OPTIONS.some((name) => interaction.options.get(name) !== null);
  if (wantsChange && !canChange) throw new UserError(CHANGE_REFUSAL, 'forbidden');
  const patch: GuildSettingsPatch = {};
  const style = choiceOption(interaction, 'style', STYLE_CHOICES);
  const moderatorRoleId = moderatorRoleOf(interaction, guildId);
  const timeZone = interaction.options.getString('timezone');
  if (style) patch.citationStyle = style;
  if (moderatorRoleId) patch.moderatorRoleId = moderatorRoleId;
  if (timeZone) patch.timeZone = timeZone.trim();
  const changed = Object.keys(patch).length > 0;
  const settings: GuildSettings = changed
    ? await applyOnce(context.sql, interaction.id, 'settings', (tx) =>
        context.settings.update(guildId, patch, tx),
      )
    : await context.settings.get(guildId);
  if (changed)
    context.logger.info(
      { command: 'settings', userId: interaction.user.id, guildId, patch },
      'settings changed',
    );
  await interaction.reply({
    embeds: [settingsEmbed(settings, changed, canChange)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

export const command = {
  kind: 'slash',
  data,
  help,
  // Looking is open to every member; changing needs Manage Server, checked in execute per option given.
  preconditions: ['guildOnly'],
  refusals: { guildOnly: 'Settings belong to a server; run this in one.' },
  execute,
} satisfies SlashCommand;
