import type { LibraryView } from '../library/index.js';
import type { AppContext } from './context.js';

const scopedContexts = new WeakMap<AppContext, WeakMap<LibraryView, AppContext>>();

/**
 * The context a handler for one server gets: `corpus` and `search` are that server's library view, the
 * rest is shared. The same view gives the same object, so memos keyed by the corpus or the engine hold
 * until the server's library changes.
 */
export async function contextForGuild(context: AppContext, guildId: string | null): Promise<AppContext> {
  const view = await context.libraries.viewFor(guildId);
  if (view.corpus === context.corpus && view.search === context.search) return context;
  let byView = scopedContexts.get(context);
  if (!byView) {
    byView = new WeakMap();
    scopedContexts.set(context, byView);
  }
  let scoped = byView.get(view);
  if (!scoped) {
    scoped = { ...context, corpus: view.corpus, search: view.search };
    byView.set(view, scoped);
  }
  return scoped;
}
