/**
 * "Did you mean" for misspelt keys and metric names. Distance is the optimal-string-alignment
 * variant of Damerau–Levenshtein, so a swapped pair of characters (`latency.p59` for
 * `latency.p95`, `thershold`) costs one edit like any other typo rather than two.
 */

/** Edits (insert, delete, substitute, swap two adjacent characters) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows (i-2, i-1, i) are enough for the transposition lookback.
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      }
      row[j] = d;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a plausible typo:
 * at most one edit per three characters (and always at least one), compared case-insensitively.
 * Among equally close candidates, one with the same letters wins (`latency.p59` is a swap of
 * `latency.p95`, not a slip for `latency.p50`); remaining ties go to the earlier candidate.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const letters = sortedLetters(lower);
  const allowed = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    // The distance is at least the difference in length: no need to compute it for a far one.
    if (Math.abs(other.length - lower.length) > allowed) continue;
    // Half a point keeps the distance ordering intact while breaking ties toward anagrams.
    const score = editDistance(lower, other) + (sortedLetters(other) === letters ? 0 : 0.5);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return Math.floor(bestScore) <= allowed ? best : undefined;
}

function sortedLetters(text: string): string {
  return [...text].sort().join("");
}
