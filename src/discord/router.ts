import { randomBytes } from 'node:crypto';
import {
  type AutocompleteInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import type { Command, SlashCommand } from '../commands/types.js';
import { UserError } from '../errors.js';
import { defuseMentions, truncate } from './markdown.js';

const NO_MENTIONS = { parse: [] } as const;

function interactionLabel(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) return interaction.customId;
  return `type ${(interaction as Interaction).type}`;
}

/** Answers a failed interaction in whatever way Discord still accepts: reply, edit the deferral, or follow up. */
export async function replyWithError(interaction: RepliableInteraction, message: string): Promise<void> {
  // Error messages may echo what the user typed; they must not render as mentions either.
  const content = defuseMentions(truncate(message, 1900));
  const payload: InteractionReplyOptions = {
    content,
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  };
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({
      content,
      embeds: [],
      components: [],
      files: [],
      allowedMentions: NO_MENTIONS,
    });
  } else if (interaction.replied) {
    await interaction.followUp(payload);
  } else {
    await interaction.reply(payload);
  }
}

export interface InteractionRouter {
  handle(interaction: Interaction): Promise<void>;
  /** Resolves once every interaction being handled has been answered (used on shutdown). */
  drain(): Promise<void>;
  readonly inFlight: number;
}

export function createInteractionRouter(
  context: AppContext,
  commands: readonly Command[],
): InteractionRouter {
  const byName = new Map(commands.map((command) => [command.data.name, command]));
  const byPrefix = new Map(
    commands.map((command) => [command.componentPrefix ?? command.data.name, command]),
  );
  const pending = new Set<Promise<void>>();

  async function route(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = byName.get(interaction.commandName) as SlashCommand | undefined;
      await command?.autocomplete?.(interaction, context);
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) throw new UserError('That command is not available any more.');
      await (command as SlashCommand).execute(interaction, context);
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = byName.get(interaction.commandName);
      if (!command) throw new UserError('That command is not available any more.');
      await (command.execute as (i: typeof interaction, c: AppContext) => Promise<void>)(
        interaction,
        context,
      );
      return;
    }
    if (interaction.isMessageComponent()) {
      const command = byPrefix.get(interaction.customId.split(':')[0] ?? '');
      if (!command?.handleComponent)
        throw new UserError('This button no longer works. Run the command again.');
      await command.handleComponent(interaction, context);
      return;
    }
    if (interaction.isModalSubmit()) {
      const command = byPrefix.get(interaction.customId.split(':')[0] ?? '');
      if (!command?.handleModal) throw new UserError('This form no longer works. Run the command again.');
      await command.handleModal(interaction, context);
    }
  }

  async function handle(interaction: Interaction): Promise<void> {
    const logContext = {
      interactionId: interaction.id,
      command: interactionLabel(interaction),
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
    };
    try {
      await route(interaction);
      context.logger.debug(logContext, 'handled interaction');
    } catch (error) {
      await answerFailure(interaction, error, logContext);
    }
  }

  async function answerFailure(
    interaction: Interaction,
    error: unknown,
    logContext: Record<string, unknown>,
  ) {
    const isUserError = error instanceof UserError;
    const errorId = randomBytes(4).toString('hex');
    if (isUserError) context.logger.info({ ...logContext, reason: error.message }, 'refused interaction');
    else context.logger.error({ ...logContext, errorId, err: error }, 'interaction failed');
    try {
      if (interaction.isAutocomplete()) {
        if (!(interaction as AutocompleteInteraction).responded) await interaction.respond([]);
        return;
      }
      if (interaction.isRepliable()) {
        await replyWithError(
          interaction,
          isUserError
            ? error.message
            : `Something went wrong on our side (error ${errorId}). Please try again.`,
        );
      }
    } catch (replyError) {
      context.logger.error(
        { ...logContext, errorId, err: replyError },
        'could not report the failure to the user',
      );
    }
  }

  return {
    handle(interaction) {
      const task = handle(interaction);
      pending.add(task);
      void task.finally(() => pending.delete(task));
      return task;
    },
    async drain() {
      await Promise.allSettled([...pending]);
    },
    get inFlight() {
      return pending.size;
    },
  };
}
