import * as hdr from "hdr-histogram-js";

/**
 * HDR histograms of integer microseconds: 1 µs … 1 h at 3 significant digits, in WebAssembly
 * memory. hdr-histogram-js truncates fractions, so callers record `Math.round(µs)`, never float ms.
 * Every histogram made here must be `destroy()`ed by its owner.
 */
export type Histogram = hdr.Histogram;

/** Largest recordable value: one hour in microseconds. Larger values are clamped to it. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

/**
 * A value in its report unit (ms, tokens, tokens/s) → the integer thousandths a histogram records
 * (µs for ms), rounded and clamped to what the histograms track. Rounding here is the rule for
 * every family: hdr-histogram-js would silently truncate fractions (12.4 tokens to 12).
 */
export function toThousandths(value: number): number {
  const thousandths = Math.round(value * 1000);
  return Math.min(Math.max(thousandths, 0), HIGHEST_TRACKABLE_US);
}

let wasmReady: Promise<void> | undefined;

/** Loads the WebAssembly module once; call (and await) before creating histograms. */
export function initHistograms(): Promise<void> {
  wasmReady ??= hdr.initWebAssembly();
  return wasmReady;
}

/** A new empty histogram of microseconds. Requires `initHistograms()` to have resolved. */
export function createHistogram(): Histogram {
  return hdr.build({
    bitBucketSize: 64,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: true,
  });
}

/** The exact histogram as compressed base64 (HdrHistogram's standard encoding). */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decodes `encodeHistogram` output into a new histogram the caller must destroy. */
export function decodeHistogram(base64: string): Histogram {
  return hdr.decodeFromCompressedBase64(base64, 64, true);
}
