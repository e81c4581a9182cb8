import { corpusOf } from '../corpus/corpus.js';
import type { Corpus, CslItem } from '../corpus/types.js';
import { createSearchEngine, type SearchEngine } from '../search/index.js';
import { RecentMap } from '../search/recent.js';
import {
  type AddedDocument,
  type LibraryStore,
  type OriginalFile,
  SHARED_SCOPE,
  type UnreadableReading,
} from './store.js';

/**
 * The library one server sees: the shared data-directory documents (unless SHARED_LIBRARY=false) and the
 * readings the server added. Every command reads its server's view and nothing else, so no reply can show
 * another server's reading whatever id it is handed.
 */
export interface LibraryView {
  corpus: Corpus;
  search: SearchEngine;
}

export type LibraryChange =
  | { kind: 'added'; guildId: string; document: AddedDocument }
  | { kind: 'edited'; guildId: string; document: AddedDocument }
  | { kind: 'removed'; guildId: string; document: AddedDocument }
  | { kind: 'reloaded' };

export type LibraryListener = (change: LibraryChange) => void;

export interface LibrariesOptions {
  shared: Corpus;
  /** False hides the shared library in every server. */
  sharedVisible: boolean;
  store: LibraryStore;
  /** How many servers' views stay built; one rebuilt later costs its index build, never an extraction. */
  cachedViews?: number;
  onUnreadable?: (problem: UnreadableReading) => void;
  /**
   * Reads the data directory again, when another process sharing the database reloaded it (HTTP workers,
   * shards); absent, this process keeps the shared library it started with.
   */
  loadShared?: () => Corpus;
  /** Told when a shared document is left out of a server's view because a reading there has its id. */
  onIdCollision?: (collision: { guildId: string; documentIds: string[] }) => void;
  /**
   * How long a check of the database's library revisions is trusted, in ms (default 250): other processes'
   * changes show within that, and a burst of interactions costs one read, not one each. 0 checks every time.
   * This process's own changes show at once either way, and on Postgres other hosts' as soon as they notify.
   */
  revisionCheckMs?: number;
  now?: () => number;
  /** Told when `loadShared` fails; the shared library in use is kept. */
  onSharedReloadFailed?: (error: unknown) => void;
  /** Told when refreshing a view another host changed fails in the background; its next use tries again. */
  onRefreshFailed?: (error: unknown) => void;
  /** Told when other hosts' notifications may have been missed (Postgres reconnected): every view is checked again. */
  onMissedChanges?: () => void;
}

interface ServerEntry {
  /** The same objects from change to change, so their index segments are reused. */
  own: readonly AddedDocument[];
  /** The library revision each reading was last written at. */
  written: ReadonlyMap<string, number>;
  /** The server's library revision this entry shows (at least). */
  revision: number;
  view: LibraryView;
}

interface RevisionCheck {
  at: number;
  guild: number;
  shared: number;
}

const EMPTY_CORPUS = corpusOf([]);

export class Libraries {
  private shared: Corpus;
  private sharedView: LibraryView;
  private readonly views: RecentMap<string, ServerEntry>;
  private sharedRevision = 0;
  private readonly listeners = new Set<LibraryListener>();
  private readonly checked = new RecentMap<string, RevisionCheck>(1000);
  /** Revision reads under way, so a burst of interactions waits for one read instead of making its own. */
  private readonly checking = new Map<string, Promise<RevisionCheck>>();
  /** Refreshes under way, by server, and the revision each will show at least. */
  private readonly refreshing = new Map<string, { revision: number; done: Promise<ServerEntry> }>();
  /** Cached servers another host changed, refreshed in the background so the next interaction finds them current. */
  private readonly stale = new Set<string>();
  private catchingUp: Promise<void> | undefined;
  private stopListening: (() => Promise<void>) | undefined;
  private closed = false;

  private constructor(private readonly options: LibrariesOptions) {
    this.shared = options.shared;
    this.sharedView = this.buildView(this.visibleShared());
    this.views = new RecentMap(options.cachedViews ?? 200);
  }

  /**
   * The libraries, with the shared library's revision read and, on Postgres, other hosts' changes listened
   * for: a notification drops the server's revision check, so its next use reads what changed. The
   * revision checks stay as the fallback (and are all SQLite has).
   */
  static async open(options: LibrariesOptions): Promise<Libraries> {
    const libraries = new Libraries(options);
    libraries.sharedRevision = (await options.store.revisions(SHARED_SCOPE)).shared;
    libraries.stopListening = await options.store.listen(
      (scope) => libraries.changedElsewhere(scope),
      () => libraries.missedChanges(),
    );
    return libraries;
  }

  /** Stops listening for other hosts' changes and waits for a background refresh under way. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stale.clear();
    await this.stopListening?.();
    await this.catchingUp;
  }

  private visibleShared(): Corpus {
    return this.options.sharedVisible ? this.shared : EMPTY_CORPUS;
  }

  private buildView(corpus: Corpus): LibraryView {
    return { corpus, search: createSearchEngine(corpus) };
  }

  /** The shared documents, whatever SHARED_LIBRARY says (the operator's `/library reload` reports on them). */
  get sharedCorpus(): Corpus {
    return this.shared;
  }

  /** What a server sees; outside a server (a DM), the shared library alone. */
  async viewFor(guildId: string | null): Promise<LibraryView> {
    if (guildId !== null) return (await this.current(guildId)).view;
    const revisions = await this.revisionsOf(SHARED_SCOPE);
    if (revisions.shared > this.sharedRevision) this.followSharedReload(revisions.shared);
    return this.sharedView;
  }

  /** The server's entry as it is served now, read from the store only when not current. */
  private async current(guildId: string): Promise<ServerEntry> {
    const revisions = await this.revisionsOf(guildId);
    if (revisions.shared > this.sharedRevision) this.followSharedReload(revisions.shared);
    const cached = this.views.get(guildId);
    if (cached && cached.revision >= revisions.guild) return cached;
    return this.refresh(guildId, revisions.guild, cached);
  }

  /** Whether this process's copy is current, since other processes may share the database: one indexed read. */
  private async revisionsOf(scope: string): Promise<RevisionCheck> {
    const now = (this.options.now ?? Date.now)();
    const known = this.checked.get(scope);
    if (known && now - known.at < (this.options.revisionCheckMs ?? 250)) return known;
    const under = this.checking.get(scope);
    if (under) return under;
    const reading = this.options.store.revisions(scope).then(
      (revisions) => {
        // A notification that came meanwhile dropped this read: what it found may predate the change.
        if (this.checking.get(scope) !== reading) return { at: now, ...revisions };
        this.checking.delete(scope);
        const check = { at: now, ...revisions };
        this.checked.set(scope, check);
        return check;
      },
      (error: unknown) => {
        if (this.checking.get(scope) === reading) this.checking.delete(scope);
        throw error;
      },
    );
    this.checking.set(scope, reading);
    return reading;
  }

  /** Another host changed a library: its next use here reads the revision again, and a cached view is refreshed now. */
  private changedElsewhere(scope: string): void {
    if (scope === SHARED_SCOPE) {
      // Every check holds the shared revision; the reload itself waits for the next use, as it always has.
      this.forgetChecks();
      return;
    }
    this.checked.delete(scope);
    this.checking.delete(scope);
    if (this.views.get(scope)) {
      this.stale.add(scope);
      this.catchUp();
    }
  }

  /** Notifications may have been lost: every library is checked again at its next use. */
  private missedChanges(): void {
    this.forgetChecks();
    this.options.onMissedChanges?.();
  }

  private forgetChecks(): void {
    this.checked.clear();
    this.checking.clear();
  }

  private catchUp(): void {
    if (this.catchingUp || this.closed) return;
    this.catchingUp = (async () => {
      for (const guildId of this.stale) {
        this.stale.delete(guildId);
        if (this.closed) break;
        try {
          await this.current(guildId);
        } catch (error) {
          this.options.onRefreshFailed?.(error);
        }
      }
    })().finally(() => {
      this.catchingUp = undefined;
      if (this.stale.size > 0) this.catchUp();
    });
  }

  /**
   * Reads what changed since `cached` (everything when nothing is cached); unchanged readings keep their
   * objects. One refresh per server at a time: a caller wanting no newer revision waits for the one under way.
   */
  private refresh(guildId: string, revision: number, cached: ServerEntry | undefined): Promise<ServerEntry> {
    const under = this.refreshing.get(guildId);
    if (under && under.revision >= revision) return under.done;
    const done = this.read(guildId, revision, cached).finally(() => {
      if (this.refreshing.get(guildId)?.done === done) this.refreshing.delete(guildId);
    });
    this.refreshing.set(guildId, { revision, done });
    return done;
  }

  private async read(
    guildId: string,
    revision: number,
    cached: ServerEntry | undefined,
  ): Promise<ServerEntry> {
    const catalog = await this.options.store.catalog(guildId);
    // A host's first use of a server: one read of every reading beats a round trip each.
    const listed =
      !cached && catalog.length > 1
        ? new Map(
            (await this.options.store.list(guildId, this.options.onUnreadable)).map((document) => [
              document.id,
              document,
            ]),
          )
        : undefined;
    const kept = new Map(cached?.own.map((document) => [document.id, document]));
    const own: AddedDocument[] = [];
    const written = new Map<string, number>();
    for (const entry of catalog) {
      const current =
        cached?.written.get(entry.documentId) === entry.revision ? kept.get(entry.documentId) : undefined;
      const document = listed
        ? listed.get(entry.documentId)
        : (current ?? (await this.options.store.get(guildId, entry.documentId, this.options.onUnreadable)));
      if (!document) continue;
      own.push(document);
      written.set(document.id, entry.revision);
    }
    return this.show(guildId, own, written, revision);
  }

  /**
   * Serves the server's library at `revision`, unless what is served already shows a later one (a change
   * or refresh that finished first): revisions only go forward.
   */
  private show(
    guildId: string,
    own: readonly AddedDocument[],
    written: ReadonlyMap<string, number>,
    revision: number,
  ): ServerEntry {
    const served = this.views.get(guildId);
    if (served && served.revision > revision) return served;
    const view = own.length === 0 ? this.sharedView : this.buildView(this.layered(guildId, own));
    const entry = { own, written, revision, view };
    this.views.set(guildId, entry);
    const known = this.checked.get(guildId);
    if (known && known.guild < revision) this.checked.set(guildId, { ...known, guild: revision });
    return entry;
  }

  /**
   * Shows the server's library after this process changed it at `revision`. When another process changed it
   * in between (the revision skipped one), the whole catalogue is read again rather than guessed.
   */
  private async changed(
    guildId: string,
    before: ServerEntry,
    revision: number,
    own: readonly AddedDocument[],
    touched?: AddedDocument,
  ): Promise<void> {
    if (revision !== before.revision + 1) {
      await this.refresh(guildId, revision, before);
      return;
    }
    const written = new Map([...before.written].filter(([id]) => own.some((document) => document.id === id)));
    if (touched) written.set(touched.id, revision);
    this.show(guildId, own, written, revision);
  }

  /**
   * The shared documents and the server's own, under unique ids. A reload can bring in a shared document
   * whose id a server's reading already has; the server's reading keeps it (its sessions and buttons name
   * it), and the shared one is left out of that server's view rather than have one id mean two works.
   */
  private layered(guildId: string, own: readonly AddedDocument[]): Corpus {
    const ownIds = new Set(own.map((document) => document.id));
    const shared = this.visibleShared().documents;
    const unshadowed = shared.filter((document) => !ownIds.has(document.id));
    if (unshadowed.length !== shared.length) {
      this.options.onIdCollision?.({
        guildId,
        documentIds: shared.filter((document) => ownIds.has(document.id)).map((document) => document.id),
      });
    }
    return corpusOf([...unshadowed, ...own]);
  }

  private followSharedReload(revision: number): void {
    this.sharedRevision = revision;
    if (!this.options.loadShared) return;
    try {
      this.useShared(this.options.loadShared());
    } catch (error) {
      this.options.onSharedReloadFailed?.(error);
    }
  }

  private useShared(shared: Corpus): void {
    this.shared = shared;
    this.sharedView = this.buildView(this.visibleShared());
    this.views.clear();
    this.emit({ kind: 'reloaded' });
  }

  /** The readings a server added itself, in the order they were added. */
  async added(guildId: string): Promise<AddedDocument[]> {
    return [...(await this.current(guildId)).own];
  }

  /** The server's reading with these bytes, if it has one (read from the store when this view has not caught up). */
  async duplicateOf(guildId: string, sha256: string): Promise<AddedDocument | undefined> {
    const id = await this.options.store.findBySha256(guildId, sha256);
    if (id === undefined) return undefined;
    const served = (await this.current(guildId)).own.find((document) => document.id === id);
    return served ?? (await this.options.store.get(guildId, id, this.options.onUnreadable));
  }

  /** Ids the server's view already uses, so a new reading's id is unique in it. */
  async takenIds(guildId: string): Promise<Set<string>> {
    return new Set((await this.viewFor(guildId)).corpus.documents.map((document) => document.id));
  }

  /** Stores the reading with its file, then shows it in the server's view at once. */
  async add(document: AddedDocument, original: OriginalFile): Promise<AddedDocument> {
    const guildId = document.origin.guildId;
    if ((await this.takenIds(guildId)).has(document.id)) {
      throw new Error(`document id ${document.id} is already used in this server's library`);
    }
    const before = await this.current(guildId);
    const revision = await this.options.store.add(document, original);
    await this.changed(guildId, before, revision, [...before.own, document], document);
    this.emit({ kind: 'added', guildId, document });
    return document;
  }

  /** Replaces a reading's metadata (its passages are unchanged). */
  async edit(
    guildId: string,
    documentId: string,
    csl: CslItem,
    shortTitle: string,
  ): Promise<AddedDocument | undefined> {
    const before = await this.current(guildId);
    const current = before.own.find((document) => document.id === documentId);
    if (!current) return undefined;
    // A new object: memos keyed by the document or its CSL item must not serve the old metadata.
    const edited: AddedDocument = { ...current, csl: { ...csl, id: current.id }, shortTitle };
    const revision = await this.options.store.replace(edited);
    if (revision === undefined) return undefined;
    const own = before.own.map((document) => (document === current ? edited : document));
    await this.changed(guildId, before, revision, own, edited);
    this.emit({ kind: 'edited', guildId, document: edited });
    return edited;
  }

  async remove(guildId: string, documentId: string): Promise<AddedDocument | undefined> {
    const before = await this.current(guildId);
    const current = before.own.find((document) => document.id === documentId);
    const revision = current ? await this.options.store.remove(guildId, documentId) : undefined;
    if (!current || revision === undefined) return undefined;
    await this.changed(
      guildId,
      before,
      revision,
      before.own.filter((document) => document !== current),
    );
    this.emit({ kind: 'removed', guildId, document: current });
    return current;
  }

  /** Serves a newly loaded data directory everywhere; servers' views are rebuilt as they are next used. */
  async reloadShared(shared: Corpus): Promise<void> {
    const revision = await this.options.store.bumpShared();
    this.sharedRevision = Math.max(this.sharedRevision, revision);
    this.forgetChecks();
    this.useShared(shared);
  }

  subscribe(listener: LibraryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: LibraryChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
