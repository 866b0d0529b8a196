/**
 * Reading a report's `hdr` (compressed base64 HdrHistogram, V2 encoding) without trusting it. A
 * baseline is an input from elsewhere (an artifact, a file): cut, bit-flipped or hand-edited, it
 * must become a one-line reason, never an exception from inside hdr-histogram-js — which throws
 * strings as well as Errors, allocates whatever array size the header asks for, inflates without
 * a size limit, and can return a histogram of garbage (NaN or negative counts) without throwing.
 */
import { inflateSync } from "node:zlib";
import * as hdr from "hdr-histogram-js";

/** The part of hdr-histogram-js's JS histogram that exposes bucket counts. */
export interface DecodedHistogram {
  readonly totalCount: number;
  readonly maxValue: number;
  readonly countsArrayLength: number;
  countsArrayIndex(value: number): number;
  getCountAtIndex(index: number): number;
  valueFromIndex(index: number): number;
  lowestEquivalentValue(value: number): number;
  highestEquivalentValue(value: number): number;
  medianEquivalentValue(value: number): number;
  destroy(): void;
}

/** Longest `hdr` read: perf-gate's own (1 µs … 1 h, 3 digits) stay far below 300 kB. */
export const MAX_HDR_CHARS = 2_000_000;

/** Largest counts array a histogram may ask for (perf-gate's own need 23,552). */
const MAX_COUNTS = 2 ** 21;

/** HdrHistogram V2 cookies, with the word-size nibble (bits 4-7) masked out. */
const COMPRESSED_COOKIE = 0x1c849304;
const ENCODING_COOKIE = 0x1c849303;
const HEADER_BYTES = 40;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What the uncompressed header says; validated before anything is allocated from it. */
interface Header {
  readonly payloadBytes: number;
  readonly digits: number;
  readonly lowest: number;
  readonly highest: number;
}

/** The counts array length hdr-histogram-js allocates for these parameters (its own formula). */
function countsLength({ digits, lowest, highest }: Header): number {
  const subBucketCount = 2 ** Math.ceil(Math.log2(2 * 10 ** digits));
  let smallestUntrackable = subBucketCount * 2 ** Math.floor(Math.log2(lowest));
  let buckets = 1;
  while (smallestUntrackable <= highest && buckets < 64) {
    smallestUntrackable *= 2;
    buckets++;
  }
  return (buckets + 1) * (subBucketCount / 2);
}

function readHeader(bytes: Buffer): Header | string {
  if (bytes.length < HEADER_BYTES || (bytes.readInt32BE(0) & ~0xf0) !== ENCODING_COOKIE) {
    return "no HdrHistogram V2 header inside";
  }
  const header = {
    payloadBytes: bytes.readInt32BE(4),
    digits: bytes.readInt32BE(12),
    lowest: Number(bytes.readBigInt64BE(16)),
    highest: Number(bytes.readBigInt64BE(24)),
  };
  if (header.payloadBytes !== bytes.length - HEADER_BYTES) return "its length does not match its header";
  if (
    !(header.digits >= 1 && header.digits <= 5) ||
    header.lowest < 1 ||
    header.highest < 2 * header.lowest
  ) {
    return `impossible parameters (${header.digits} digits, ${header.lowest} … ${header.highest})`;
  }
  if (countsLength(header) > MAX_COUNTS) return `more buckets than perf-gate reads (over ${MAX_COUNTS})`;
  return header;
}

/** The uncompressed V2 encoding inside `base64`, or why there is none. */
function inflateHdr(base64: string): Buffer | string {
  if (base64.length > MAX_HDR_CHARS) return `longer than ${MAX_HDR_CHARS} characters`;
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return "not base64";
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length < 8 || (bytes.readInt32BE(0) & ~0xf0) !== COMPRESSED_COOKIE) {
    return "no compressed HdrHistogram cookie";
  }
  const compressedBytes = bytes.readInt32BE(4);
  if (compressedBytes !== bytes.length - 8) return "its length does not match its header";
  try {
    // Bounded: a few kB of deflate can expand to gigabytes.
    return inflateSync(bytes.subarray(8), { maxOutputLength: HEADER_BYTES + MAX_COUNTS * 9 });
  } catch (err) {
    return `the compressed data does not inflate: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Every count a whole non-negative number, summing to the histogram's total. */
function countsAreSound(h: DecodedHistogram): boolean {
  let sum = 0;
  for (let i = 0; i < h.countsArrayLength; i++) {
    const count = h.getCountAtIndex(i);
    if (!Number.isSafeInteger(count) || count < 0) return false;
    sum += count;
  }
  return sum === h.totalCount;
}

/**
 * Decodes a report's `hdr` into hdr-histogram-js's JS histogram (the caller must `destroy()` it),
 * or returns why it cannot be read, as a short phrase (`not base64`, `… does not inflate: …`).
 * Never throws.
 */
export function decodeReportHistogram(base64: string): DecodedHistogram | string {
  const inflated = inflateHdr(base64);
  if (typeof inflated === "string") return inflated;
  const header = readHeader(inflated);
  if (typeof header === "string") return header;
  let h: DecodedHistogram;
  try {
    h = hdr.decodeFromCompressedBase64(base64, 64, false) as unknown as DecodedHistogram;
  } catch (err) {
    // hdr-histogram-js throws strings too ("… would overflow integer count").
    return `hdr-histogram-js cannot decode it: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (!countsAreSound(h)) {
    h.destroy();
    return "its counts are not whole non-negative numbers";
  }
  return h;
}

/** A summary block as the report records it: `count` values, `max` in the block's unit (ms, tokens). */
export interface SummaryWithHistogram {
  readonly count: number;
  readonly max: number;
  readonly hdr: string;
}

/**
 * Null when `summary.hdr` decodes and agrees with the summary beside it (same number of values,
 * the same maximum within HDR's bucket precision); else the reason, as the end of a sentence
 * starting with the field's name (`is not a readable HdrHistogram (cut or corrupted: not base64)`).
 */
export function summaryHistogramProblem(summary: SummaryWithHistogram): string | null {
  const h = decodeReportHistogram(summary.hdr);
  if (typeof h === "string") return `is not a readable HdrHistogram (cut or corrupted: ${h})`;
  try {
    if (h.totalCount !== summary.count) {
      return `holds ${h.totalCount} values but the summary beside it says count ${summary.count} (cut or corrupted)`;
    }
    // The summary's max is exact (in thousandths of its unit); the decoded one is the top of its bucket.
    const maxThousandths = Math.round(summary.max * 1000);
    const decodedMax = h.totalCount === 0 ? 0 : h.maxValue;
    const low = h.totalCount === 0 ? 0 : h.lowestEquivalentValue(decodedMax);
    if (maxThousandths < low - 1 || maxThousandths > decodedMax + 1) {
      return `has its largest value at ${decodedMax / 1000} but the summary beside it says max ${summary.max} (cut or corrupted)`;
    }
    return null;
  } finally {
    h.destroy();
  }
}
