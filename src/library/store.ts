import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { cslItemSchema, nonEmptyText } from '../corpus/schema.js';
import type { DocumentOrigin, LibraryDocument } from '../corpus/types.js';
import type { Database } from '../state/db.js';

/**
 * The readings servers added, in the database: one row per reading with its extracted document as JSON,
 * and the original file beside it. A reading is written and removed in one transaction, so the library a
 * server sees after a crash is one it saw before.
 */

const FORMATS = ['pdf', 'docx', 'epub', 'html', 'markdown', 'text'] as const;
const PASSAGE_KINDS = ['paragraph', 'abstract', 'keywords', 'reference'] as const;

const locatorSchema = z.union([
  z.strictObject({
    label: z.enum(['paragraph', 'page', 'section', 'chapter', 'line', 'note']),
    value: z.string(),
  }),
  z.strictObject({ literal: z.string() }),
]);

const passageSchema = z.strictObject({
  id: z.string().min(1),
  documentId: z.string().min(1),
  kind: z.enum(PASSAGE_KINDS),
  ordinal: z.number().int().min(1),
  locator: z.string().min(1),
  text: z.string(),
  sentences: z.array(z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) })),
  cslLocator: locatorSchema.optional(),
  section: z.string().optional(),
  page: z.number().int().min(1).optional(),
  chapter: z.number().int().min(1).optional(),
});

const referenceSchema = z.strictObject({
  number: z.number().int().min(1),
  raw: z.string(),
  kind: z.enum([
    'journal-article',
    'book',
    'edited-volume',
    'chapter',
    'newspaper',
    'magazine',
    'testimony',
    'conference-paper',
    'web-page',
    'report',
  ]),
  // A cited work holds only what its printed entry states, which may be no title at all.
  csl: cslItemSchema.extend({ id: z.string(), title: z.string().optional() }),
  problems: z.array(z.string()),
});

const originSchema = z.strictObject({
  guildId: z.string().min(1),
  format: z.enum(FORMATS),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  filename: z.string().optional(),
  sourceUrl: z.string().optional(),
  addedBy: z.string().min(1),
  addedAt: z.number().int(),
  pages: z.number().int().min(1).optional(),
});

/** What a stored reading must be to be served; a row that is not is reported, never half-served. */
export const storedDocumentSchema = z.strictObject({
  id: z.string().min(1),
  file: z.string(),
  shortTitle: nonEmptyText,
  csl: cslItemSchema.extend({ id: z.string().min(1) }),
  fullText: z.boolean(),
  coverageNote: z.string().optional(),
  disclaimer: z.string().optional(),
  authorNote: z.string().optional(),
  keywords: z.array(z.string()),
  passages: z.array(passageSchema),
  references: z.array(referenceSchema),
  origin: originSchema,
});

export interface OriginalFile {
  bytes: Uint8Array;
  filename?: string;
  contentType?: string;
}

/** A second copy of a reading the server already has. */
export class DuplicateReadingError extends Error {
  override name = 'DuplicateReadingError';
  constructor(readonly existingId: string) {
    super(`the same file is already in the library as ${existingId}`);
  }
}

/** A stored row that failed validation: named so the operator can find it; the rest of the library is served. */
export interface UnreadableReading {
  guildId: string;
  documentId: string;
  problems: string[];
}

interface DocumentRow {
  guild_id: string;
  document_id: string;
  document_json: string;
}

export type AddedDocument = LibraryDocument & { origin: DocumentOrigin };

/** The revision scope of the shared data-directory library; a server's scope is its id. */
export const SHARED_SCOPE = '';

/** A reading as the catalogue lists it: enough to tell whether a copy in memory is current. */
export interface CatalogEntry {
  documentId: string;
  revision: number;
}

export class LibraryStore {
  private revisionRead: Statement<[string, string], { scope: string; revision: number }> | undefined;

  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores a reading and its original file together. Throws DuplicateReadingError when the server already
   * holds the same bytes, and leaves the database as it was.
   */
  add(document: AddedDocument, original: OriginalFile): number {
    const { guildId, sha256 } = document.origin;
    const parsed = storedDocumentSchema.safeParse(document);
    if (!parsed.success) throw new Error(`refusing to store an invalid document: ${parsed.error.message}`);
    const write = this.db.transaction(() => {
      const existing = this.findBySha256(guildId, sha256);
      if (existing) throw new DuplicateReadingError(existing);
      const at = this.now();
      const revision = this.bump(guildId);
      this.db
        .prepare(
          `INSERT INTO library_documents (guild_id, document_id, sha256, format, document_json, added_by, added_at, updated_at, revision)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          guildId,
          document.id,
          sha256,
          document.origin.format,
          JSON.stringify(document),
          document.origin.addedBy,
          document.origin.addedAt,
          at,
          revision,
        );
      this.db
        .prepare(
          'INSERT INTO library_files (guild_id, document_id, filename, content_type, bytes) VALUES (?, ?, ?, ?, ?)',
        )
        .run(
          guildId,
          document.id,
          original.filename ?? null,
          original.contentType ?? null,
          Buffer.from(original.bytes.buffer, original.bytes.byteOffset, original.bytes.byteLength),
        );
      return revision;
    });
    return write.immediate();
  }

  /** The next revision of a scope, inside the caller's transaction. */
  private bump(scope: string): number {
    const row = this.db
      .prepare<[string], { revision: number }>(
        `INSERT INTO library_revisions (scope, revision) VALUES (?, 1)
         ON CONFLICT (scope) DO UPDATE SET revision = revision + 1 RETURNING revision`,
      )
      .get(scope);
    return row?.revision ?? 1;
  }

  /** Records that the shared data directory was reloaded, so other processes reload it too. */
  bumpShared(): number {
    return this.db.transaction(() => this.bump(SHARED_SCOPE)).immediate();
  }

  /** The current revisions of a server's library and of the shared one (0 before any change). */
  revisions(guildId: string): { guild: number; shared: number } {
    this.revisionRead ??= this.db.prepare<[string, string], { scope: string; revision: number }>(
      'SELECT scope, revision FROM library_revisions WHERE scope IN (?, ?)',
    );
    let guild = 0;
    let shared = 0;
    for (const row of this.revisionRead.all(guildId, SHARED_SCOPE)) {
      if (row.scope === SHARED_SCOPE) shared = row.revision;
      else guild = row.revision;
    }
    return { guild, shared };
  }

  /** A server's readings in the order they were added, without their documents. */
  catalog(guildId: string): CatalogEntry[] {
    return this.db
      .prepare<[string], { document_id: string; revision: number }>(
        'SELECT document_id, revision FROM library_documents WHERE guild_id = ? ORDER BY added_at, document_id',
      )
      .all(guildId)
      .map((row) => ({ documentId: row.document_id, revision: row.revision }));
  }

  /** One reading, or undefined when there is none or its row fails validation (reported to `unreadable`). */
  get(
    guildId: string,
    documentId: string,
    unreadable: (problem: UnreadableReading) => void = () => {},
  ): AddedDocument | undefined {
    const row = this.db
      .prepare<[string, string], DocumentRow>(
        'SELECT guild_id, document_id, document_json FROM library_documents WHERE guild_id = ? AND document_id = ?',
      )
      .get(guildId, documentId);
    return row ? readRow(row, unreadable) : undefined;
  }

  /** The id of the server's reading with these bytes, if it has one. */
  findBySha256(guildId: string, sha256: string): string | undefined {
    const row = this.db
      .prepare<[string, string], { document_id: string }>(
        'SELECT document_id FROM library_documents WHERE guild_id = ? AND sha256 = ?',
      )
      .get(guildId, sha256);
    return row?.document_id;
  }

  /** Replaces a reading's document (after an edit of its metadata): the new revision, or undefined when there is no such reading. */
  replace(document: AddedDocument): number | undefined {
    const parsed = storedDocumentSchema.safeParse(document);
    if (!parsed.success) throw new Error(`refusing to store an invalid document: ${parsed.error.message}`);
    const guildId = document.origin.guildId;
    return this.changeExisting(guildId, (revision) =>
      this.db
        .prepare(
          'UPDATE library_documents SET document_json = ?, updated_at = ?, revision = ? WHERE guild_id = ? AND document_id = ?',
        )
        .run(JSON.stringify(document), this.now(), revision, guildId, document.id),
    );
  }

  /** Removes a reading and its file: the new revision, or undefined when there was none. */
  remove(guildId: string, documentId: string): number | undefined {
    return this.changeExisting(guildId, () =>
      this.db
        .prepare('DELETE FROM library_documents WHERE guild_id = ? AND document_id = ?')
        .run(guildId, documentId),
    );
  }

  /**
   * Runs a change to one existing reading under the server's next revision, in one transaction: the new
   * revision, or undefined (and no revision spent) when the change found no such reading.
   */
  private changeExisting(
    guildId: string,
    change: (revision: number) => { changes: number },
  ): number | undefined {
    try {
      return this.db
        .transaction(() => {
          const revision = this.bump(guildId);
          if (change(revision).changes === 0) throw new NothingChanged();
          return revision;
        })
        .immediate();
    } catch (error) {
      if (error instanceof NothingChanged) return undefined;
      throw error;
    }
  }

  original(guildId: string, documentId: string): OriginalFile | undefined {
    const row = this.db
      .prepare<[string, string], { filename: string | null; content_type: string | null; bytes: Buffer }>(
        'SELECT filename, content_type, bytes FROM library_files WHERE guild_id = ? AND document_id = ?',
      )
      .get(guildId, documentId);
    if (!row) return undefined;
    return {
      bytes: new Uint8Array(row.bytes),
      ...(row.filename === null ? {} : { filename: row.filename }),
      ...(row.content_type === null ? {} : { contentType: row.content_type }),
    };
  }

  /** A server's readings in the order they were added; rows that fail validation go to `unreadable`. */
  list(guildId: string, unreadable: (problem: UnreadableReading) => void = () => {}): AddedDocument[] {
    const rows = this.db
      .prepare<[string], DocumentRow>(
        'SELECT guild_id, document_id, document_json FROM library_documents WHERE guild_id = ? ORDER BY added_at, document_id',
      )
      .all(guildId);
    const documents: AddedDocument[] = [];
    for (const row of rows) {
      const document = readRow(row, unreadable);
      if (document) documents.push(document);
    }
    return documents;
  }
}

/** Rolls back a revision bump when the change it was for found nothing to change. */
class NothingChanged extends Error {}

function readRow(
  row: DocumentRow,
  unreadable: (problem: UnreadableReading) => void,
): AddedDocument | undefined {
  let json: unknown;
  try {
    json = JSON.parse(row.document_json);
  } catch (error) {
    unreadable({ guildId: row.guild_id, documentId: row.document_id, problems: [String(error)] });
    return undefined;
  }
  const parsed = storedDocumentSchema.safeParse(json);
  if (!parsed.success) {
    unreadable({
      guildId: row.guild_id,
      documentId: row.document_id,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
    return undefined;
  }
  return parsed.data;
}
