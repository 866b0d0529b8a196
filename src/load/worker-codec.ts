/**
 * A worker thread's `ScenarioResult` as plain data for `postMessage`, and back. The histograms
 * live in the worker's WebAssembly memory, which another thread cannot read: each one travels as
 * its HdrHistogram V2 encoding (exact: every bucket count), in a buffer of its own that is
 * transferred, not copied. Everything else in a result is already plain data (numbers, strings,
 * arrays, maps of counts), so the codec walks the result and swaps histograms for their bytes and
 * back: a field added to `ScenarioResult` later travels without a change here.
 */
import * as hdr from "hdr-histogram-js";
import type { Histogram } from "../metrics/histogram.js";
import type { ScenarioResult } from "../metrics/types.js";

/** `T` with every histogram replaced by its encoding. */
export type Wire<T> = T extends Histogram
  ? Uint8Array
  : T extends readonly (infer U)[]
    ? readonly Wire<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Wire<T[K]> }
      : T;

/** A result as it crosses threads. */
export type WireResult = Wire<ScenarioResult>;

function isHistogram(value: unknown): value is hdr.WasmHistogram {
  return value instanceof hdr.WasmHistogram;
}

/** Copies `value`, mapping every histogram (or encoding) found in it with `swap`. */
function mapDeep(value: unknown, swap: (leaf: unknown) => unknown | undefined): unknown {
  const swapped = swap(value);
  if (swapped !== undefined) return swapped;
  if (Array.isArray(value)) return value.map((item) => mapDeep(item, swap));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapDeep(item, swap);
    return out;
  }
  return value;
}

/**
 * Encodes `result` for `postMessage` and DESTROYS its histograms (the worker owns none after).
 * Returns the plain result and the buffers to list as transferables.
 */
export function encodeResult(result: ScenarioResult): {
  readonly wire: WireResult;
  readonly transfer: ArrayBuffer[];
} {
  const transfer: ArrayBuffer[] = [];
  const wire = mapDeep(result, (leaf) => {
    if (!isHistogram(leaf)) return undefined;
    // A buffer of its own (not a view into shared memory): it can be transferred.
    const bytes = new Uint8Array(leaf.encode());
    leaf.destroy();
    transfer.push(bytes.buffer);
    return bytes;
  }) as WireResult;
  return { wire, transfer };
}

/**
 * The result a worker posted, with new histograms the caller owns (and must destroy). Requires
 * `initHistograms()` to have resolved in this thread.
 */
export function decodeResult(wire: WireResult): ScenarioResult {
  return mapDeep(wire, (leaf) =>
    leaf instanceof Uint8Array ? hdr.WasmHistogram.decode(leaf, 64) : undefined,
  ) as ScenarioResult;
}
