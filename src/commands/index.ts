import { command as checkQuote } from './check-quote.js';
import { command as cite } from './cite.js';
import { command as compare } from './compare.js';
import { command as findInReadings } from './find-in-readings.js';
import { command as help } from './help.js';
import { command as library } from './library/index.js';
import { command as note } from './note.js';
import { command as quote } from './quote.js';
import { command as references } from './references.js';
import { command as search } from './search.js';
import { command as session } from './session/index.js';
import { command as settings } from './settings.js';
import { command as summary } from './summary.js';
import type { Command } from './types.js';

/**
 * The static registry: the runtime routes interactions to these, `npm run deploy` registers them and /help
 * lists them. Adding a command is adding its file and one line here.
 */
export const commands: readonly Command[] = [
  search,
  cite,
  references,
  quote,
  settings,
  session,
  note,
  summary,
  compare,
  help,
  library,
  findInReadings,
  checkQuote,
];

export const commandHelp = commands.map((command) => ({
  name: command.kind === 'message' ? `Apps › ${command.data.name}` : `/${command.data.name}`,
  description: command.help.description,
  example: command.help.example,
}));

export function commandDefinitions() {
  return commands.map((command) => command.data.toJSON());
}
