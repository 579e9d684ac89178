/**
 * Groups questions by meaning: greedy single-pass clustering of embedding vectors by cosine
 * similarity to each group's centroid. Pure; the caller embeds the texts (lib/insights/groups.ts).
 */

/** Cosine similarity of two equal-length vectors; 0 when either is all zeros. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function normalize(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return n === 0 ? v.slice() : v.map((x) => x / n);
}

/**
 * Greedy clustering: items are taken in the given order; each joins the existing group whose
 * centroid (mean of its members' unit vectors) is most similar, when that similarity is ≥
 * `threshold`, else starts a new group. Items without a vector (null: nothing embeddable) each
 * form a group of their own. Deterministic for a given order.
 * @param vectors one vector (or null) per item, all of one dimension.
 * @param threshold cosine similarity 0–1 an item needs to join a group.
 * @returns groups as lists of item indexes, largest first (ties: the group whose first item comes first).
 */
export function greedyClusters(vectors: (number[] | null)[], threshold: number): number[][] {
  const groups: { members: number[]; sum: number[] | null }[] = [];
  vectors.forEach((v, i) => {
    if (!v) {
      groups.push({ members: [i], sum: null });
      return;
    }
    const u = normalize(v);
    let best = -1;
    let bestSim = -Infinity;
    for (let g = 0; g < groups.length; g++) {
      const sum = groups[g].sum;
      if (!sum) continue;
      const sim = cosine(u, sum);
      if (sim > bestSim) {
        bestSim = sim;
        best = g;
      }
    }
    if (best >= 0 && bestSim >= threshold) {
      const g = groups[best];
      g.members.push(i);
      g.sum = g.sum!.map((x, k) => x + u[k]);
    } else {
      groups.push({ members: [i], sum: u });
    }
  });
  return groups.map((g) => g.members).sort((a, b) => b.length - a.length || a[0] - b[0]);
}
