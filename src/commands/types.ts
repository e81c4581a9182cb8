import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
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

/** A failure the user caused and can fix; its message is shown to them as written. */
export class UserError extends Error {
  override name = 'UserError';
}
