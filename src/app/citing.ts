// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import type { APIEmbed } from 'discord.js';
import { UserError } from '../commands/types.js';
import type { Passage } from '../corpus/types.js';
import { escapeText, fitEmbed } from '../discord/markdown.js';
import type { AppContext } from './context.js';
import '@citation-js/plugin-csl';

export interface PassageCitation {
  inText: string;
  reference: string;
  styleLabel: string;
}

/** The in-text citation pointing at a passage, and its document's full reference. */
export function citationFor(context: AppContext, passage: Passage, _guildId: string | null): PassageCitation {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) throw new UserError('That passage is no longer in the library.');
  const cite = new Cite(document.csl);
  const reference = cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' }).trim();
  const inText = cite
    .format('citation', {
      format: 'text',
      template: 'apa',
      lang: 'en-US',
      entry: [{ id: document.csl.id, locator: passage.locator }],
    })
    .trim();
  return { inText: escapeText(inText), reference: escapeText(reference), styleLabel: 'APA 7' };
}

/** The reply to a Cite button: the passage's in-text citation and the document's full reference. */
export async function citePassageReply(
  context: AppContext,
  passageId: string,
  guildId: string | null,
): Promise<{ embeds: APIEmbed[] }> {
  const passage = context.corpus.getPassage(passageId);
  if (!passage) throw new UserError('That passage is no longer in the library.');
  const document = context.corpus.getDocument(passage.documentId);
  const citation = citationFor(context, passage, guildId);
  return {
    embeds: [
      fitEmbed({
        title: `Cite ${document?.shortTitle ?? ''}, ${passage.locator}`,
        description: `**In text:** ${citation.inText}\n**Reference (${citation.styleLabel}):** ${citation.reference}`,
      }),
    ],
  };
}

/**
 * citation-js compiles its style and locale on first use (about a second); doing that at start-up keeps
 * the first Cite or /quote of the day well inside Discord's 3-second window.
 */
export function warmUpCitations(documents: ReadonlyArray<{ csl: object }>): void {
  const first = documents[0];
  if (first) new Cite(first.csl).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' });
}
