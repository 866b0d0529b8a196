import { describe, expect, it } from "vitest";
import { niceCeiling, renderLatencyChart } from "../../src/render/mermaid-chart.js";
import type { LatencySummary } from "../../src/report/types.js";

function summary(p50: number, p90: number, p95: number, p99: number, count = 100): LatencySummary {
  return { count, min: 0, mean: 0, stdev: 0, p50, p90, p95, p99, p999: p99, max: p99, hdr: "" };
}

describe("niceCeiling", () => {
  it.each([
    [950.3, 1000],
    [1000, 1000],
    [2.5, 5],
    [12, 20],
    [0.3, 0.5],
    [0, 1],
  ])("%d → %d", (value, top) => {
    expect(niceCeiling(value)).toBe(top);
  });
});

describe("renderLatencyChart", () => {
  it("this run alone: one bar series, titled as such", () => {
    expect(renderLatencyChart("api", summary(1.5, 2.25, 3.0004, 12.3456))).toEqual([
      "```mermaid",
      "xychart-beta",
      '  title "api: latency (ms), this run"',
      "  x-axis [p50, p90, p95, p99]",
      '  y-axis "ms" 0 --> 20',
      "  bar [1.5, 2.25, 3, 12.346]",
      "```",
    ]);
  });

  it("with a baseline: baseline bars, this run as a line, the axis covering both", () => {
    const lines = renderLatencyChart('say "hi"', summary(1, 2, 3, 4), summary(10, 20, 30, 40));
    expect(lines).toContain("  title \"say 'hi': latency (ms), bars = baseline, line = this run\"");
    expect(lines).toContain('  y-axis "ms" 0 --> 50');
    expect(lines).toContain("  bar [10, 20, 30, 40]");
    expect(lines).toContain("  line [1, 2, 3, 4]");
  });

  it("no chart when this run recorded nothing; a baseline with nothing is left out", () => {
    expect(renderLatencyChart("x", summary(0, 0, 0, 0, 0))).toEqual([]);
    expect(renderLatencyChart("x", summary(1, 2, 3, 4), summary(0, 0, 0, 0, 0))).toContain(
      "  bar [1, 2, 3, 4]",
    );
  });

  it("charts another family under its own name (a streamed scenario's TTFT)", () => {
    const lines = renderLatencyChart(
      "chat",
      summary(200, 300, 380, 450),
      summary(180, 240, 300, 340),
      "TTFT",
    );
    expect(lines).toContain('  title "chat: TTFT (ms), bars = baseline, line = this run"');
    expect(lines).toContain('  y-axis "ms" 0 --> 500');
    expect(lines).toContain("  line [200, 300, 380, 450]");
  });
});
