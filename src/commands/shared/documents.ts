import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { Corpus } from '../../corpus/types.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { truncate } from '../../discord/markdown.js';
import { UserError } from '../../errors.js';

/** Autocomplete choices for a `document` option: the value is the document id. */
export function documentChoices(corpus: Corpus, typed: string): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase();
  return corpus.documents
    .filter((document) =>
      [document.id, document.shortTitle, document.csl.title ?? ''].some((text) =>
        text.toLowerCase().includes(needle),
      ),
    )
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((document) => ({
      name: truncate(
        `${document.shortTitle}: ${document.csl.title ?? document.id}`,
        DISCORD_LIMITS.choiceNameLength,
      ),
      value: document.id,
    }));
}

/** Accepts a document id (what autocomplete sends) or a typed title fragment that names exactly one document. */
export function resolveDocumentOption(corpus: Corpus, value: string | null): string | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (corpus.getDocument(value)) return value;
  const matches = documentChoices(corpus, value);
  if (matches.length === 1 && matches[0]) return matches[0].value;
  const known = corpus.documents.map((document) => `\`${document.id}\` (${document.shortTitle})`).join(', ');
  throw new UserError(`I don't know that document. Pick one from the list: ${known}.`);
}
