import SearchableMap from 'minisearch/SearchableMap';
import type { ScoringScratch } from '../../../src/search/postings.js';

/**
 * The monolithic index as it was before segmentation (see engine.ts here): the oracle, not the index of record.
 *
 * MiniSearch's `search` scores every posting of every query term through Maps and allocates a result
 * object per matching passage; at 100,000 passages a query with a common word touches half the library and
 * spends most of its time allocating. Here the postings sit in flat typed arrays (one CSR table per field),
 * scored with MiniSearch's BM25+ formula into reused buffers, so a query allocates almost nothing however
 * many passages it touches. The term dictionary is MiniSearch's radix tree, for prefix lookups.
 * `tests/search/postings.test.ts` checks the scores against MiniSearch's on the same passages.
 */

export interface Bm25Parameters {
  k: number;
  b: number;
  d: number;
}

export interface PostingsOptions<Document> {
  fields: ReadonlyArray<keyof Document & string>;
  tokenize: (text: string) => string[];
  processTerm: (term: string) => string | null;
  bm25: Bm25Parameters;
  /** Per-field boost, 1 when absent (as MiniSearch). */
  boost?: Readonly<Record<string, number>>;
  /** The field whose term sequence is kept per document, in order, for proximity. */
  sequenceField?: keyof Document & string;
  /** Sees every token as it is indexed, so a caller can collect statistics in the same pass. */
  observe?: (field: string, token: string, term: string, documentIndex: number) => void;
}

const MAX_TERM_FREQUENCY = 0xffff;

export class PostingsIndex {
  readonly documentCount: number;
  private readonly fieldCount: number;
  private readonly termIds = new Map<string, number>();
  private readonly dictionary = new SearchableMap<number>();
  /** Per field: postings of term t are offsets[t] .. offsets[t + 1] in documents/frequencies. */
  private readonly offsets: Int32Array[] = [];
  private readonly documents: Int32Array[] = [];
  private readonly frequencies: Uint16Array[] = [];
  /** k · (1 − b + b · length / average length), per document and field: BM25's length term, precomputed. */
  private readonly lengthNorms: Float64Array;
  private readonly fieldBoosts: Float64Array;
  private readonly bm25: Bm25Parameters;
  /** The sequence field's term ids, document after document; document i is at sequenceOffsets[i] .. [i + 1]. */
  private sequenceOffsets = new Int32Array(1);
  private sequenceTerms = new Int32Array(0);

  private constructor(documentCount: number, fieldCount: number, bm25: Bm25Parameters) {
    this.documentCount = documentCount;
    this.fieldCount = fieldCount;
    this.bm25 = bm25;
    this.lengthNorms = new Float64Array(documentCount * fieldCount);
    this.fieldBoosts = new Float64Array(fieldCount);
  }

  static build<Document>(documents: readonly Document[], options: PostingsOptions<Document>): PostingsIndex {
    const { fields, tokenize, processTerm, bm25 } = options;
    const index = new PostingsIndex(documents.length, fields.length, bm25);
    fields.forEach((field, fieldIndex) => {
      index.fieldBoosts[fieldIndex] = options.boost?.[field] ?? 1;
    });
    // Postings are collected as (term, document, frequency) triples per field, then laid out by term.
    const triples = fields.map(() => ({
      terms: new GrowableInts(),
      documents: new GrowableInts(),
      counts: new GrowableInts(),
    }));
    const lengths = new Float64Array(documents.length * fields.length);
    const averages = new Float64Array(fields.length);
    const counts = new Map<number, number>();
    const sequenceOffsets = new Int32Array(documents.length + 1);
    const sequence = new GrowableInts();
    documents.forEach((document, documentIndex) => {
      fields.forEach((field, fieldIndex) => {
        const value = document[field];
        const tokens = tokenize(value == null ? '' : String(value));
        // MiniSearch's field length: distinct tokens before term processing; its average is a running mean.
        const length = new Set(tokens).size;
        lengths[documentIndex * fields.length + fieldIndex] = length;
        averages[fieldIndex] = ((averages[fieldIndex] ?? 0) * documentIndex + length) / (documentIndex + 1);
        counts.clear();
        for (const token of tokens) {
          const term = processTerm(token);
          if (!term) continue;
          options.observe?.(field, token, term, documentIndex);
          const termId = index.internTerm(term);
          counts.set(termId, (counts.get(termId) ?? 0) + 1);
          if (field === options.sequenceField) sequence.push(termId);
        }
        const bucket = triples[fieldIndex] as (typeof triples)[number];
        for (const [termId, count] of counts) {
          bucket.terms.push(termId);
          bucket.documents.push(documentIndex);
          bucket.counts.push(Math.min(count, MAX_TERM_FREQUENCY));
        }
      });
      sequenceOffsets[documentIndex + 1] = sequence.length;
    });
    index.sequenceOffsets = sequenceOffsets;
    index.sequenceTerms = sequence.toArray().slice();
    const termCount = index.termIds.size;
    fields.forEach((_field, fieldIndex) => {
      const collected = triples[fieldIndex] as (typeof triples)[number];
      const bucket = {
        terms: collected.terms.toArray(),
        documents: collected.documents.toArray(),
        counts: collected.counts.toArray(),
      };
      const offsets = new Int32Array(termCount + 1);
      for (const termId of bucket.terms) offsets[termId + 1] = (offsets[termId + 1] ?? 0) + 1;
      for (let termId = 0; termId < termCount; termId++)
        offsets[termId + 1] = (offsets[termId + 1] ?? 0) + (offsets[termId] ?? 0);
      const cursor = offsets.slice(0, termCount);
      const postingsDocuments = new Int32Array(bucket.terms.length);
      const postingsFrequencies = new Uint16Array(bucket.terms.length);
      // Triples arrive in document order, so each term's postings come out sorted by document.
      for (let entry = 0; entry < bucket.terms.length; entry++) {
        const termId = bucket.terms[entry] as number;
        const position = cursor[termId] as number;
        cursor[termId] = position + 1;
        postingsDocuments[position] = bucket.documents[entry] as number;
        postingsFrequencies[position] = bucket.counts[entry] as number;
      }
      index.offsets.push(offsets);
      index.documents.push(postingsDocuments);
      index.frequencies.push(postingsFrequencies);
      const average = averages[fieldIndex] ?? 0;
      for (let documentIndex = 0; documentIndex < documents.length; documentIndex++) {
        const slot = documentIndex * fields.length + fieldIndex;
        const relative = average > 0 ? (lengths[slot] ?? 0) / average : 0;
        index.lengthNorms[slot] = bm25.k * (1 - bm25.b + bm25.b * relative);
      }
    });
    return index;
  }

  private internTerm(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.termIds.size;
      this.termIds.set(term, termId);
      this.dictionary.set(term, termId);
    }
    return termId;
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** How many documents hold the term in field number `field` (0 for a term the index lacks). */
  documentFrequency(term: string, field = 0): number {
    const termId = this.termIds.get(term);
    if (termId === undefined) return 0;
    const offsets = this.offsets[field] as Int32Array;
    return (offsets[termId + 1] as number) - (offsets[termId] as number);
  }

  /** The documents holding the term in field number `field`, ascending (a view, not a copy). */
  documentsWith(termId: number, field = 0): Int32Array {
    const offsets = this.offsets[field] as Int32Array;
    return (this.documents[field] as Int32Array).subarray(offsets[termId] ?? 0, offsets[termId + 1] ?? 0);
  }

  /** Index terms starting with `prefix` (itself included), at most `limit` of them. */
  completions(prefix: string, limit: number): string[] {
    const found: string[] = [];
    for (const term of this.dictionary.atPrefix(prefix).keys()) {
      found.push(term);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** The sequence field's term ids for one document, in order (a view, not a copy). */
  sequence(documentIndex: number): Int32Array {
    return this.sequenceTerms.subarray(
      this.sequenceOffsets[documentIndex] ?? 0,
      this.sequenceOffsets[documentIndex + 1] ?? 0,
    );
  }

  /**
   * Adds `weight` × BM25+ of the term to every document holding it, in every field, as MiniSearch's
   * `termResults` does, and records the match under `matchKey`.
   */
  accumulate(termId: number, weight: number, matchKey: number, scratch: ScoringScratch): void {
    const { k, d } = this.bm25;
    const fieldCount = this.fieldCount;
    for (let fieldIndex = 0; fieldIndex < fieldCount; fieldIndex++) {
      const offsets = this.offsets[fieldIndex] as Int32Array;
      const start = offsets[termId] as number;
      const end = offsets[termId + 1] as number;
      if (start === end) continue;
      const matching = end - start;
      const inverse = Math.log(1 + (this.documentCount - matching + 0.5) / (matching + 0.5));
      const factor = weight * (this.fieldBoosts[fieldIndex] as number) * inverse;
      const documents = this.documents[fieldIndex] as Int32Array;
      const frequencies = this.frequencies[fieldIndex] as Uint16Array;
      const norms = this.lengthNorms;
      for (let position = start; position < end; position++) {
        const document = documents[position] as number;
        const frequency = frequencies[position] as number;
        const norm = norms[document * fieldCount + fieldIndex] as number;
        scratch.add(document, factor * (d + (frequency * (k + 1)) / (frequency + norm)), matchKey);
      }
    }
  }
}

/** An append-only list of integers in one typed array: far less memory than a number[] of millions. */
class GrowableInts {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}
