/** A sparse, length-normalised TF-IDF vector. */
export type Vector = Map<string, number>;

export function inverseFrequencies(termLists: readonly (readonly string[])[]): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const terms of termLists) {
    for (const term of new Set(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [term, count] of frequency) idf.set(term, Math.log(1 + termLists.length / count));
  return idf;
}

export function tfidfVector(terms: readonly string[], idf: ReadonlyMap<string, number>): Vector {
  const vector: Vector = new Map();
  for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + 1);
  let norm = 0;
  for (const [term, count] of vector) {
    const weight = (1 + Math.log(count)) * (idf.get(term) ?? 0);
    vector.set(term, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  for (const [term, weight] of vector) vector.set(term, norm > 0 ? weight / norm : 0);
  return vector;
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}

const DAMPING = 0.85;
const MAX_ITERATIONS = 200;
const TOLERANCE = 1e-9;

/**
 * TextRank (Mihalcea & Tarau 2004) on a weighted, undirected sentence graph: PageRank by power iteration,
 * each sentence passing its score to the sentences it resembles in proportion to their similarity. A
 * sentence with no similar neighbour keeps only the teleport share. Scores sum to 1.
 */
export function textRank(vectors: readonly Vector[]): number[] {
  const count = vectors.length;
  if (count === 0) return [];
  const similarity = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const outWeight = similarity.map((row) => row.reduce((sum, value) => sum + value, 0));
  let rank = new Array<number>(count).fill(1 / count);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    // Mass held by sentences without neighbours is spread evenly, so the scores keep summing to 1.
    const dangling = rank.reduce((sum, value, j) => ((outWeight[j] ?? 0) > 0 ? sum : sum + value), 0);
    const next = rank.map((_, i) => {
      let incoming = 0;
      for (let j = 0; j < count; j++) {
        const weight = similarity[j]?.[i] ?? 0;
        if (weight > 0) incoming += (weight / (outWeight[j] as number)) * (rank[j] as number);
      }
      return (1 - DAMPING) / count + DAMPING * (incoming + dangling / count);
    });
    const change = next.reduce((sum, value, i) => sum + Math.abs(value - (rank[i] as number)), 0);
    rank = next;
    if (change < TOLERANCE) break;
  }
  return rank;
}

/** Cosine similarity above which two sentences are treated as the same statement. */
const NEAR_DUPLICATE = 0.85;

/**
 * Maximal marginal relevance (Carbonell & Goldstein 1998): repeatedly take the candidate with the best
 * balance of its own score and its distance from what is already chosen. Returns indices in choice order.
 */
export function selectByMmr(
  scores: readonly number[],
  vectors: readonly Vector[],
  count: number,
  lambda = 0.7,
): number[] {
  const max = Math.max(...scores, Number.EPSILON);
  const chosen: number[] = [];
  const limit = Math.min(count, scores.length);
  while (chosen.length < limit) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let index = 0; index < scores.length; index++) {
      if (chosen.includes(index)) continue;
      let redundancy = 0;
      for (const other of chosen) {
        redundancy = Math.max(redundancy, cosine(vectors[index] as Vector, vectors[other] as Vector));
      }
      // A near-copy of a chosen sentence says nothing new however central it is; it waits until last.
      const value =
        redundancy >= NEAR_DUPLICATE
          ? -1 - redundancy
          : lambda * ((scores[index] as number) / max) - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    }
    chosen.push(best);
  }
  return chosen;
}
