import SearchableMap from 'minisearch/SearchableMap';

/**
 * The index of record, in two layers. A `PostingsIndex` holds one library document's passages (a segment):
 * its own term dictionary, postings, raw field lengths and term sequences. It is built once per document and
 * shared by every view holding that document. A `ComposedIndex` lays a view's segments end to end (global
 * passage number = the segment's offset + its local number) over a merged dictionary, and scores with the
 * view-wide statistics (passage count, document frequencies, average field lengths), so a score is the one
 * an index built over all the view's passages at once would give. Composing reads each segment's dictionary,
 * never its text: a view that gains a document tokenizes that document alone.
 *
 * MiniSearch's `search` scores every posting of every query term through Maps and allocates a result
 * object per matching passage; at 100,000 passages a query with a common word touches half the library and
 * spends most of its time allocating. Here the postings sit in flat typed arrays (one CSR table per field),
 * scored with MiniSearch's BM25+ formula into reused buffers, so a query allocates almost nothing however
 * many passages it touches. The merged dictionary is MiniSearch's radix tree, for prefix lookups.
 * `tests/search/postings.test.ts` checks the composed scores against MiniSearch's over the same passages.
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
  /** The field whose term sequence is kept per document, in order, for proximity. */
  sequenceField?: keyof Document & string;
}

export interface ScoringOptions {
  fields: readonly string[];
  bm25: Bm25Parameters;
  /** Per-field boost, 1 when absent (as MiniSearch). */
  boost?: Readonly<Record<string, number>>;
}

const MAX_TERM_FREQUENCY = 0xffff;

/** One segment's postings: local passage numbers from 0, local term ids in order of first use. */
export class PostingsIndex {
  readonly documentCount: number;
  readonly fieldCount: number;
  /** The terms by local id, in the order the segment first used them. */
  readonly terms: string[] = [];
  private readonly termIds = new Map<string, number>();
  /** Per field: postings of term t are offsets[t] .. offsets[t + 1] in documents/frequencies. */
  readonly offsets: Int32Array[] = [];
  readonly documents: Int32Array[] = [];
  readonly frequencies: Uint16Array[] = [];
  /**
   * Per document and field, MiniSearch's field length (distinct tokens before term processing), raw: the
   * average it is normalised by belongs to the view, not the segment.
   */
  readonly lengths: Int32Array;
  /** The sum of `lengths` per field, so a view's average costs one addition per segment. */
  readonly lengthTotals: Float64Array;
  /** The sequence field's term ids, document after document; document i is at sequenceOffsets[i] .. [i + 1]. */
  private sequenceOffsets = new Int32Array(1);
  private sequenceTerms = new Int32Array(0);

  private constructor(documentCount: number, fieldCount: number) {
    this.documentCount = documentCount;
    this.fieldCount = fieldCount;
    this.lengths = new Int32Array(documentCount * fieldCount);
    this.lengthTotals = new Float64Array(fieldCount);
  }

  static build<Document>(documents: readonly Document[], options: PostingsOptions<Document>): PostingsIndex {
    const { fields, tokenize, processTerm } = options;
    const index = new PostingsIndex(documents.length, fields.length);
    // Postings are collected as (term, document, frequency) triples per field, then laid out by term.
    const triples = fields.map(() => ({
      terms: new GrowableInts(),
      documents: new GrowableInts(),
      counts: new GrowableInts(),
    }));
    const counts = new Map<number, number>();
    const sequenceOffsets = new Int32Array(documents.length + 1);
    const sequence = new GrowableInts();
    documents.forEach((document, documentIndex) => {
      fields.forEach((field, fieldIndex) => {
        const value = document[field];
        const tokens = tokenize(value == null ? '' : String(value));
        const length = new Set(tokens).size;
        index.lengths[documentIndex * fields.length + fieldIndex] = length;
        index.lengthTotals[fieldIndex] = (index.lengthTotals[fieldIndex] as number) + length;
        counts.clear();
        for (const token of tokens) {
          const term = processTerm(token);
          if (!term) continue;
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
    const termCount = index.terms.length;
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
    });
    return index;
  }

  private internTerm(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.terms.length;
      this.termIds.set(term, termId);
      this.terms.push(term);
    }
    return termId;
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** The sequence field's local term ids for one document, in order (a view, not a copy). */
  sequence(documentIndex: number): Int32Array {
    return this.sequenceTerms.subarray(
      this.sequenceOffsets[documentIndex] ?? 0,
      this.sequenceOffsets[documentIndex + 1] ?? 0,
    );
  }

  toJSON(): SerializedPostings {
    return {
      documentCount: this.documentCount,
      fieldCount: this.fieldCount,
      terms: this.terms,
      offsets: this.offsets.map(encode),
      documents: this.documents.map(encode),
      frequencies: this.frequencies.map(encode),
      lengths: encode(this.lengths),
      sequenceOffsets: encode(this.sequenceOffsets),
      sequenceTerms: encode(this.sequenceTerms),
    };
  }

  static fromJSON(json: SerializedPostings): PostingsIndex {
    const index = new PostingsIndex(json.documentCount, json.fieldCount);
    for (const term of json.terms) index.internTerm(term);
    index.offsets.push(...json.offsets.map((data) => decode(data, Int32Array)));
    index.documents.push(...json.documents.map((data) => decode(data, Int32Array)));
    index.frequencies.push(...json.frequencies.map((data) => decode(data, Uint16Array)));
    index.lengths.set(decode(json.lengths, Int32Array));
    for (let document = 0; document < index.documentCount; document++)
      for (let field = 0; field < index.fieldCount; field++)
        index.lengthTotals[field] =
          (index.lengthTotals[field] as number) +
          (index.lengths[document * index.fieldCount + field] as number);
    index.sequenceOffsets = decode(json.sequenceOffsets, Int32Array);
    index.sequenceTerms = decode(json.sequenceTerms, Int32Array);
    return index;
  }
}

/**
 * A view's index: its segments end to end, in corpus order. Built from the segments' dictionaries alone
 * (work in proportion to the view's vocabulary), then read like one index over every passage.
 */
export class ComposedIndex {
  readonly documentCount: number;
  private readonly fieldCount: number;
  private readonly segments: readonly PostingsIndex[];
  /** Passage offset of each segment; segment s holds global passages segmentStart[s] .. [s + 1]. */
  private readonly segmentStart: Int32Array;
  /** The merged dictionary: global term ids in order of first use across the view, as one index assigns them. */
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private dictionary: SearchableMap<number> | undefined;
  /** Where each global term occurs: occurrences t are occurrenceStart[t] .. [t + 1], as (segment, local id). */
  private readonly occurrenceStart: Int32Array;
  private readonly occurrenceSegment: Int32Array;
  private readonly occurrenceLocal: Int32Array;
  /** Per global term and field, how many passages of the view hold it. */
  private readonly frequency: Int32Array;
  private readonly averageLengths: Float64Array;
  private readonly fieldBoosts: Float64Array;
  private readonly bm25: Bm25Parameters;

  private constructor(segments: readonly PostingsIndex[], options: ScoringOptions) {
    const fieldCount = options.fields.length;
    this.fieldCount = fieldCount;
    this.segments = segments;
    this.bm25 = options.bm25;
    this.fieldBoosts = Float64Array.from(options.fields, (field) => options.boost?.[field] ?? 1);
    this.segmentStart = new Int32Array(segments.length + 1);
    const totals = new Float64Array(fieldCount);
    segments.forEach((segment, index) => {
      if (segment.fieldCount !== fieldCount) throw new Error('a segment indexes other fields than the view');
      this.segmentStart[index + 1] = (this.segmentStart[index] as number) + segment.documentCount;
      for (let field = 0; field < fieldCount; field++)
        totals[field] = (totals[field] as number) + (segment.lengthTotals[field] as number);
    });
    this.documentCount = this.segmentStart[segments.length] as number;
    this.averageLengths = totals.map((total) => (this.documentCount > 0 ? total / this.documentCount : 0));
    // A term first used in segment s comes after every term of earlier segments and, within s, in s's own
    // order of first use: exactly the order one index over all the passages would have given it.
    let occurrenceCount = 0;
    // Per segment, its local term ids' global ids.
    const globalIds = segments.map((segment) => {
      occurrenceCount += segment.terms.length;
      return Int32Array.from(segment.terms, (term) => {
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.terms.length;
          this.termIds.set(term, id);
          this.terms.push(term);
        }
        return id;
      });
    });
    const termCount = this.terms.length;
    this.occurrenceStart = new Int32Array(termCount + 1);
    for (const ids of globalIds)
      for (const id of ids) this.occurrenceStart[id + 1] = (this.occurrenceStart[id + 1] as number) + 1;
    for (let id = 0; id < termCount; id++)
      this.occurrenceStart[id + 1] =
        (this.occurrenceStart[id + 1] as number) + (this.occurrenceStart[id] as number);
    this.occurrenceSegment = new Int32Array(occurrenceCount);
    this.occurrenceLocal = new Int32Array(occurrenceCount);
    this.frequency = new Int32Array(termCount * fieldCount);
    const cursor = this.occurrenceStart.slice(0, termCount);
    // Segments in order, so each term's occurrences, and so its postings, come out in passage order.
    globalIds.forEach((ids, segmentIndex) => {
      const segment = segments[segmentIndex] as PostingsIndex;
      for (let local = 0; local < ids.length; local++) {
        const id = ids[local] as number;
        const position = cursor[id] as number;
        cursor[id] = position + 1;
        this.occurrenceSegment[position] = segmentIndex;
        this.occurrenceLocal[position] = local;
        for (let field = 0; field < fieldCount; field++) {
          const offsets = segment.offsets[field] as Int32Array;
          this.frequency[id * fieldCount + field] =
            (this.frequency[id * fieldCount + field] as number) +
            (offsets[local + 1] as number) -
            (offsets[local] as number);
        }
      }
    });
  }

  static compose(segments: readonly PostingsIndex[], options: ScoringOptions): ComposedIndex {
    return new ComposedIndex(segments, options);
  }

  termId(term: string): number | undefined {
    return this.termIds.get(term);
  }

  /** How many passages hold the term in field number `field` (0 for a term the index lacks). */
  documentFrequency(term: string, field = 0): number {
    const termId = this.termIds.get(term);
    if (termId === undefined) return 0;
    return this.frequency[termId * this.fieldCount + field] as number;
  }

  /** The passages holding the term in field number `field`, ascending (a copy). */
  documentsWith(termId: number, field = 0): Int32Array {
    const found = new Int32Array(this.frequency[termId * this.fieldCount + field] ?? 0);
    let length = 0;
    for (
      let occurrence = this.occurrenceStart[termId] ?? 0;
      occurrence < (this.occurrenceStart[termId + 1] ?? 0);
      occurrence++
    ) {
      const segmentIndex = this.occurrenceSegment[occurrence] as number;
      const segment = this.segments[segmentIndex] as PostingsIndex;
      const local = this.occurrenceLocal[occurrence] as number;
      const offsets = segment.offsets[field] as Int32Array;
      const base = this.segmentStart[segmentIndex] as number;
      const documents = segment.documents[field] as Int32Array;
      for (let position = offsets[local] as number; position < (offsets[local + 1] as number); position++)
        found[length++] = base + (documents[position] as number);
    }
    return found;
  }

  /** Index terms starting with `prefix` (itself included), at most `limit` of them. */
  completions(prefix: string, limit: number): string[] {
    // Built on first use: most views answer many searches before anyone half-types a word.
    if (!this.dictionary) {
      const dictionary = new SearchableMap<number>();
      this.terms.forEach((term, id) => {
        dictionary.set(term, id);
      });
      this.dictionary = dictionary;
    }
    const found: string[] = [];
    for (const term of this.dictionary.atPrefix(prefix).keys()) {
      found.push(term);
      if (found.length >= limit) break;
    }
    return found;
  }

  /**
   * The sequence field's term ids for one passage, in order (a view, not a copy). They are the ids of the
   * passage's own segment, comparable only with `sequenceTermId` of the same passage: translating them to
   * the view's ids would cost a copy per candidate per query.
   */
  sequence(document: number): Int32Array {
    const segmentIndex = this.segmentOf(document);
    return (this.segments[segmentIndex] as PostingsIndex).sequence(
      document - (this.segmentStart[segmentIndex] as number),
    );
  }

  /** A term's id in the space of `sequence(document)`; undefined when that passage's segment lacks it. */
  sequenceTermId(document: number, term: string): number | undefined {
    return (this.segments[this.segmentOf(document)] as PostingsIndex).termId(term);
  }

  /** The segment holding a passage: the last whose offset is at most its number (empty segments skipped). */
  private segmentOf(document: number): number {
    let low = 0;
    let high = this.segments.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.segmentStart[middle + 1] as number) <= document) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Adds `weight` × BM25+ of the term to every passage holding it, in every field, as MiniSearch's
   * `termResults` does, and records the match under `matchKey`.
   */
  accumulate(termId: number, weight: number, matchKey: number, scratch: ScoringScratch): void {
    const { k, b, d } = this.bm25;
    const fieldCount = this.fieldCount;
    const first = this.occurrenceStart[termId] as number;
    const last = this.occurrenceStart[termId + 1] as number;
    // BM25's length term k · (1 − b + b · length / average), as base + scale · length: no division per posting.
    const normBase = k * (1 - b);
    for (let fieldIndex = 0; fieldIndex < fieldCount; fieldIndex++) {
      const matching = this.frequency[termId * fieldCount + fieldIndex] as number;
      if (matching === 0) continue;
      const inverse = Math.log(1 + (this.documentCount - matching + 0.5) / (matching + 0.5));
      const factor = weight * (this.fieldBoosts[fieldIndex] as number) * inverse;
      const average = this.averageLengths[fieldIndex] as number;
      const normScale = average > 0 ? (k * b) / average : 0;
      for (let occurrence = first; occurrence < last; occurrence++) {
        const segmentIndex = this.occurrenceSegment[occurrence] as number;
        const segment = this.segments[segmentIndex] as PostingsIndex;
        const local = this.occurrenceLocal[occurrence] as number;
        const offsets = segment.offsets[fieldIndex] as Int32Array;
        const start = offsets[local] as number;
        const end = offsets[local + 1] as number;
        if (start === end) continue;
        const base = this.segmentStart[segmentIndex] as number;
        const documents = segment.documents[fieldIndex] as Int32Array;
        const frequencies = segment.frequencies[fieldIndex] as Uint16Array;
        const lengths = segment.lengths;
        for (let position = start; position < end; position++) {
          const document = documents[position] as number;
          const frequency = frequencies[position] as number;
          const norm = normBase + normScale * (lengths[document * fieldCount + fieldIndex] as number);
          scratch.add(base + document, factor * (d + (frequency * (k + 1)) / (frequency + norm)), matchKey);
        }
      }
    }
  }
}

/** One segment's postings as plain JSON: typed arrays as base64 of their bytes. */
export interface SerializedPostings {
  documentCount: number;
  fieldCount: number;
  terms: string[];
  offsets: string[];
  documents: string[];
  frequencies: string[];
  lengths: string;
  sequenceOffsets: string;
  sequenceTerms: string;
}

function encode(array: Int32Array | Uint16Array | Float64Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decode<Typed extends Int32Array | Uint16Array | Float64Array>(
  data: string,
  Type: new (buffer: ArrayBuffer) => Typed,
): Typed {
  const bytes = Buffer.from(data, 'base64');
  // Copied into a fresh buffer: a Buffer's bytes may sit at an offset the typed array cannot start at.
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Type(copy);
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

/**
 * Per-query working memory, reused from query to query so scoring allocates nothing per passage: a score
 * per document, the documents touched, and for each one the list of match keys that reached it (a linked
 * list in a shared pool). Searches run one at a time on Node's one thread, so one scratch serves them all.
 */
export class ScoringScratch {
  /** How many documents it can score: any index of at most this many may use it. */
  readonly capacity: number;
  readonly scores: Float64Array;
  /** The documents touched by the current query, in the order first touched. */
  readonly touched: Int32Array;
  touchedCount = 0;
  private readonly stamps: Uint32Array;
  private readonly heads: Int32Array;
  private epoch = 0;
  private poolKeys = new Int32Array(1024);
  private poolNext = new Int32Array(1024);
  private poolSize = 0;

  constructor(documentCount: number) {
    this.capacity = documentCount;
    this.scores = new Float64Array(documentCount);
    this.touched = new Int32Array(documentCount);
    this.stamps = new Uint32Array(documentCount);
    this.heads = new Int32Array(documentCount);
  }

  /** Starts a new query: nothing touched, every score zero (lazily, by stamp). */
  reset(): void {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
    this.touchedCount = 0;
    this.poolSize = 0;
  }

  add(document: number, score: number, matchKey: number): void {
    if (this.stamps[document] !== this.epoch) {
      this.stamps[document] = this.epoch;
      this.scores[document] = score;
      this.heads[document] = -1;
      this.touched[this.touchedCount++] = document;
    } else {
      this.scores[document] = (this.scores[document] as number) + score;
    }
    const head = this.heads[document] as number;
    // Keys are added one at a time, so a repeat (another field of the same term) is always at the head.
    if (head >= 0 && this.poolKeys[head] === matchKey) return;
    if (this.poolSize === this.poolKeys.length) this.growPool();
    this.poolKeys[this.poolSize] = matchKey;
    this.poolNext[this.poolSize] = head;
    this.heads[document] = this.poolSize++;
  }

  /** The match keys that reached a touched document, most recent first; a cursor, -1 at the end. */
  firstMatch(document: number): number {
    return this.heads[document] as number;
  }

  matchKey(cursor: number): number {
    return this.poolKeys[cursor] as number;
  }

  nextMatch(cursor: number): number {
    return this.poolNext[cursor] as number;
  }

  private growPool(): void {
    const keys = new Int32Array(this.poolKeys.length * 2);
    keys.set(this.poolKeys);
    const next = new Int32Array(this.poolNext.length * 2);
    next.set(this.poolNext);
    this.poolKeys = keys;
    this.poolNext = next;
  }
}
