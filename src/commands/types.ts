import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Client,
  ContextMenuCommandBuilder,
  MessageContextMenuCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  SharedSlashCommand,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import type { ComponentAction } from '../discord/custom-id.js';
import type { Precondition } from '../discord/preconditions.js';

export interface CommandHelp {
  description: string;
  example: string;
}

interface CommandBase {
  help: CommandHelp;
  /** Checked by the router before every handler of this command: execute, autocomplete, its controls. */
  preconditions?: readonly Precondition[];
  /** A refused precondition's answer in this command's words; otherwise the general sentence. */
  refusals?: Partial<Record<Precondition, string>>;
  /**
   * The command's buttons, menus and modals, each made from the command's custom-id codec
   * (`commandIds(prefix).action(...).button(handler)`); the router finds them by prefix and action.
   */
  components?: readonly ComponentAction[];
  /**
   * Runs once the client can serve (e.g. to restart timers from stored state): at READY on the gateway; at
   * start-up in HTTP interactions mode, where the client has the token for REST but no gateway session (so
   * no `client.user`). The returned function, if any, runs on shutdown before the client disconnects.
   */
  onReady?: (client: Client, context: AppContext) => (() => void) | undefined;
}

export interface SlashCommand extends CommandBase {
  kind: 'slash';
  data: SharedSlashCommand & { toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Further preconditions of single subcommands, by subcommand name, checked after the command's. */
  subcommandPreconditions?: Readonly<Record<string, readonly Precondition[]>>;
  execute: (interaction: ChatInputCommandInteraction, context: AppContext) => Promise<void>;
  autocomplete?: (interaction: AutocompleteInteraction, context: AppContext) => Promise<void>;
}

export interface MessageCommand extends CommandBase {
  kind: 'message';
  data: ContextMenuCommandBuilder;
  execute: (interaction: MessageContextMenuCommandInteraction, context: AppContext) => Promise<void>;
}

export type Command = SlashCommand | MessageCommand;
