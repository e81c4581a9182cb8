import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { truncate } from '../../discord/markdown.js';
import { normalizeQuery } from '../../search/index.js';
import { documentChoices } from './documents.js';

/**
 * Autocomplete choices for a free-text query option: what was typed first (so it can be kept as is), then
 * completions from the index, at most 25, each 1-100 characters.
 */
export function queryChoices(
  context: AppContext,
  typedRaw: string,
  documentId?: string | null,
): ApplicationCommandOptionChoiceData<string>[] {
  const typed = normalizeQuery(typedRaw).trim();
  const known = documentId && context.corpus.getDocument(documentId) ? documentId : undefined;
  const suggestions = context.search.suggest(typed, {
    documentId: known,
    limit: DISCORD_LIMITS.autocompleteChoices,
  });
  const values = [...new Set([...(typed ? [typed] : []), ...suggestions])]
    .map((value) => truncate(value, DISCORD_LIMITS.choiceNameLength))
    .filter((value) => value.length > 0)
    .slice(0, DISCORD_LIMITS.autocompleteChoices);
  return values.map((value) => ({ name: value, value }));
}

/** Autocomplete for a command with a `query` and a `document` option: the query is completed within the document. */
export async function respondWithQueryOrDocument(
  interaction: AutocompleteInteraction,
  context: AppContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name === 'document') {
    await interaction.respond(documentChoices(context.corpus, focused.value));
    return;
  }
  await interaction.respond(queryChoices(context, focused.value, interaction.options.getString('document')));
}
