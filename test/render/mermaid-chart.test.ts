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
  it("this run alone: one bar series in the first colour, and a legend saying so", () => {
    expect(renderLatencyChart("api", summary(1.5, 2.25, 3.0004, 12.3456))).toEqual([
      "```mermaid",
      '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0969da, #cf222e, #bc4c00, #8250df"}}}}%%',
      "xychart-beta",
      '  title "api: latency (ms)"',
      "  x-axis [p50, p90, p95, p99]",
      '  y-axis "ms" 0 --> 20',
      "  bar [1.5, 2.25, 3, 12.346]",
      "```",
      "",
      "<sub>latency percentiles in ms · blue bars: this run</sub>",
    ]);
  });

  it("draws each limit as a horizontal line in its own colour, named in the legend", () => {
    // Issue 9: no legend, and no threshold to read the bars against.
    const lines = renderLatencyChart("api", summary(10, 20, 30, 40), summary(12, 22, 32, 42), {
      limits: [
        { label: "latency.p95 ≤ 50 ms", valueMs: 50 },
        { label: "latency.p99 ≤ 45.5 ms", valueMs: 45.5 },
      ],
    });
    expect(lines.filter((l) => l.startsWith("  bar ") || l.startsWith("  line "))).toEqual([
      "  bar [12, 22, 32, 42]",
      "  line [10, 20, 30, 40]",
      "  line [50, 50, 50, 50]",
      "  line [45.5, 45.5, 45.5, 45.5]",
    ]);
    expect(lines).toContain('  y-axis "ms" 0 --> 50');
    expect(lines.at(-1)).toBe(
      "<sub>latency percentiles in ms · grey bars: baseline · blue line: this run · red line: limit latency.p95 ≤ 50 ms · orange line: limit latency.p99 ≤ 45.5 ms</sub>",
    );
  });

  it("names a limit far above the data without drawing it, so the bars stay readable", () => {
    const lines = renderLatencyChart("api", summary(1, 2, 3, 4), null, {
      limits: [{ label: "latency.p99 ≤ 2000 ms", valueMs: 2000 }],
    });
    expect(lines).toContain('  y-axis "ms" 0 --> 5');
    expect(lines.some((l) => l.startsWith("  line "))).toBe(false);
    expect(lines.at(-1)).toContain("limit latency.p99 ≤ 2000 ms (above the chart)");
  });

  it("with a baseline: baseline bars, this run as a line, the axis covering both", () => {
    const lines = renderLatencyChart('say "hi"', summary(1, 2, 3, 4), summary(10, 20, 30, 40));
    expect(lines).toContain("  title \"say 'hi': latency (ms)\"");
    expect(lines.at(-1)).toBe(
      "<sub>latency percentiles in ms · grey bars: baseline · blue line: this run</sub>",
    );
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
    const lines = renderLatencyChart("chat", summary(200, 300, 380, 450), summary(180, 240, 300, 340), {
      what: "TTFT",
    });
    expect(lines).toContain('  title "chat: TTFT (ms)"');
    expect(lines.at(-1)).toContain("TTFT percentiles in ms · grey bars: baseline");
    expect(lines).toContain('  y-axis "ms" 0 --> 500');
    expect(lines).toContain("  line [200, 300, 380, 450]");
  });
});
