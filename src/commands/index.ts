import { ContextMenuCommandBuilder } from 'discord.js';
import * as checkQuote from './check-quote.js';
import * as cite from './cite.js';
import * as compare from './compare.js';
import * as findInReadings from './find-in-readings.js';
import * as help from './help.js';
import * as library from './library.js';
import * as note from './note.js';
import * as quote from './quote.js';
import * as references from './references.js';
import * as search from './search.js';
import * as session from './session/index.js';
import * as settings from './settings.js';
import * as summary from './summary.js';
import type { Command } from './types.js';

interface CommandModule {
  help: { description: string; example: string };
}

/**
 * The static registry: the runtime routes interactions to these and `npm run deploy` registers them.
 * Adding a command is adding its file and one line here.
 */
const modules = [
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
] satisfies Array<Command & CommandModule>;

export const commands: readonly Command[] = modules;

export const commandHelp = modules.map((module) => ({
  name:
    module.data instanceof ContextMenuCommandBuilder ? `Apps › ${module.data.name}` : `/${module.data.name}`,
  description: module.help.description,
  example: module.help.example,
}));

export function commandDefinitions() {
  return commands.map((command) => command.data.toJSON());
}
