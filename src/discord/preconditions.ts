import { type Interaction, PermissionFlagsBits } from 'discord.js';
import type { AppContext } from '../app/context.js';

/**
 * What must hold before a handler runs, declared on the command (or one of its subcommands or component
 * actions) and checked by the router. `default_member_permissions` only hides a command, and a server can
 * override it, so the permission checks run on every interaction.
 */
export type Precondition =
  /** In a server, not a DM. */
  | 'guildOnly'
  /** The Manage Server permission. */
  | 'manageServer'
  /** Manage Events, or the moderator role the server chose with /settings. */
  | 'moderator'
  /** Manage Server, or the moderator role the server chose with /settings: who changes the library. */
  | 'libraryManager'
  /** One of the users who run the bot (OPERATOR_IDS); in a server or not. */
  | 'operator'
  /** For a button or menu: the person who ran the command that posted the message. */
  | 'invoker';

export const PRECONDITION_REFUSALS: Readonly<Record<Precondition, string>> = {
  guildOnly: 'This works in a server; use it in one.',
  manageServer: 'Only members with the Manage Server permission can do this.',
  moderator:
    'Only moderators can do this: you need the Manage Events permission or the moderator role set with /settings.',
  libraryManager:
    'Only members with the Manage Server permission or the moderator role set with /settings can change the library.',
  operator: 'Only the operator who runs this Lectern (listed in OPERATOR_IDS) can do this.',
  invoker: 'Only the person who ran this command can use this. Run it yourself to get your own.',
};

function memberRoleIds(interaction: Interaction): readonly string[] {
  const member = interaction.member;
  if (!member) return [];
  return Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
}

async function hasModeratorRole(interaction: Interaction, context: AppContext): Promise<boolean> {
  if (!interaction.guildId) return false;
  const roleId = (await context.settings.get(interaction.guildId)).moderatorRoleId;
  return roleId !== null && memberRoleIds(interaction).includes(roleId);
}

/** Manage Events, or the moderator role chosen with /settings. */
export async function isModerator(interaction: Interaction, context: AppContext): Promise<boolean> {
  if (!interaction.guildId) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageEvents)) return true;
  return hasModeratorRole(interaction, context);
}

async function holds(
  precondition: Precondition,
  interaction: Interaction,
  context: AppContext,
): Promise<boolean> {
  switch (precondition) {
    case 'guildOnly':
      return interaction.inGuild();
    case 'manageServer':
      return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
    case 'moderator':
      return isModerator(interaction, context);
    case 'libraryManager':
      return (
        (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false) ||
        (await hasModeratorRole(interaction, context))
      );
    case 'operator':
      return context.config.operatorIds.includes(interaction.user.id);
    case 'invoker':
      // Discord records who ran the command on the message it posted; a button on any other message fails.
      return (
        !interaction.isMessageComponent() ||
        interaction.message.interactionMetadata?.user.id === interaction.user.id
      );
  }
}

/** Preconditions that mean something outside a server; any other is refused there as `guildOnly`. */
const WITHOUT_A_SERVER: ReadonlySet<Precondition> = new Set(['guildOnly', 'invoker', 'operator']);

/**
 * The first precondition that does not hold, or undefined. A permission asked for outside a server is
 * refused as `guildOnly`, which says what to do about it.
 */
export async function refusedPrecondition(
  preconditions: readonly Precondition[],
  interaction: Interaction,
  context: AppContext,
): Promise<Precondition | undefined> {
  for (const precondition of preconditions) {
    if (!WITHOUT_A_SERVER.has(precondition) && !interaction.inGuild()) return 'guildOnly';
    if (!(await holds(precondition, interaction, context))) return precondition;
  }
  return undefined;
}

/**
 * The server of an interaction whose command declares `guildOnly`: the router has checked it, this only
 * tells TypeScript. Reaching the throw means a command forgot to declare the precondition.
 */
export function guildIdOf(interaction: { guildId: string | null }): string {
  if (interaction.guildId === null) throw new Error('a guild-only handler ran outside a server');
  return interaction.guildId;
}
