import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  ButtonStyle,
  ComponentType,
  type JSONEncodable,
} from 'discord.js';

/**
 * Message components as Discord's JSON, wrapped in `toJSON` so discord.js sends them as they are. The
 * builders validate every setter and again on `toJSON`, and discord.js turns a plain object back into
 * builders before sending it; a reply's buttons and menus were rebuilt and re-validated on every reply.
 * The JSON here is what the builders produced, key for key (tests/discord/components.test.ts holds it to
 * them), and the custom ids come from the codecs in ./custom-id.ts, which enforce Discord's limits.
 */
export type EncodedRow = JSONEncodable<APIActionRowComponent<APIComponentInMessageActionRow>>;

/** A component already JSON, so discord.js sends it without rebuilding it. */
export function encoded<T>(json: T): JSONEncodable<T> {
  return { toJSON: () => json };
}

/** An action row of JSON components. */
export function actionRow(components: readonly APIComponentInMessageActionRow[]): EncodedRow {
  return encoded({ type: ComponentType.ActionRow, components: [...components] });
}

/** A button with a custom id, keys in the order ButtonBuilder's setters give them; `disabled` only when set. */
export function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger,
  disabled?: boolean,
): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label,
    style,
    ...(disabled === undefined ? {} : { disabled }),
  };
}

export { ButtonStyle };
