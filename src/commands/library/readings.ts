import type { ApplicationCommandOptionChoiceData, SlashCommandStringOption } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { corpusOf } from '../../corpus/index.js';
import { escapeText } from '../../discord/markdown.js';
import { UserError } from '../../errors.js';
import type { AddedDocument } from '../../library/index.js';
import { documentChoices, resolveDocumentOption } from '../shared/documents.js';

/** The `document:` of /library edit and remove: only this server's own readings can be changed. */

export function ownReadingOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option
    .setName('document')
    .setDescription('One of this server’s own readings')
    .setRequired(true)
    .setAutocomplete(true);
}

export async function ownReadingChoices(
  context: AppContext,
  guildId: string,
  typed: string,
): Promise<ApplicationCommandOptionChoiceData<string>[]> {
  return documentChoices(corpusOf(await context.libraries.added(guildId)), typed);
}

/**
 * The server's reading the option names (an id, or a title fragment naming one). A shared document is
 * refused with where it is edited; anything else this server cannot see is simply unknown.
 */
export async function ownReading(
  context: AppContext,
  guildId: string,
  value: string,
): Promise<AddedDocument> {
  const own = await context.libraries.added(guildId);
  const exact = own.find((document) => document.id === value);
  if (exact) return exact;
  const shared = context.corpus.getDocument(value);
  if (shared) {
    throw new UserError(
      `*${escapeText(shared.shortTitle)}* is in the shared library, which the operator edits in the data directory (data/); only readings added in this server can be changed here.`,
      'forbidden',
    );
  }
  if (own.length === 0) {
    throw new UserError('This server has added no readings yet; add one with /library add.', 'not-found');
  }
  const id = resolveDocumentOption(corpusOf(own), value);
  const found = own.find((document) => document.id === id);
  if (!found) throw new UserError('Pick one of this server’s readings from the list.', 'not-found');
  return found;
}
