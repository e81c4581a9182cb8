import type { APIEmbed } from 'discord.js';
import {
  DEFAULT_STYLE,
  formatInText,
  formatReference,
  isStyleChoice,
  proseStyle,
  STYLE_LABELS,
  type StyleChoice,
} from '../citations/index.js';
import type { Passage } from '../corpus/types.js';
import { fitEmbed } from '../discord/markdown.js';
import { UserError } from '../errors.js';
import type { AppContext } from './context.js';

/**
 * The Discord layer's view of citations: which style a server reads in, and the reply to a Cite button. The
 * formatting itself is `src/citations` (citation-js with the official CSL styles).
 */

export { exportItems, formatInText, formatReference, formatReferences } from '../citations/index.js';

/** The server's chosen style, else APA. A value the database holds but Lectern no longer offers is ignored. */
export function defaultStyle(context: AppContext, guildId: string | null): StyleChoice {
  const stored = guildId ? context.settings.get(guildId).citationStyle : null;
  return isStyleChoice(stored) ? stored : DEFAULT_STYLE;
}

export interface PassageCitation {
  inText: string;
  reference: string;
  styleLabel: string;
}

/** The in-text citation pointing at a passage, and its document's full reference, in the server's style. */
export function citationFor(context: AppContext, passage: Passage, guildId: string | null): PassageCitation {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) throw new UserError('That passage is no longer in the library.');
  const style = proseStyle(defaultStyle(context, guildId));
  return {
    inText: formatInText(document.csl, style, passage),
    reference: formatReference(document.csl, style),
    styleLabel: STYLE_LABELS[style],
  };
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
