/**
 * Which row an iteration reads. Sequential: row `seq mod n`. Shuffle: each pass through the file
 * (`floor(seq / n)`) is its own seeded permutation, so every row is used once per pass, the order
 * changes from pass to pass, and iteration N's row depends only on (seed, N), like its randoms.
 */
import { seededRandom } from "../template/random.js";
import type { TemplateValue } from "../template/types.js";
import type { DataSet } from "./types.js";

/** Keeps the shuffle's random stream apart from the requests' (the same seed feeds both). */
const SHUFFLE_SALT = 0x2545f491;

/**
 * Iterations that started in one pass can still be in flight when the next pass begins; the
 * permutations of the two most recent passes are kept, so such a call costs no recomputation.
 */
const KEPT_PASSES = 2;

const permutations = new WeakMap<DataSet, { pass: number; order: Uint32Array }[]>();

/** The row of iteration `seq` (an integer ≥ 0); O(1) except once per pass for a shuffle. */
export function rowAt(data: DataSet, seq: number): TemplateValue {
  const count = data.rows.length;
  if (data.order === "sequential") return data.rows[seq % count] as TemplateValue;
  const pass = Math.floor(seq / count);
  const order = passOrder(data, pass);
  return data.rows[order[seq - pass * count] as number] as TemplateValue;
}

function passOrder(data: DataSet, pass: number): Uint32Array {
  let kept = permutations.get(data);
  if (kept === undefined) {
    kept = [];
    permutations.set(data, kept);
  }
  const found = kept.find((entry) => entry.pass === pass);
  if (found) return found.order;
  const order = shuffledOrder(data.rows.length, data.seed, pass);
  kept.unshift({ pass, order });
  kept.length = Math.min(kept.length, KEPT_PASSES);
  return order;
}

/**
 * A permutation of 0 … count-1 (Fisher–Yates) drawn from (seed, pass): the same arguments always
 * give the same order.
 */
export function shuffledOrder(count: number, seed: number, pass: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const random = seededRandom(seed, pass, SHUFFLE_SALT);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order;
}
