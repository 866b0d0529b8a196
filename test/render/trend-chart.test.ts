import { describe, expect, it } from "vitest";
import { OPEN_TREND_CHARTS, renderTrendChart, renderTrendCharts } from "../../src/render/trend-chart.js";

describe("renderTrendChart", () => {
  it("charts the baselines oldest first, then this run, on an axis from 0 in the metric's unit", () => {
    expect(renderTrendChart("chat", { metric: "ttft.p95", baselines: [300, 310, 320], actual: 380 })).toEqual(
      [
        "```mermaid",
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0969da"}}}}%%',
        "xychart-beta",
        '  title "chat: ttft.p95 (ms)"',
        '  x-axis ["-3", "-2", "-1", "this run"]',
        '  y-axis "ms" 0 --> 500',
        "  line [300, 310, 320, 380]",
        "```",
        "",
        "<sub>ttft.p95 in ms: the last 3 baselines, oldest (-3) to newest (-1), then this run</sub>",
      ],
    );
  });

  it.each([
    ["error_rate", [0.01, 0.02], 0.015, '"%"', "[1, 2, 1.5]"],
    ["rps", [25, 24], 20, '"req/s"', "[25, 24, 20]"],
    ["output_tps", [1700, 1650], 1600, '"tok/s"', "[1700, 1650, 1600]"],
  ])("%s: values in its chart unit", (metric, baselines, actual, unit, values) => {
    const chart = renderTrendChart("s", { metric, baselines, actual }).join("\n");
    expect(chart).toContain(`  y-axis ${unit} 0 --> `);
    expect(chart).toContain(`  line ${values}`);
  });

  it("leaves out a run without data and names it; this run without data too", () => {
    const chart = renderTrendChart("s", { metric: "latency.p95", baselines: [10, null, 12], actual: null });
    expect(chart).toContain('  x-axis ["-3", "-1"]');
    expect(chart).toContain("  line [10, 12]");
    expect(chart.at(-1)).toBe(
      "<sub>latency.p95 in ms: the last 3 baselines, oldest (-3) to newest (-1), then this run · no data: -2, this run</sub>",
    );
  });

  it.each([
    [[], 5],
    [[900], 950],
    [[null, 900], 950],
  ])("no chart with fewer than 2 baselines with a value: %j", (baselines, actual) => {
    expect(renderTrendChart("s", { metric: "latency.p95", baselines, actual })).toEqual([]);
  });

  it("a quote in a scenario name cannot end the Mermaid title", () => {
    const chart = renderTrendChart('say "hi"', { metric: "latency.p95", baselines: [1, 2], actual: 3 });
    expect(chart).toContain("  title \"say 'hi': latency.p95 (ms)\"");
  });
});

describe("renderTrendCharts", () => {
  const series = (metric: string) => ({ metric, baselines: [1, 2, 3, 4, 5], actual: 6 });

  it(`shows up to ${OPEN_TREND_CHARTS} charts open, each followed by a blank line`, () => {
    const lines = renderTrendCharts("s", [series("latency.p95"), series("latency.p99")]);
    expect(lines.filter((l) => l === "```mermaid")).toHaveLength(2);
    expect(lines.join("\n")).not.toContain("<details>");
    expect(lines.at(-1)).toBe("");
  });

  it("collapses more charts in one <details> naming how many", () => {
    const lines = renderTrendCharts("s", [
      series("latency.p50"),
      series("latency.p95"),
      series("latency.p99"),
    ]);
    expect(lines[0]).toBe(
      "<details><summary>Trend of 3 metrics over the last 5 baselines and this run</summary>",
    );
    expect(lines.filter((l) => l === "```mermaid")).toHaveLength(3);
    expect(lines.slice(-2)).toEqual(["</details>", ""]);
  });

  it("no lines when no series has a trend", () => {
    expect(renderTrendCharts("s", [{ metric: "latency.p95", baselines: [1], actual: 2 }])).toEqual([]);
  });
});
