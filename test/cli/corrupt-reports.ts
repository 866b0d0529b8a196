/**
 * Broken copies of a real report, the ways a baseline goes bad in the wild: an `hdr` that is not
 * base64, cut short, or bit-flipped, a histogram swapped for another one, and a timeline far
 * longer than any run. Each is made from a report perf-gate wrote, so only the damage differs.
 */
import { deflateSync } from "node:zlib";
import type { Report } from "../../src/report/types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep, writable copy of `report`. */
function copyOf(report: Report): Mutable<Report> {
  return JSON.parse(JSON.stringify(report)) as Mutable<Report>;
}

/** `hdr` with one bit flipped in the byte at `at` (negative: from the end) of its decoded bytes. */
export function flipBit(hdr: string, at: number): string {
  const bytes = Buffer.from(hdr, "base64");
  const index = at < 0 ? bytes.length + at : at;
  bytes[index] = (bytes[index] ?? 0) ^ 0x10;
  return bytes.toString("base64");
}

/**
 * A compressed-V2 `hdr` whose inner header asks for an enormous counts array (5 digits, values
 * up to 2^62): hdr-histogram-js would try to allocate it.
 */
export function hugeHistogramHdr(): string {
  const inner = Buffer.alloc(41);
  inner.writeInt32BE(0x1c849313, 0); // V2 encoding cookie, word size 9
  inner.writeInt32BE(1, 4); // payload bytes
  inner.writeInt32BE(1, 8); // normalizing index offset (unused)
  inner.writeInt32BE(5, 12); // significant digits
  inner.writeBigInt64BE(1n, 16); // lowest discernible value
  inner.writeBigInt64BE(2n ** 62n, 24); // highest trackable value
  inner.writeDoubleBE(1, 32); // integer to double ratio
  const compressed = deflateSync(inner);
  const outer = Buffer.alloc(8);
  outer.writeInt32BE(0x1c849314, 0); // V2 compressed cookie
  outer.writeInt32BE(compressed.length, 4);
  return Buffer.concat([outer, compressed]).toString("base64");
}

/** A compressed-V2 `hdr` whose deflate data expands to 64 MB of zeros (a decompression bomb). */
export function bombHdr(): string {
  const compressed = deflateSync(Buffer.alloc(64 * 1024 * 1024));
  const outer = Buffer.alloc(8);
  outer.writeInt32BE(0x1c849314, 0);
  outer.writeInt32BE(compressed.length, 4);
  return Buffer.concat([outer, compressed]).toString("base64");
}

/** The kinds of damage to `scenarios[0].latency.hdr`, by name. */
export const HDR_DAMAGE: readonly (readonly [string, (hdr: string, report: Report) => string])[] = [
  ["not base64", () => "this is not base64!"],
  ["cut in half (still base64)", (hdr) => hdr.slice(0, Math.floor(hdr.length / 8) * 4)],
  ["cut at an odd length", (hdr) => hdr.slice(0, hdr.length - 3)],
  ["bit-flipped in the compressed data", (hdr) => flipBit(hdr, -10)],
  ["bit-flipped in its length field", (hdr) => flipBit(hdr, 6)],
  [
    "swapped for another histogram (1 value, not 200)",
    (_hdr, report) => report.scenarios[0]?.latency_failed.hdr ?? "",
  ],
  ["asking for a huge counts array", () => hugeHistogramHdr()],
  ["a decompression bomb", () => bombHdr()],
];

/** `report` with `scenarios[0].latency.hdr` replaced by `damage`. */
export function withDamagedHdr(report: Report, damage: (hdr: string, report: Report) => string): Report {
  const copy = copyOf(report);
  const scenario = copy.scenarios[0];
  if (!scenario) throw new Error("the report needs a scenario");
  scenario.latency.hdr = damage(scenario.latency.hdr, report);
  return copy as Report;
}

/** `report` with a `points`-entry timeline in `scenarios[0]` (200,000 in the bug report). */
export function withLongTimeline(report: Report, points: number): Report {
  const copy = copyOf(report);
  const scenario = copy.scenarios[0];
  if (!scenario) throw new Error("the report needs a scenario");
  scenario.timeline = Array.from({ length: points }, (_, t) => ({ t, ok: 1, errors: 0 }));
  return copy as Report;
}
