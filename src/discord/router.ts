import { randomBytes } from 'node:crypto';
import { type CommandInteractionOption, ComponentType, type Interaction } from 'discord.js';
import type { AppContext } from '../app/context.js';
import { contextForGuild } from '../app/scope.js';
import type { Command, MessageCommand, SlashCommand } from '../commands/types.js';
import { UserError } from '../errors.js';
import { wellFormed } from '../text/unicode.js';
import { type ComponentAction, splitCustomId } from './custom-id.js';
import { defuseMentions } from './markdown.js';
import { PRECONDITION_REFUSALS, type Precondition, refusedPrecondition } from './preconditions.js';
import { replyPrivately } from './respond.js';

function interactionLabel(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) return interaction.customId;
  return 'unknown interaction';
}

/** Typed text as the database may store it: no lone surrogates, no NUL (which SQLite text cannot hold safely). */
function storableText(text: string): string {
  return wellFormed(text).replaceAll('\u0000', '');
}

function cleanOptions(options: readonly CommandInteractionOption[]): void {
  for (const option of options) {
    if (typeof option.value === 'string') option.value = storableText(option.value);
    if (option.options) cleanOptions(option.options);
  }
}

/**
 * Makes every string option and modal value storable before any command reads it, so no command can forget
 * to. discord.js reads options from these same objects (getString and friends), hence in place.
 */
function cleanIncomingText(interaction: Interaction): void {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    cleanOptions(interaction.options.data);
  } else if (interaction.isModalSubmit()) {
    for (const field of interaction.fields.fields.values()) {
      if (field.type === ComponentType.TextInput) field.value = storableText(field.value);
    }
  }
}

export interface InteractionRouter {
  handle(interaction: Interaction): Promise<void>;
  /** Resolves once every interaction being handled has been answered (used on shutdown). */
  drain(): Promise<void>;
  readonly inFlight: number;
}

const UNKNOWN_CONTROL = 'This button no longer works. Run the command again.';

/** The command and the checks an interaction needs, or a `UserError` when there is no such command. */
function findHandler(
  interaction: Interaction,
  registry: Registry,
): { command: Command; preconditions: readonly Precondition[]; run: (context: AppContext) => Promise<void> } {
  const gone = () => new UserError('That command is not available any more.', 'stale');
  if (interaction.isAutocomplete() || interaction.isChatInputCommand()) {
    const command = registry.slash.get(interaction.commandName);
    if (!command) throw gone();
    const subcommand = interaction.options.getSubcommand(false);
    const preconditions = [
      ...(command.preconditions ?? []),
      ...((subcommand && command.subcommandPreconditions?.[subcommand]) || []),
    ];
    if (interaction.isAutocomplete()) {
      const { autocomplete } = command;
      return {
        command,
        preconditions,
        run: async (context) => (autocomplete ? autocomplete(interaction, context) : interaction.respond([])),
      };
    }
    return { command, preconditions, run: (context) => command.execute(interaction, context) };
  }
  if (interaction.isMessageContextMenuCommand()) {
    const command = registry.message.get(interaction.commandName);
    if (!command) throw gone();
    return {
      command,
      preconditions: command.preconditions ?? [],
      run: (context) => command.execute(interaction, context),
    };
  }
  if (interaction.isMessageComponent() || interaction.isModalSubmit()) {
    const { prefix, action } = splitCustomId(interaction.customId);
    const entry = registry.byPrefix.get(prefix);
    const control = entry?.actions.get(action);
    if (!entry || !control) throw new UserError(entry?.staleMessage ?? UNKNOWN_CONTROL, 'stale');
    // A component's id must be one the bot put on the message it came from: anything else was forged.
    if (interaction.isMessageComponent() && !interaction.message.resolveComponent(interaction.customId)) {
      throw new UserError(entry.staleMessage, 'stale');
    }
    return {
      command: entry.command,
      preconditions: [...(entry.command.preconditions ?? []), ...control.preconditions],
      run: (context) => control.run(interaction, context),
    };
  }
  throw new UserError('Lectern does not handle this kind of interaction.', 'stale');
}

interface Registry {
  slash: Map<string, SlashCommand>;
  message: Map<string, MessageCommand>;
  byPrefix: Map<string, { command: Command; staleMessage: string; actions: Map<string, ComponentAction> }>;
}

function buildRegistry(commands: readonly Command[]): Registry {
  const registry: Registry = { slash: new Map(), message: new Map(), byPrefix: new Map() };
  for (const command of commands) {
    if (command.kind === 'slash') registry.slash.set(command.data.name, command);
    else registry.message.set(command.data.name, command);
    for (const control of command.components ?? []) {
      const entry = registry.byPrefix.get(control.prefix) ?? {
        command,
        staleMessage: control.staleMessage,
        actions: new Map<string, ComponentAction>(),
      };
      if (entry.command !== command)
        throw new Error(`custom id prefix ${control.prefix} is claimed by two commands`);
      if (entry.actions.has(control.action))
        throw new Error(`custom id ${control.prefix}:${control.action} is routed twice`);
      entry.actions.set(control.action, control);
      registry.byPrefix.set(control.prefix, entry);
    }
  }
  return registry;
}

/**
 * One gateway read can carry hundreds of interactions, dispatched back to back. Started all at once, every
 * command would run before any reply left (sockets are written and read only between event-loop turns), so
 * a burst longer than Discord's 3 seconds would answer none in time. Each interaction instead starts in
 * its own turn, first come first served, and replies go out as their commands finish.
 */
function turnQueue(): () => Promise<void> {
  const waiting: Array<() => void> = [];
  const startNext = (): void => {
    waiting.shift()?.();
    // Scheduled from inside an immediate, this runs on the next turn, after pending I/O.
    if (waiting.length > 0) setImmediate(startNext);
  };
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      if (waiting.length === 1) setImmediate(startNext);
    });
}

export function createInteractionRouter(
  context: AppContext,
  commands: readonly Command[],
): InteractionRouter {
  const registry = buildRegistry(commands);
  const nextTurn = turnQueue();
  const pending = new Set<Promise<void>>();

  async function route(interaction: Interaction): Promise<void> {
    cleanIncomingText(interaction);
    const { command, preconditions, run } = findHandler(interaction, registry);
    const refused = await refusedPrecondition(preconditions, interaction, context);
    if (refused) {
      throw new UserError(command.refusals?.[refused] ?? PRECONDITION_REFUSALS[refused], 'forbidden');
    }
    await run(await contextForGuild(context, interaction.guildId));
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
      await nextTurn();
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
    if (isUserError)
      context.logger.info({ ...logContext, code: error.code, reason: error.message }, 'refused interaction');
    else context.logger.error({ ...logContext, errorId, err: error }, 'interaction failed');
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await interaction.respond([]);
        return;
      }
      if (interaction.isRepliable()) {
        // A refusal may echo what the person typed: it must not render as a mention either.
        await replyPrivately(
          interaction,
          isUserError
            ? defuseMentions(error.message)
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
