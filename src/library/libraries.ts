import type { Corpus, CslItem, LibraryDocument, Passage } from '../corpus/types.js';
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
}

export function corpusOf(documents: readonly LibraryDocument[]): Corpus {
  const documentsById = new Map(documents.map((document) => [document.id, document]));
  const passages = documents.flatMap((document) => document.passages);
  const passagesById = new Map<string, Passage>(passages.map((passage) => [passage.id, passage]));
  return {
    documents,
    passages,
    getDocument: (id) => documentsById.get(id),
    getPassage: (id) => passagesById.get(id),
  };
}

const EMPTY_CORPUS = corpusOf([]);

export class Libraries {
  private shared: Corpus;
  private sharedView: LibraryView;
  /** Per server: its readings (the same objects from change to change, so their index segments are reused) and view. */
  private readonly views: RecentMap<string, { own: readonly AddedDocument[]; view: LibraryView }>;
  private readonly listeners = new Set<LibraryListener>();

  constructor(private readonly options: LibrariesOptions) {
    this.shared = options.shared;
    this.sharedView = this.buildView(this.visibleShared());
    this.views = new RecentMap(options.cachedViews ?? 200);
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
    if (guildId === null) return this.sharedView;
    const cached = this.views.get(guildId);
    if (cached) return cached.view;
    return this.show(guildId, this.options.store.list(guildId, this.options.onUnreadable));
  }

  private show(guildId: string, own: readonly AddedDocument[]): LibraryView {
    const view =
      own.length === 0
        ? this.sharedView
        : this.buildView(corpusOf([...this.visibleShared().documents, ...own]));
    this.views.set(guildId, { own, view });
    return view;
  }

  /** The server's readings as they are served now, read from the store only when not in memory. */
  private ownReadings(guildId: string): readonly AddedDocument[] {
    this.viewFor(guildId);
    return this.views.get(guildId)?.own ?? [];
  }

  /** The readings a server added itself, in the order they were added. */
  added(guildId: string): AddedDocument[] {
    return [...this.ownReadings(guildId)];
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
    const own = this.ownReadings(guildId);
    this.options.store.add(document, original);
    this.show(guildId, [...own, document]);
    this.emit({ kind: 'added', guildId, document });
    return document;
  }

  /** Replaces a reading's metadata (its passages are unchanged). */
  edit(guildId: string, documentId: string, csl: CslItem, shortTitle: string): AddedDocument | undefined {
    const own = this.ownReadings(guildId);
    const current = own.find((document) => document.id === documentId);
    if (!current) return undefined;
    // A new object: memos keyed by the document or its CSL item must not serve the old metadata.
    const edited: AddedDocument = { ...current, csl: { ...csl, id: current.id }, shortTitle };
    this.options.store.replace(edited);
    this.show(
      guildId,
      own.map((document) => (document === current ? edited : document)),
    );
    this.emit({ kind: 'edited', guildId, document: edited });
    return edited;
  }

  remove(guildId: string, documentId: string): AddedDocument | undefined {
    const own = this.ownReadings(guildId);
    const current = own.find((document) => document.id === documentId);
    if (!current || !this.options.store.remove(guildId, documentId)) return undefined;
    this.show(
      guildId,
      own.filter((document) => document !== current),
    );
    this.emit({ kind: 'removed', guildId, document: current });
    return current;
  }

  /** Serves a newly loaded data directory everywhere; servers' views are rebuilt as they are next used. */
  reloadShared(shared: Corpus): void {
    this.shared = shared;
    this.sharedView = this.buildView(this.visibleShared());
    this.views.clear();
    this.emit({ kind: 'reloaded' });
  }

  subscribe(listener: LibraryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: LibraryChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
