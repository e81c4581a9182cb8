import type {
  ButtonInteraction,
  MessageComponentInteraction,
  ModalSubmitInteraction,
  StringSelectMenuInteraction,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { UserError } from '../errors.js';
import { DISCORD_LIMITS } from './limits.js';
import type { Precondition } from './preconditions.js';

/**
 * Custom ids of buttons, menus and modals: `<prefix>:<action>:<field>:<field>…`. The prefix names the
 * command, the action the control, and each field is typed by the action's codec. Anyone can send an
 * interaction with any custom id, so an id is read only through its codec: one that does not parse, names an
 * unknown action or carries an out-of-range field is refused as stale, never guessed at.
 */

const SEPARATOR = ':';

export interface FieldCodec<Value> {
  format(value: Value): string;
  /** The value, or undefined when `raw` is not one this field writes. */
  parse(raw: string): Value | undefined;
}

export const field = {
  /** Text without the separator, 1 to `maxLength` characters (a key, a passage id). */
  text(maxLength = 80): FieldCodec<string> {
    const valid = (value: string) =>
      value.length > 0 && value.length <= maxLength && !value.includes(SEPARATOR);
    return {
      format: (value) => {
        if (!valid(value)) throw new Error(`custom id field cannot hold ${JSON.stringify(value)}`);
        return value;
      },
      parse: (raw) => (valid(raw) ? raw : undefined),
    };
  },
  /** A whole number in [min, max]. */
  int(min: number, max: number): FieldCodec<number> {
    const valid = (value: number) => Number.isSafeInteger(value) && value >= min && value <= max;
    return {
      format: (value) => {
        if (!valid(value)) throw new Error(`custom id field cannot hold ${value}`);
        return String(value);
      },
      parse: (raw) => {
        if (!/^-?\d{1,15}$/.test(raw)) return undefined;
        const value = Number(raw);
        return valid(value) ? value : undefined;
      },
    };
  },
  /** One of a fixed list of words. */
  oneOf<const Choice extends string>(choices: readonly Choice[]): FieldCodec<Choice> {
    return {
      format: (value) => value,
      parse: (raw) => choices.find((choice) => choice === raw),
    };
  },
};

/** Any field's codec, whatever its value type (methods compare their parameters both ways). */
interface SomeFieldCodec {
  format(value: never): string;
  parse(raw: string): unknown;
}

export type FieldShape = Readonly<Record<string, SomeFieldCodec>>;
export type FieldValues<Shape extends FieldShape> = {
  readonly [Name in keyof Shape]: Shape[Name] extends FieldCodec<infer Value> ? Value : never;
};

/** The parts of a custom id, without judging them; the router reads the prefix and action to route. */
export function splitCustomId(customId: string): { prefix: string; action: string; fields: string[] } {
  const [prefix = '', action = '', ...fields] = customId.split(SEPARATOR);
  return { prefix, action, fields };
}

type Handler<I, Values> = (interaction: I, id: Values, context: AppContext) => Promise<void>;

/** One action of a command's controls, with its handler: what the router runs for a matching id. */
export interface ComponentAction {
  readonly prefix: string;
  readonly action: string;
  /** What a refused id of this command says. */
  readonly staleMessage: string;
  readonly preconditions: readonly Precondition[];
  /** Decodes the id and runs the handler; an id or an interaction of the wrong kind is a stale control. */
  run(interaction: MessageComponentInteraction | ModalSubmitInteraction, context: AppContext): Promise<void>;
}

export interface ActionOptions {
  /** Checked by the router before the handler, after the command's own. */
  preconditions?: readonly Precondition[];
}

export interface ActionCodec<Values> {
  readonly prefix: string;
  readonly action: string;
  encode(values: Values): string;
  /** The typed fields, or a `UserError('stale')` if the id was not written by `encode`. */
  decode(customId: string): Values;
  button(handler: Handler<ButtonInteraction, Values>, options?: ActionOptions): ComponentAction;
  select(handler: Handler<StringSelectMenuInteraction, Values>, options?: ActionOptions): ComponentAction;
  modal(handler: Handler<ModalSubmitInteraction, Values>, options?: ActionOptions): ComponentAction;
}

export interface CommandIds {
  readonly prefix: string;
  /** What a refused id says, e.g. "This menu no longer works. Run /cite again." */
  readonly staleMessage: string;
  action<const Shape extends FieldShape>(action: string, fields: Shape): ActionCodec<FieldValues<Shape>>;
}

/** The codec of one command's custom ids; each control gets an action from it. */
export function commandIds(
  prefix: string,
  staleMessage = 'This button no longer works. Run the command again.',
): CommandIds {
  if (!WORD.test(prefix)) throw new Error(`custom id prefix ${prefix} must be a lower-case word`);
  return {
    prefix,
    staleMessage,
    action: (action, fields) => actionCodec(prefix, action, fields, staleMessage),
  };
}

const WORD = /^[a-z][a-z-]*$/;

function actionCodec<const Shape extends FieldShape>(
  prefix: string,
  action: string,
  fields: Shape,
  staleMessage: string,
): ActionCodec<FieldValues<Shape>> {
  if (!WORD.test(action)) throw new Error(`custom id action ${action} must be a lower-case word`);
  type Values = FieldValues<Shape>;
  const stale = () => new UserError(staleMessage, 'stale');
  const names = Object.keys(fields);
  const codecOf = (name: string): FieldCodec<unknown> => {
    const codec = fields[name];
    if (!codec) throw new Error(`custom id ${prefix}:${action} has no field ${name}`);
    return codec;
  };
  const encode = (values: Values): string => {
    const byName: Readonly<Record<string, unknown>> = values;
    const id = [prefix, action, ...names.map((name) => codecOf(name).format(byName[name]))].join(SEPARATOR);
    if (id.length > DISCORD_LIMITS.customIdLength) {
      throw new Error(`custom id ${id.slice(0, 40)}… is longer than ${DISCORD_LIMITS.customIdLength}`);
    }
    return id;
  };
  const decode = (customId: string): Values => {
    const parts = splitCustomId(customId);
    if (parts.prefix !== prefix || parts.action !== action || parts.fields.length !== names.length)
      throw stale();
    const values: Record<string, unknown> = {};
    for (const [index, name] of names.entries()) {
      const value = codecOf(name).parse(parts.fields[index] ?? '');
      if (value === undefined) throw stale();
      values[name] = value;
    }
    // Every field of the shape was parsed by its own codec just above; TypeScript cannot follow the loop.
    return values as Values;
  };
  const route = <I extends MessageComponentInteraction | ModalSubmitInteraction>(
    accepts: (interaction: MessageComponentInteraction | ModalSubmitInteraction) => interaction is I,
    handler: Handler<I, Values>,
    options: ActionOptions = {},
  ): ComponentAction => ({
    prefix,
    action,
    staleMessage,
    preconditions: options.preconditions ?? [],
    async run(interaction, context) {
      if (!accepts(interaction)) throw stale();
      await handler(interaction, decode(interaction.customId), context);
    },
  });
  return {
    prefix,
    action,
    encode,
    decode,
    button: (handler, options) =>
      route((interaction): interaction is ButtonInteraction => interaction.isButton(), handler, options),
    select: (handler, options) =>
      route(
        (interaction): interaction is StringSelectMenuInteraction => interaction.isStringSelectMenu(),
        handler,
        options,
      ),
    modal: (handler, options) =>
      route(
        (interaction): interaction is ModalSubmitInteraction => interaction.isModalSubmit(),
        handler,
        options,
      ),
  };
}
