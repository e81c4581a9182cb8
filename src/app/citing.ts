// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import type { APIEmbed } from 'discord.js';
import { UserError } from '../commands/types.js';
import { escapeText, fitEmbed } from '../discord/markdown.js';
import type { AppContext } from './context.js';
import '@citation-js/plugin-csl';

/** The reply to a Cite button: the passage's in-text citation and the document's full reference. */
export async function citePassageReply(
  context: AppContext,
  passageId: string,
  _guildId: string | null,
): Promise<{ embeds: APIEmbed[] }> {
  const passage = context.corpus.getPassage(passageId);
  const document = passage ? context.corpus.getDocument(passage.documentId) : undefined;
  if (!passage || !document) throw new UserError('That passage is no longer in the library.');
  const cite = new Cite(document.csl);
  const reference = cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim();
  const citation = cite
    .format('citation', {
      format: 'text',
      template: 'apa',
      lang: 'en-US',
      entry: [{ id: document.csl.id, locator: passage.locator }],
    })
    .trim();
  return {
    embeds: [
      fitEmbed({
        title: `Cite ${document.shortTitle}, ${passage.locator}`,
        description: `**In text:** ${escapeText(citation)}\n**Reference (APA 7):** ${escapeText(reference)}`,
      }),
    ],
  };
}
