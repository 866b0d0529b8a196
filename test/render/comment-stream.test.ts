import { describe, expect, it } from "vitest";
import { renderStreamDigest } from "../../src/render/comment-stream.js";
import type { Report } from "../../src/report/types.js";
import { sampleGate, sampleStreamGate } from "./sample-gate.js";
import { sampleReport } from "./sample-report.js";
import { sampleStreamBaseline, sampleStreamReport } from "./sample-stream.js";

describe("renderStreamDigest", () => {
  it("one row per streamed scenario: TTFT p95, ITL p99, TPOT p95, output tok/s, goodput with the change and the gate's marker", () => {
    const report = sampleStreamReport();
    expect(renderStreamDigest(report, sampleStreamGate(report), sampleStreamBaseline())).toEqual([
      "| streaming (vs baseline) | TTFT p95 | ITL p99 | TPOT p95 | output tok/s | goodput |",
      "|---|--:|--:|--:|--:|--:|",
      "| `chat-stream` | 380.0 ms (+26.7 %) 🔺 | 48.0 ms (+20.0 %) | 26.0 ms (+8.3 %) | 1,600.0 tok/s (-5.9 %) | 9.0 req/s (-5.3 %) |",
    ]);
  });

  it("without a baseline: this run's values, estimated token rate and tpot labelled", () => {
    const report = sampleStreamReport({ tokens: "estimated" });
    expect(renderStreamDigest(report, sampleStreamGate(report, { baseline: false }), null)).toEqual([
      "| streaming | TTFT p95 | ITL p99 | TPOT p95 | output tok/s | goodput |",
      "|---|--:|--:|--:|--:|--:|",
      "| `chat-stream` | 380.0 ms | 48.0 ms | 26.0 ms (estimated) | 1,600.0 tok/s (estimated) | 9.0 req/s |",
    ]);
  });

  it("marks a failed threshold ❌", () => {
    const report = sampleStreamReport();
    const gate = sampleStreamGate(report);
    const failed = {
      ...gate,
      scenarios: gate.scenarios.map((s) => ({
        ...s,
        thresholds: s.thresholds.map((c) => (c.metric === "output_tps" ? { ...c, pass: false } : c)),
      })),
    };
    expect(renderStreamDigest(report, failed, null)[2]).toBe(
      "| `chat-stream` | 380.0 ms 🔺 | 48.0 ms | 26.0 ms | 1,600.0 tok/s ❌ | 9.0 req/s |",
    );
  });

  it("at most 10 rows, then says how many more", () => {
    const report = sampleStreamReport();
    const [chat] = report.scenarios;
    if (!chat) throw new Error("no chat-stream");
    const many: Report = {
      ...report,
      scenarios: Array.from({ length: 12 }, (_, i) => ({ ...chat, name: `chat-${i}` })),
    };
    const lines = renderStreamDigest(many, sampleStreamGate(report), null);
    expect(lines.filter((l) => l.startsWith("| `chat-"))).toHaveLength(10);
    expect(lines.at(-1)).toBe("…and 2 more streamed scenarios in the details below.");
  });

  it("nothing when no scenario streamed", async () => {
    const report = await sampleReport();
    expect(renderStreamDigest(report, sampleGate(report), null)).toEqual([]);
  });
});
