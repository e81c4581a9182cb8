import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Client,
  ContextMenuCommandBuilder,
  MessageComponentInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
  SharedSlashCommand,
} from 'discord.js';
import type { AppContext } from '../app/context.js';

interface CommandBase {
  /** Custom ids of this command's buttons and modals start with `${componentPrefix}:`; defaults to the name. */
  componentPrefix?: string;
  /** Handles a button or select menu whose custom id starts with this command's prefix. */
  handleComponent?: (interaction: MessageComponentInteraction, context: AppContext) => Promise<void>;
  handleModal?: (interaction: ModalSubmitInteraction, context: AppContext) => Promise<void>;
  /**
   * Runs once the client is ready (e.g. to restart timers from stored state); the returned function, if
   * any, runs on shutdown before the client disconnects.
   */
  onReady?: (client: Client<true>, context: AppContext) => (() => void) | undefined;
}

export interface SlashCommand extends CommandBase {
  data: SharedSlashCommand & { toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  execute: (interaction: ChatInputCommandInteraction, context: AppContext) => Promise<void>;
  autocomplete?: (interaction: AutocompleteInteraction, context: AppContext) => Promise<void>;
}

export interface MessageContextCommand extends CommandBase {
  data: ContextMenuCommandBuilder;
  execute: (interaction: MessageContextMenuCommandInteraction, context: AppContext) => Promise<void>;
}

export type Command = SlashCommand | MessageContextCommand;
