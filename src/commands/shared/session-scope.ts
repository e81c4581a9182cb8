import type { AppContext } from '../../app/context.js';
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
export function sessionSearchScope(
  context: AppContext,
  guildId: string | null,
  channelId: string | null,
  documentId: string | undefined,
): SessionSearchScope {
  if (!guildId || !channelId) return { documentId };
  const session = context.sessions.getByThread(channelId);
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
