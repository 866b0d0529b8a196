/**
 * Regression rules on a stage's stream metrics and goodput (`stages.<stage>.ttft.p95`,
 * `stages.<stage>.goodput`): judged on that stage's block, with the method of the metric it
 * names — the ttft histograms bootstrapped, goodput's per-second series from the stage's own
 * timeline — while the other stage, unchanged, stays unchanged.
 */
import { describe, expect, it } from "vitest";
import type { Slo } from "../../src/budget/types.js";
import { compareScenario } from "../../src/gate/compare-scenario.js";
import { metricValue } from "../../src/gate/metric-value.js";
import type { MeasuredScenario, StageReport } from "../../src/report/types.js";
import { partBlock } from "../../src/report/workload-report.js";
import { exponentialMs, measuredScenario, rule, type ScenarioSpec } from "./gate-fixtures.js";

const SLO: Slo = { ttftMs: 500, line: 9 };

/** 20 s of a stage: ttft samples `ttftScale` × an exponential, around `meanGood` good requests a second. */
function stageRun(ttftScale: number, meanGood: number): ScenarioSpec {
  const good = Array.from({ length: 20 }, (_, t) => Math.round(meanGood * (1 + 0.1 * Math.sin(t * 1.7))));
  return {
    latencyMs: exponentialMs(4000),
    measuredDurationMs: 20_000,
    timeline: good.map((g, t) => ({ t, ok: 20, errors: 0, good: g })),
    goodRequests: good.reduce((a, b) => a + b, 0),
    slo: SLO,
    stream: { ttftMs: exponentialMs(4000, ttftScale) },
  };
}

async function staged(calm: ScenarioSpec, busy: ScenarioSpec): Promise<MeasuredScenario> {
  const block = async (name: string, spec: ScenarioSpec): Promise<StageReport> => ({
    ...partBlock(await measuredScenario(spec)),
    name,
    planned: { duration_ms: 20_000, rate: 20 },
  });
  const whole = await measuredScenario({ latencyMs: exponentialMs(100), measuredDurationMs: 40_000 });
  return { ...whole, stages: [await block("calm", calm), await block("busy", busy)] };
}

describe("regression rules on a stage's stream metrics and goodput", () => {
  it("stages.busy.ttft.p95 +30 % and stages.busy.goodput −30 % are regressions; calm's, unchanged, pass", async () => {
    const base = await staged(stageRun(1, 15), stageRun(1, 15));
    const head = await staged(stageRun(1, 15), stageRun(1.3, 10.5));
    const rules = ["calm", "busy"].flatMap((stage) => [
      rule(`stages.${stage}.ttft.p95`, { maxRelative: 0.1 }),
      rule(`stages.${stage}.goodput`, { maxRelative: 0.1 }),
    ]);
    const checks = compareScenario(head, base, rules).checks;
    expect(checks.map((c) => [c.metric, c.status])).toEqual([
      ["stages.calm.ttft.p95", "pass"],
      ["stages.calm.goodput", "pass"],
      ["stages.busy.ttft.p95", "regression"],
      ["stages.busy.goodput", "regression"],
    ]);
    // Each stage's value is its own block's: good requests per second of the stage.
    expect(metricValue(head, "stages.busy.goodput")).toBeCloseTo(10.5, 0);
    expect(metricValue(head, "stages.calm.goodput")).toBeCloseTo(15, 0);
  });
});
