/**
 * Decoding histograms that were never checked by readReport (reports built in memory): the gate's
 * decoder must turn any bad `hdr` into an InputError (one line, exit 2), never let hdr-histogram-js
 * throw from inside (it throws strings as well as Errors) or hand back a histogram of garbage.
 */
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { decodeDistribution } from "../../src/gate/histogram-distribution.js";
import { initHistograms } from "../../src/metrics/histogram.js";
import { decodeReportHistogram } from "../../src/report/read-histogram.js";
import { bombHdr, flipBit, hugeHistogramHdr } from "../cli/corrupt-reports.js";
import { encoded } from "./encoded-histogram.js";

/** HdrHistogram's zigzag LEB128 word for a non-negative count (8 × 7 bits, then 8 bits). */
function zigzag(count: bigint): Buffer {
  let v = count * 2n;
  const out: number[] = [];
  for (let i = 0; i < 8 && (v >= 0x80n || i === 0); i++) {
    out.push(Number(v & 0x7fn) | (v >= 0x80n ? 0x80 : 0));
    v >>= 7n;
  }
  if (v > 0n) out.push(Number(v & 0xffn));
  return Buffer.from(out);
}

/** A well-formed compressed V2 `hdr` of perf-gate's parameters whose counts are `words`. */
function hdrWithCounts(words: Buffer): string {
  const inner = Buffer.alloc(40);
  inner.writeInt32BE(0x1c849313, 0);
  inner.writeInt32BE(words.length, 4);
  inner.writeInt32BE(0, 8);
  inner.writeInt32BE(3, 12);
  inner.writeBigInt64BE(1n, 16);
  inner.writeBigInt64BE(3_600_000_000n, 24);
  inner.writeDoubleBE(1, 32);
  const compressed = deflateSync(Buffer.concat([inner, words]));
  const outer = Buffer.alloc(8);
  outer.writeInt32BE(0x1c849314, 0);
  outer.writeInt32BE(compressed.length, 4);
  return Buffer.concat([outer, compressed]).toString("base64");
}

beforeAll(async () => {
  await initHistograms();
});

describe("decodeReportHistogram", () => {
  it("decodes what perf-gate writes (the control: counts and max as recorded)", () => {
    const h = decodeReportHistogram(encoded([1000, 1000, 2000]));
    if (typeof h === "string") throw new Error(h);
    expect([h.totalCount, h.lowestEquivalentValue(h.maxValue)]).toEqual([3, 2000]);
    h.destroy();
  });

  it("a count hdr-histogram-js rejects by throwing a string is a reason, not a throw", () => {
    // 2^60 in one bucket: hdr-histogram-js throws "… would overflow integer count" (a string).
    expect(decodeReportHistogram(hdrWithCounts(zigzag(2n ** 60n)))).toMatch(
      /^hdr-histogram-js cannot decode it: .*overflow/,
    );
  });

  it("a well-formed count stream is accepted (the control for the overflow case)", () => {
    const h = decodeReportHistogram(hdrWithCounts(zigzag(5n)));
    expect(typeof h === "string" ? h : h.totalCount).toBe(5);
  });
});

describe("decodeDistribution of a bad hdr built in memory", () => {
  const cases: readonly (readonly [string, () => string])[] = [
    // Built when the test runs: the WebAssembly histograms are ready only after beforeAll.
    ["not base64", () => "%%%"],
    ["empty", () => ""],
    ["cut", () => encoded([1000, 2000]).slice(0, 24)],
    ["bit-flipped", () => flipBit(encoded([1000, 2000, 3000]), -6)],
    ["asking for a huge counts array", hugeHistogramHdr],
    ["a decompression bomb", bombHdr],
    ["an overflowing count", () => hdrWithCounts(zigzag(2n ** 60n))],
  ];
  it.each(cases)(
    "%s: an InputError in one line (regression: hdr-histogram-js threw from inside the gate)",
    (_what, makeHdr) => {
      const hdr = makeHdr();
      let thrown: unknown;
      try {
        decodeDistribution(hdr);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).message).toMatch(
        /^a histogram of the report is not a readable HdrHistogram \(cut or corrupted: .+\)$/,
      );
    },
  );
});
