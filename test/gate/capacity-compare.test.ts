/**
 * Regression rules on `capacity` (issue 12 §2): judged on the two searches' brackets, never on a
 * sampling interval, from hand-built reports whose brackets are the known truth.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { compareScenario } from "../../src/gate/compare-scenario.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { capacityStep, measuredScenario, rule } from "./gate-fixtures.js";

let plain: MeasuredScenario;
beforeAll(async () => {
  plain = await measuredScenario({ latencyMs: [10, 11, 12], load: { ratePerSec: 100 } });
});

/** A scenario whose search met `good` and broke at `bad` (null: reached `to`), at its capacity's rate. */
function searched(
  good: number | null,
  bad: number | null,
  opts: { stepMs?: number; generator?: boolean } = {},
) {
  const steps = [
    ...(good === null ? [] : [capacityStep(good, true)]),
    ...(bad === null ? [] : [capacityStep(bad, false, opts.generator)]),
  ];
  return {
    ...plain,
    // Head and base ran at their own capacities: a different rate must not make them incomparable.
    load: { ...plain.load, rate: good ?? 10 },
    capacity: good,
    capacity_search: {
      from_rate: 10,
      to_rate: 1000,
      step_ms: opts.stepMs ?? 1000,
      slo: [{ metric: "latency.p95", op: "<=", limit: 50, source: "50ms" }],
      steps,
      stopped_by: opts.generator ? "generator" : bad === null ? "max_rate" : "slo",
      reason: "",
    },
  } satisfies MeasuredScenario;
}

const minus10 = rule("capacity", { maxRelative: 0.1 });
const check = (head: MeasuredScenario, base: MeasuredScenario) => {
  const found = compareScenario(head, base, [minus10]).checks[0];
  if (found === undefined) throw new Error("no check");
  return found;
};

describe("capacity regression (-10 %)", () => {
  it.each([
    // head bracket, base bracket → status. Base [100, 105): line 90, sure line 94.5.
    ["a drop beyond the resolution", [80, 84], [100, 105], "regression"],
    ["the same bracket", [100, 105], [100, 105], "pass"],
    ["a small drop, inside the tolerance", [95, 100], [100, 105], "pass"],
    ["a rise", [200, 210], [100, 105], "pass"],
    ["brackets straddling the line", [88, 92], [100, 105], "inconclusive"],
    ["capacity below the line, first failure above it", [85, 95], [100, 105], "inconclusive"],
  ] as const)("%s: head %j vs base %j → %s", (_what, [hg, hb], [bg, bb], status) => {
    const result = check(searched(hg, hb), searched(bg, bb));
    expect(result.status).toBe(status);
    expect(result.baseline).toBe(bg);
    expect(result.actual).toBe(hg);
    if (status === "regression") expect(result.note).toContain("below 90/s");
    if (status === "inconclusive") expect(result.note).toContain("overlap the tolerance line 90/s");
  });

  it("a head that met no step (capacity null) against 100/s is a regression when its first rate broke below the line", () => {
    const result = check(searched(null, 10), searched(100, 105));
    expect(result.status).toBe("regression");
  });

  it("a generator-limited baseline is a floor: a head at 95 % of it is inconclusive, not a pass (it passed)", () => {
    const result = check(searched(95, 100), searched(100, 200, { generator: true }));
    expect(result.status).toBe("inconclusive");
    expect(result.note).toContain("the baseline's search stopped at this machine's limit (100/s is a floor");
    // A head that broke below 90 % of the floor is still a regression: the truth is above the floor.
    expect(check(searched(70, 80), searched(100, 200, { generator: true })).status).toBe("regression");
  });

  it("a generator-limited head is a floor: never a regression", () => {
    const result = check(searched(40, 80, { generator: true }), searched(100, 105));
    expect(result.status).toBe("inconclusive");
  });

  it.each([
    [
      "the baseline ran no search",
      () => check(searched(100, 105), plain),
      "the baseline ran no capacity search",
    ],
    [
      "another step",
      () => check(searched(100, 105, { stepMs: 2000 }), searched(100, 105)),
      "the step differs",
    ],
  ])("not compared when %s", (_what, run, note) => {
    const result = run();
    expect(result.status).toBe("not_compared");
    expect(result.note).toContain(note);
  });
});

describe("other rules on two capacity searches", () => {
  it("are not compared when the steps at the capacities ran at different rates; the scenario stays comparable", () => {
    const result = compareScenario(searched(90, 95), searched(100, 105), [
      rule("latency.p95", { maxRelative: 0.1 }),
      minus10,
    ]);
    expect(result.comparable).toBe(true);
    expect(result.checks[0]?.status).toBe("not_compared");
    expect(result.checks[0]?.note).toContain("ran at different rates (baseline 100/s, this run 90/s)");
    expect(result.checks[1]?.status).toBe("inconclusive");
  });
});
