import { z } from 'zod';
import { cslItemSchema, nonEmptyText } from '../corpus/schema.js';
import type { DocumentOrigin, LibraryDocument } from '../corpus/types.js';
import { SqlConstraintError, type SqlDatabase, type SqlQueries } from '../state/sql.js';

/**
 * The readings servers added, in the database: one row per reading with its extracted document as JSON,
 * and the original file beside it. A reading is written and removed in one transaction, so the library a
 * server sees after a crash is one it saw before. The same transaction bumps the server's revision and, on
 * Postgres, notifies the other hosts at its commit, so each keeps its own index current.
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

/** The notification channel of library changes; the payload is the scope that changed. */
const LIBRARY_CHANNEL = 'library';

export class LibraryStore {
  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores a reading and its original file together. Throws DuplicateReadingError when the server already
   * holds the same bytes, and leaves the database as it was.
   */
  async add(document: AddedDocument, original: OriginalFile): Promise<number> {
    const { guildId, sha256 } = document.origin;
    const parsed = storedDocumentSchema.safeParse(document);
    if (!parsed.success) throw new Error(`refusing to store an invalid document: ${parsed.error.message}`);
    try {
      return await this.db.transaction(async (tx) => {
        const existing = await findBySha256(tx, guildId, sha256);
        if (existing) throw new DuplicateReadingError(existing);
        const at = this.now();
        const revision = await bump(tx, guildId);
        await tx.run(
          `INSERT INTO library_documents (guild_id, document_id, sha256, format, document_json, added_by, added_at, updated_at, revision)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            guildId,
            document.id,
            sha256,
            document.origin.format,
            JSON.stringify(document),
            document.origin.addedBy,
            document.origin.addedAt,
            at,
            revision,
          ],
        );
        await tx.run(
          'INSERT INTO library_files (guild_id, document_id, filename, content_type, bytes) VALUES (?, ?, ?, ?, ?)',
          [
            guildId,
            document.id,
            original.filename ?? null,
            original.contentType ?? null,
            Buffer.from(original.bytes.buffer, original.bytes.byteOffset, original.bytes.byteLength),
          ],
        );
        await this.db.notify(LIBRARY_CHANNEL, guildId, tx);
        return revision;
      });
    } catch (error) {
      // The check above runs under the write lock, so this is a writer that did not take it; same answer.
      if (error instanceof SqlConstraintError && error.kind === 'unique') {
        const existing = await this.findBySha256(guildId, sha256);
        if (existing) throw new DuplicateReadingError(existing);
      }
      throw error;
    }
  }

  /** Records that the shared data directory was reloaded, so other processes reload it too. */
  async bumpShared(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const revision = await bump(tx, SHARED_SCOPE);
      await this.db.notify(LIBRARY_CHANNEL, SHARED_SCOPE, tx);
      return revision;
    });
  }

  /** The current revisions of a server's library and of the shared one (0 before any change). */
  async revisions(guildId: string): Promise<{ guild: number; shared: number }> {
    const rows = await this.db.all<{ scope: string; revision: number }>(
      'SELECT scope, revision FROM library_revisions WHERE scope IN (?, ?)',
      [guildId, SHARED_SCOPE],
    );
    let guild = 0;
    let shared = 0;
    for (const row of rows) {
      if (row.scope === SHARED_SCOPE) shared = row.revision;
      else guild = row.revision;
    }
    return { guild, shared };
  }

  /**
   * Calls `onChange` with the scope (a server's id, or SHARED_SCOPE) of each change another host commits,
   * and `onGap` when some may have been missed. Nothing is ever called on SQLite, whose processes poll
   * `revisions` instead. Resolves to the function that stops listening.
   */
  listen(onChange: (scope: string) => void, onGap: () => void): Promise<() => Promise<void>> {
    return this.db.listen(LIBRARY_CHANNEL, onChange, onGap);
  }

  /** A server's readings in the order they were added, without their documents. */
  async catalog(guildId: string): Promise<CatalogEntry[]> {
    const rows = await this.db.all<{ document_id: string; revision: number }>(
      'SELECT document_id, revision FROM library_documents WHERE guild_id = ? ORDER BY added_at, document_id',
      [guildId],
    );
    return rows.map((row) => ({ documentId: row.document_id, revision: row.revision }));
  }

  /** One reading, or undefined when there is none or its row fails validation (reported to `unreadable`). */
  async get(
    guildId: string,
    documentId: string,
    unreadable: (problem: UnreadableReading) => void = () => {},
  ): Promise<AddedDocument | undefined> {
    const row = await this.db.get<DocumentRow>(
      'SELECT guild_id, document_id, document_json FROM library_documents WHERE guild_id = ? AND document_id = ?',
      [guildId, documentId],
    );
    return row ? readRow(row, unreadable) : undefined;
  }

  /** The id of the server's reading with these bytes, if it has one. */
  findBySha256(guildId: string, sha256: string): Promise<string | undefined> {
    return findBySha256(this.db, guildId, sha256);
  }

  /** Replaces a reading's document (after an edit of its metadata): the new revision, or undefined when there is no such reading. */
  async replace(document: AddedDocument): Promise<number | undefined> {
    const parsed = storedDocumentSchema.safeParse(document);
    if (!parsed.success) throw new Error(`refusing to store an invalid document: ${parsed.error.message}`);
    const guildId = document.origin.guildId;
    return this.changeExisting(guildId, (tx, revision) =>
      tx.run(
        'UPDATE library_documents SET document_json = ?, updated_at = ?, revision = ? WHERE guild_id = ? AND document_id = ?',
        [JSON.stringify(document), this.now(), revision, guildId, document.id],
      ),
    );
  }

  /** Removes a reading and its file: the new revision, or undefined when there was none. */
  async remove(guildId: string, documentId: string): Promise<number | undefined> {
    return this.changeExisting(guildId, (tx) =>
      tx.run('DELETE FROM library_documents WHERE guild_id = ? AND document_id = ?', [guildId, documentId]),
    );
  }

  /**
   * Runs a change to one existing reading under the server's next revision, in one transaction: the new
   * revision, or undefined (and no revision spent) when the change found no such reading.
   */
  private async changeExisting(
    guildId: string,
    change: (tx: SqlQueries, revision: number) => Promise<{ changes: number }>,
  ): Promise<number | undefined> {
    try {
      return await this.db.transaction(async (tx) => {
        const revision = await bump(tx, guildId);
        if ((await change(tx, revision)).changes === 0) throw new NothingChanged();
        await this.db.notify(LIBRARY_CHANNEL, guildId, tx);
        return revision;
      });
    } catch (error) {
      if (error instanceof NothingChanged) return undefined;
      throw error;
    }
  }

  async original(guildId: string, documentId: string): Promise<OriginalFile | undefined> {
    const row = await this.db.get<{ filename: string | null; content_type: string | null; bytes: Buffer }>(
      'SELECT filename, content_type, bytes FROM library_files WHERE guild_id = ? AND document_id = ?',
      [guildId, documentId],
    );
    if (!row) return undefined;
    return {
      bytes: new Uint8Array(row.bytes),
      ...(row.filename === null ? {} : { filename: row.filename }),
      ...(row.content_type === null ? {} : { contentType: row.content_type }),
    };
  }

  /** A server's readings in the order they were added; rows that fail validation go to `unreadable`. */
  async list(
    guildId: string,
    unreadable: (problem: UnreadableReading) => void = () => {},
  ): Promise<AddedDocument[]> {
    const rows = await this.db.all<DocumentRow>(
      'SELECT guild_id, document_id, document_json FROM library_documents WHERE guild_id = ? ORDER BY added_at, document_id',
      [guildId],
    );
    const documents: AddedDocument[] = [];
    for (const row of rows) {
      const document = readRow(row, unreadable);
      if (document) documents.push(document);
    }
    return documents;
  }
}

/** The next revision of a scope, inside the caller's transaction. */
async function bump(tx: SqlQueries, scope: string): Promise<number> {
  const row = await tx.get<{ revision: number }>(
    `INSERT INTO library_revisions (scope, revision) VALUES (?, 1)
     ON CONFLICT (scope) DO UPDATE SET revision = library_revisions.revision + 1 RETURNING revision`,
    [scope],
  );
  return row?.revision ?? 1;
}

async function findBySha256(q: SqlQueries, guildId: string, sha256: string): Promise<string | undefined> {
  const row = await q.get<{ document_id: string }>(
    'SELECT document_id FROM library_documents WHERE guild_id = ? AND sha256 = ?',
    [guildId, sha256],
  );
  return row?.document_id;
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
