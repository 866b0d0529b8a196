/** The capacity search in the terminal and the summary: headline, steps table and p95-vs-rate chart. */
import { beforeAll, describe, expect, it } from "vitest";
import { createPaint } from "../../src/render/ansi.js";
import {
  baselineCapacityLine,
  capacityLine,
  capacityRows,
  renderCapacityChart,
} from "../../src/render/capacity-text.js";
import { renderScenarioMarkdown } from "../../src/render/markdown-scenario.js";
import { renderScenarioSection } from "../../src/render/scenario-section.js";
import type { CapacitySearchRecord, CapacityStepRecord, ScenarioReport } from "../../src/report/types.js";
import { scenarioReport } from "../gate/gate-fixtures.js";

function step(rate: number, p95: number, errorRate: number, met: boolean): CapacityStepRecord {
  return {
    rate,
    duration_ms: 5000,
    requests: rate * 5,
    ok: rate * 5,
    error_rate: errorRate,
    rps: rate * 0.99,
    latency_p50: p95 / 2,
    latency_p95: p95,
    latency_p99: p95 * 1.2,
    values: [p95, errorRate],
    met,
    generator_limited: false,
  };
}

const SEARCH: CapacitySearchRecord = {
  from_rate: 10,
  to_rate: 1000,
  step_ms: 5000,
  slo: [
    { metric: "latency.p95", op: "<=", limit: 50, source: "50ms" },
    { metric: "error_rate", op: "<=", limit: 0.01, source: "1%" },
  ],
  steps: [
    step(10, 12, 0, true),
    step(20, 12.5, 0, true),
    step(40, 14, 0, true),
    step(80, 900, 0, false),
    step(60, 70, 0, false),
    step(50, 30, 0, true),
    step(55, 61.2, 0, false),
  ],
  stopped_by: "slo",
  reason: "capacity 50/s: 50/s met every objective, 55/s broke latency.p95 (61.2 ms, limit <= 50ms)",
};

let knee: ScenarioReport;
beforeAll(async () => {
  knee = { ...(await scenarioReport({ latencyMs: [10, 20, 30] })), capacity: 50, capacity_search: SEARCH };
});

describe("capacity text", () => {
  it("says the capacity, the objectives, the step that met and the first that broke, with its value", () => {
    expect(capacityLine(knee)).toBe(
      "capacity 50 req/s (latency.p95 <= 50ms, error_rate <= 1%): 50/s met, 55/s broke latency.p95 61.2 ms",
    );
  });

  it("says the search's own reason when it did not end on a bracket", () => {
    const floor = {
      ...SEARCH,
      stopped_by: "generator" as const,
      reason: "capacity 40/s is a floor, not the server's capacity",
    };
    expect(capacityLine({ ...knee, capacity: 40, capacity_search: floor })).toBe(
      "capacity 40 req/s (latency.p95 <= 50ms, error_rate <= 1%): capacity 40/s is a floor, not the server's capacity",
    );
  });

  it("lists every step in the order run: rate, achieved rps, p95, error rate, met", () => {
    const rows = capacityRows(SEARCH);
    expect(rows[0]).toEqual(["step", "rate", "achieved", "p95", "errors", "met"]);
    expect(rows[7]).toEqual(["7", "55/s", "54.5/s", "61.2 ms", "0.0 %", "no"]);
    expect(rows).toHaveLength(8);
  });

  it("charts p95 against the rates in increasing order, the objective as a line, runaway values capped", () => {
    const chart = renderCapacityChart("knee", SEARCH).join("\n");
    expect(chart).toContain('x-axis ["10", "20", "40", "50", "55", "60", "80"]');
    // 900 ms is drawn at the axis top, 4 × the 50 ms objective → 200.
    expect(chart).toContain("line [12, 12.5, 14, 30, 61.2, 70, 200]");
    expect(chart).toContain("line [50, 50, 50, 50, 50, 50, 50]");
    expect(chart).toContain('y-axis "ms" 0 --> 200');
  });

  it("appears in the terminal section and in the markdown summary", () => {
    const terminal = renderScenarioSection(knee, "perf-budget.yml", createPaint(false)).join("\n");
    expect(terminal).toContain("capacity 50 req/s (latency.p95 <= 50ms");
    expect(terminal).toContain("61.2 ms");
    const markdown = renderScenarioMarkdown(knee, undefined, null).join("\n");
    expect(markdown).toContain("**capacity 50 req/s (latency.p95 <= 50ms, error_rate <= 1%)");
    expect(markdown).toContain("| 7 | 55/s | 54.5/s | 61.2 ms | 0.0 % | no |");
    expect(markdown).toContain("p95 latency (ms) vs rate (req/s)");
  });

  it("adds nothing to a scenario without a search", async () => {
    const plain = await scenarioReport({ latencyMs: [10, 20, 30] });
    expect(capacityLine(plain)).toBeNull();
    expect(renderScenarioMarkdown(plain, undefined, null).join("\n")).not.toContain("capacity");
  });

  it("shows the baseline side's capacity beside this run's, in the terminal and the summary", () => {
    const baseline = {
      ...knee,
      capacity: 100,
      capacity_search: {
        ...SEARCH,
        steps: [
          step(40, 12, 0, true),
          step(80, 13, 0, true),
          step(100, 20, 0, true),
          step(105, 73, 0, false),
        ],
      },
    };
    const line = "baseline: capacity 100 req/s: 100/s met, 105/s broke latency.p95 73.0 ms";
    expect(baselineCapacityLine(knee, baseline)).toBe(line);
    expect(baselineCapacityLine(knee, null)).toBeNull();
    const { capacity_search: _, ...unsearched } = baseline;
    expect(baselineCapacityLine(knee, unsearched)).toBeNull();
    const terminal = renderScenarioSection(knee, "perf-budget.yml", createPaint(false), baseline);
    const at = terminal.findIndex((l) => l.includes("capacity 50 req/s"));
    expect(terminal[at + 1]?.trim()).toBe(line);
    expect(renderScenarioMarkdown(knee, undefined, baseline).join("\n")).toContain(`\n\n${line}\n`);
    // Each side's p95-vs-rate curve: the baseline's at its own rates (40, 80, 100, 105), in a chart of its own.
    const markdown = renderScenarioMarkdown(knee, undefined, baseline).join("\n");
    expect(markdown.match(/p95 latency \(ms\) vs rate/g)?.length).toBe(2);
    expect(markdown).toContain(`title "${knee.name} · baseline: p95 latency (ms) vs rate (req/s)"`);
    expect(markdown).toContain('x-axis ["40", "80", "100", "105"]');
    // Other objectives on the baseline side are said, since its capacity then means something else.
    const stricter = {
      ...baseline.capacity_search,
      slo: [{ metric: "latency.p95", op: "<=", limit: 30, source: "30ms" }],
    };
    expect(baselineCapacityLine(knee, { ...baseline, capacity_search: stricter })).toBe(
      "baseline: capacity 100 req/s (latency.p95 <= 30ms): 100/s met, 105/s broke latency.p95 73.0 ms",
    );
  });
});
