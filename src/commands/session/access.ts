import type {
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  SlashCommandStringOption,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import type { LibraryDocument, Passage } from '../../corpus/types.js';
import { UserError } from '../../errors.js';
import { type ReadingSession, resolvePassageRange } from '../../sessions/index.js';
import { resolveDocumentOption } from '../shared/documents.js';

/** Who may do what with a session, and which session or reading a command means. */

export type GuildInteraction = ChatInputCommandInteraction | MessageComponentInteraction;

export async function sessionHere(
  context: AppContext,
  guildId: string,
  channelId: string,
): Promise<ReadingSession> {
  const session = await context.sessions.findForChannel(guildId, channelId);
  if (!session) {
    throw new UserError(
      'No reading session is running here. Run this in the session’s thread or the channel it was started from.',
      'not-found',
    );
  }
  return session;
}

export function documentOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option.setName('document').setDescription('The reading').setRequired(true).setAutocomplete(true);
}

/** A `from` or `to` option: a passage of the chosen document, offered by autocomplete. */
export function passageOption(name: 'from' | 'to', description: string) {
  return (option: SlashCommandStringOption): SlashCommandStringOption =>
    option.setName(name).setDescription(description).setMaxLength(40).setAutocomplete(true);
}

/** The document and the passages from `from` to `to` that the command names. */
export function requestedReading(
  interaction: ChatInputCommandInteraction,
  context: AppContext,
): { document: LibraryDocument; passages: Passage[] } {
  const documentId = resolveDocumentOption(context.corpus, interaction.options.getString('document', true));
  const document = documentId ? context.corpus.getDocument(documentId) : undefined;
  if (!document) throw new UserError('Pick a document from the list.');
  const range = resolvePassageRange(
    document.passages,
    interaction.options.getString('from') ?? undefined,
    interaction.options.getString('to') ?? undefined,
  );
  if ('error' in range) throw new UserError(range.error);
  return { document, passages: range.passages };
}

/** The session a button names, if it belongs to this server: an id from elsewhere is refused as stale. */
export async function sessionOfControl(
  context: AppContext,
  interaction: MessageComponentInteraction,
  sessionId: number,
): Promise<ReadingSession> {
  const session = await context.sessions.get(sessionId);
  if (!session || session.guildId !== interaction.guildId) {
    throw new UserError('This session no longer exists.', 'stale');
  }
  return session;
}
