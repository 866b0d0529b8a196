/**
 * A recorded latency distribution as a table the bootstrap can sample from: one row per
 * non-empty HDR bucket with its value and the cumulative count up to it.
 */
import { InputError } from "../errors.js";
import { decodeReportHistogram } from "../report/read-histogram.js";

/** Bucket values (ms) ascending with cumulative counts; `count` = the last cumulative count. */
export interface Distribution {
  readonly count: number;
  /** Top of each bucket (clamped to the recorded max), as the report's percentiles use it. */
  readonly topMs: Float64Array;
  /** Middle of each bucket, as the report's mean uses it. */
  readonly midMs: Float64Array;
  readonly cumulative: Float64Array;
  readonly meanMs: number;
  /** Population variance of the recorded values, ms². */
  readonly varianceMs2: number;
}

/**
 * Decodes a report's `hdr` (compressed base64 of integer µs) into a sampling table.
 * It decodes into hdr-histogram-js's JS implementation rather than `decodeHistogram`'s
 * WebAssembly one because only the former exposes per-bucket counts; the histogram is
 * destroyed before returning. A report read from a file was checked by `readReport` already;
 * one built in memory is decoded through the same guarded reader, so a bad histogram is an
 * `InputError` (one line, exit 2), never a throw from inside hdr-histogram-js.
 */
export function decodeDistribution(base64: string): Distribution {
  const h = decodeReportHistogram(base64);
  if (typeof h === "string") {
    throw new InputError(`a histogram of the report is not a readable HdrHistogram (cut or corrupted: ${h})`);
  }
  try {
    const top = h.totalCount === 0 ? -1 : h.countsArrayIndex(h.maxValue);
    const rows: [number, number, number][] = [];
    for (let i = 0; i <= top; i++) {
      const count = h.getCountAtIndex(i);
      if (count === 0) continue;
      const valueUs = h.valueFromIndex(i);
      const topUs = Math.min(h.highestEquivalentValue(valueUs), h.maxValue);
      rows.push([topUs / 1000, h.medianEquivalentValue(valueUs) / 1000, count]);
    }
    return tableOf(rows);
  } finally {
    h.destroy();
  }
}

function tableOf(rows: readonly [number, number, number][]): Distribution {
  const topMs = new Float64Array(rows.length);
  const midMs = new Float64Array(rows.length);
  const cumulative = new Float64Array(rows.length);
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  rows.forEach(([top, mid, n], i) => {
    topMs[i] = top;
    midMs[i] = mid;
    count += n;
    cumulative[i] = count;
    sum += mid * n;
    sumSquares += mid * mid * n;
  });
  const meanMs = count === 0 ? 0 : sum / count;
  const varianceMs2 = count === 0 ? 0 : Math.max(0, sumSquares / count - meanMs * meanMs);
  return { count, topMs, midMs, cumulative, meanMs, varianceMs2 };
}

/** Index of the bucket holding the value of 1-based `rank` (the first with cumulative ≥ rank). */
export function bucketAtRank(d: Distribution, rank: number): number {
  let low = 0;
  let high = d.cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((d.cumulative[mid] ?? 0) < rank) low = mid + 1;
    else high = mid;
  }
  return low;
}
