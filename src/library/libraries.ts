import { corpusOf } from '../corpus/corpus.js';
import type { Corpus, CslItem } from '../corpus/types.js';
import { createSearchEngine, type SearchEngine } from '../search/index.js';
import { RecentMap } from '../search/recent.js';
import type { AddedDocument, LibraryStore, OriginalFile, UnreadableReading } from './store.js';

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
   * This process's own changes show at once either way.
   */
  revisionCheckMs?: number;
  now?: () => number;
  /** Told when `loadShared` fails; the shared library in use is kept. */
  onSharedReloadFailed?: (error: unknown) => void;
}

interface ServerEntry {
  /** The same objects from change to change, so their index segments are reused. */
  own: readonly AddedDocument[];
  /** The library revision each reading was last written at. */
  written: ReadonlyMap<string, number>;
  /** The server's library revision this entry shows. */
  revision: number;
  view: LibraryView;
}

const EMPTY_CORPUS = corpusOf([]);

export class Libraries {
  private shared: Corpus;
  private sharedView: LibraryView;
  private readonly views: RecentMap<string, ServerEntry>;
  private sharedRevision: number;
  private readonly listeners = new Set<LibraryListener>();

  constructor(private readonly options: LibrariesOptions) {
    this.shared = options.shared;
    this.sharedView = this.buildView(this.visibleShared());
    this.views = new RecentMap(options.cachedViews ?? 200);
    this.sharedRevision = options.store.revisions('').shared;
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
  viewFor(guildId: string | null): LibraryView {
    const revisions = this.revisionsOf(guildId ?? '');
    if (revisions.shared !== this.sharedRevision) this.followSharedReload(revisions.shared);
    if (guildId === null) return this.sharedView;
    const cached = this.views.get(guildId);
    if (cached && cached.revision === revisions.guild) return cached.view;
    return this.refresh(guildId, revisions.guild, cached).view;
  }

  private readonly checked = new RecentMap<string, { at: number; guild: number; shared: number }>(1000);

  /** Whether this process's copy is current, since other processes may share the database: one indexed read. */
  private revisionsOf(scope: string): { guild: number; shared: number } {
    const now = (this.options.now ?? Date.now)();
    const known = this.checked.get(scope);
    if (known && now - known.at < (this.options.revisionCheckMs ?? 250)) return known;
    const revisions = this.options.store.revisions(scope);
    this.checked.set(scope, { at: now, ...revisions });
    return revisions;
  }

  /** Reads what changed since `cached` (everything when nothing is cached); unchanged readings keep their objects. */
  private refresh(guildId: string, revision: number, cached: ServerEntry | undefined): ServerEntry {
    const kept = new Map(cached?.own.map((document) => [document.id, document]));
    const own: AddedDocument[] = [];
    const written = new Map<string, number>();
    for (const entry of this.options.store.catalog(guildId)) {
      const current =
        cached?.written.get(entry.documentId) === entry.revision ? kept.get(entry.documentId) : undefined;
      const document =
        current ?? this.options.store.get(guildId, entry.documentId, this.options.onUnreadable);
      if (!document) continue;
      own.push(document);
      written.set(document.id, entry.revision);
    }
    return this.show(guildId, own, written, revision);
  }

  private show(
    guildId: string,
    own: readonly AddedDocument[],
    written: ReadonlyMap<string, number>,
    revision: number,
  ): ServerEntry {
    const view = own.length === 0 ? this.sharedView : this.buildView(this.layered(guildId, own));
    const entry = { own, written, revision, view };
    this.views.set(guildId, entry);
    const known = this.checked.get(guildId);
    if (known) this.checked.set(guildId, { ...known, guild: revision });
    return entry;
  }

  /** The server's entry as it is served now, read from the store only when not current. */
  private current(guildId: string): ServerEntry {
    this.viewFor(guildId);
    const entry = this.views.get(guildId);
    if (!entry) throw new Error('a server view was just built');
    return entry;
  }

  /**
   * Shows the server's library after this process changed it at `revision`. When another process changed it
   * in between (the revision skipped one), the whole catalogue is read again rather than guessed.
   */
  private changed(
    guildId: string,
    before: ServerEntry,
    revision: number,
    own: readonly AddedDocument[],
    touched?: AddedDocument,
  ): void {
    if (revision !== before.revision + 1) {
      this.refresh(guildId, revision, before);
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
  added(guildId: string): AddedDocument[] {
    return [...this.current(guildId).own];
  }

  /** The server's reading with these bytes, if it has one. */
  duplicateOf(guildId: string, sha256: string): AddedDocument | undefined {
    const id = this.options.store.findBySha256(guildId, sha256);
    return id === undefined ? undefined : this.added(guildId).find((document) => document.id === id);
  }

  /** Ids the server's view already uses, so a new reading's id is unique in it. */
  takenIds(guildId: string): Set<string> {
    return new Set(this.viewFor(guildId).corpus.documents.map((document) => document.id));
  }

  /** Stores the reading with its file, then shows it in the server's view at once. */
  add(document: AddedDocument, original: OriginalFile): AddedDocument {
    const guildId = document.origin.guildId;
    if (this.takenIds(guildId).has(document.id)) {
      throw new Error(`document id ${document.id} is already used in this server's library`);
    }
    const before = this.current(guildId);
    const revision = this.options.store.add(document, original);
    this.changed(guildId, before, revision, [...before.own, document], document);
    this.emit({ kind: 'added', guildId, document });
    return document;
  }

  /** Replaces a reading's metadata (its passages are unchanged). */
  edit(guildId: string, documentId: string, csl: CslItem, shortTitle: string): AddedDocument | undefined {
    const before = this.current(guildId);
    const current = before.own.find((document) => document.id === documentId);
    if (!current) return undefined;
    // A new object: memos keyed by the document or its CSL item must not serve the old metadata.
    const edited: AddedDocument = { ...current, csl: { ...csl, id: current.id }, shortTitle };
    const revision = this.options.store.replace(edited);
    if (revision === undefined) return undefined;
    const own = before.own.map((document) => (document === current ? edited : document));
    this.changed(guildId, before, revision, own, edited);
    this.emit({ kind: 'edited', guildId, document: edited });
    return edited;
  }

  remove(guildId: string, documentId: string): AddedDocument | undefined {
    const before = this.current(guildId);
    const current = before.own.find((document) => document.id === documentId);
    const revision = current ? this.options.store.remove(guildId, documentId) : undefined;
    if (!current || revision === undefined) return undefined;
    this.changed(
      guildId,
      before,
      revision,
      before.own.filter((document) => document !== current),
    );
    this.emit({ kind: 'removed', guildId, document: current });
    return current;
  }

  /** Serves a newly loaded data directory everywhere; servers' views are rebuilt as they are next used. */
  reloadShared(shared: Corpus): void {
    this.sharedRevision = this.options.store.bumpShared();
    this.checked.clear();
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
