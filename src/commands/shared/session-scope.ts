import type { AppContext } from '../../app/context.js';
import type { Passage } from '../../corpus/types.js';
import { UserError } from '../../errors.js';
import type { SearchOptions } from '../../search/index.js';

export interface SessionSearchScope {
  documentId: string | undefined;
  /** Set only when a session without spoilers limits the search to what it has covered. */
  passageIds?: readonly string[];
}

/**
 * Pace control: inside a live session's thread a search defaults to the session's document, and a session
 * started with spoilers off limits it to the passages covered so far. A search the reader explicitly points
 * at another document is left alone; that document holds nothing the session could spoil.
 */
export async function sessionSearchScope(
  context: AppContext,
  guildId: string | null,
  channelId: string | null,
  documentId: string | undefined,
): Promise<SessionSearchScope> {
  if (!guildId || !channelId) return { documentId };
  const session = await context.sessions.getByThread(channelId);
  if (!session || session.guildId !== guildId || session.status === 'ended') return { documentId };
  const scoped = documentId ?? session.documentId;
  if (session.spoilers || scoped !== session.documentId) return { documentId: scoped };
  return { documentId: scoped, passageIds: session.coveredPassageIds };
}

/** Search options that keep a search inside the scope: its document and, without spoilers, the covered passages. */
export function scopedSearchOptions(scope: SessionSearchScope): SearchOptions {
  const covered = scope.passageIds ? new Set(scope.passageIds) : undefined;
  return {
    documentId: scope.documentId,
    ...(covered ? { filter: (passage) => covered.has(passage.id) } : {}),
  };
}

/**
 * Which passages a reply in this channel may show, for commands that look across the whole library (a
 * quotation check): everything, except the passages of a spoiler-free session's reading it has not reached.
 * Undefined where nothing is hidden.
 */
export async function visiblePassages(
  context: AppContext,
  guildId: string | null,
  channelId: string | null,
): Promise<((passage: Passage) => boolean) | undefined> {
  if (!guildId || !channelId) return undefined;
  const session = await context.sessions.getByThread(channelId);
  if (!session || session.guildId !== guildId || session.status === 'ended' || session.spoilers)
    return undefined;
  const covered = new Set(session.coveredPassageIds);
  return (passage) => passage.documentId !== session.documentId || covered.has(passage.id);
}

/**
 * Refuses a passage a spoiler-free session in this channel has not reached. Every path that shows a
 * passage chosen by an id (a button, a menu) checks this, since an id can name any passage.
 */
export async function requirePassageInScope(
  context: AppContext,
  guildId: string | null,
  channelId: string | null,
  passage: Passage,
): Promise<void> {
  const scope = await sessionSearchScope(context, guildId, channelId, passage.documentId);
  if (scope.passageIds && !scope.passageIds.includes(passage.id)) {
    throw new UserError(
      'The reading session here has not reached that passage yet, and it was started without spoilers.',
      'forbidden',
    );
  }
}
