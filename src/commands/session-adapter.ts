import type { ButtonInteraction } from 'discord.js';
import type { AppContext } from '../app/context.js';
import { commandIds, field } from '../discord/custom-id.js';
import * as session from './session.js';
import type { SlashCommand } from './types.js';

/**
 * Temporary: /session as a registry entry until session.ts declares its own `command`. Its buttons are
 * routed through the codec (same ids as session-render.ts writes) and handed to its existing handler.
 * Delete this file when session.ts exports `command`, and import that in index.ts.
 */
const sessionIds = commandIds('session', 'This button no longer works. Use /session status.');
const sessionId = field.int(1, Number.MAX_SAFE_INTEGER);
const position = field.int(0, 1_000_000);
const existingHandler = (interaction: ButtonInteraction, _id: unknown, context: AppContext) =>
  session.handleComponent(interaction, context);

export const sessionCommand: SlashCommand = {
  kind: 'slash',
  data: session.data,
  help: session.help,
  execute: session.execute,
  autocomplete: session.autocomplete,
  onReady: session.onReady,
  components: [
    sessionIds.action('join', { sessionId }).button(existingHandler),
    sessionIds.action('next', { sessionId, position }).button(existingHandler),
    sessionIds.action('back', { sessionId, position }).button(existingHandler),
  ],
};
