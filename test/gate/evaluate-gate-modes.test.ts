import { beforeAll, describe, expect, it } from "vitest";
import { evaluateGate } from "../../src/gate/evaluate-gate.js";
import type { GateInput, RegressionRule } from "../../src/gate/types.js";
import type { Report, RoundRecord, ScenarioReport, Side } from "../../src/report/types.js";
import { exponentialMs, reportOf, rule, scenarioReport } from "./gate-fixtures.js";

/**
 * The gate's baseline modes end to end over reports whose numbers the test sets: side by side
 * (rounds embedded in the head), history (several baselines), creep, and `fail-on: strict`.
 */

const P95_RULE: RegressionRule = rule("latency.p95", { maxRelative: 0.1 });

function rulesFor(...rules: RegressionRule[]): ReadonlyMap<string, readonly RegressionRule[]> {
  return new Map([["chat", rules]]);
}

function input(head: Report, over: Partial<GateInput> = {}): GateInput {
  return {
    head,
    thresholds: new Map(),
    baseline: null,
    baselineSource: null,
    rules: rulesFor(P95_RULE),
    failOn: "any",
    ...over,
  };
}

/** Rounds A B B A … whose p95 is `a[i]` on the baseline side and `b[i]` on the target side in pair i. */
function rounds(a: readonly number[], b: readonly number[]): RoundRecord[] {
  return a.flatMap((av, k) => {
    const stats = (ms: number) => ({
      latency: { count: 500, mean: ms, p50: ms, p90: ms, p95: ms, p99: ms, p999: ms },
    });
    const make = (side: Side, index: number, ms: number): RoundRecord => ({
      side,
      index,
      pair: k,
      t_ms: index * 2000,
      duration_ms: 2000,
      ok: 500,
      failed: 0,
      responses: 500,
      stats: stats(ms),
    });
    const bv = b[k] ?? av;
    return k % 2 === 0
      ? [make("baseline", 2 * k, av), make("target", 2 * k + 1, bv)]
      : [make("target", 2 * k, bv), make("baseline", 2 * k + 1, av)];
  });
}

function sideBySide(head: ScenarioReport, base: ScenarioReport, roundList: RoundRecord[]): Report {
  return {
    ...reportOf([{ ...head, rounds: roundList }]),
    side_by_side: { baseline_target: "http://127.0.0.1:8081", scenarios: [base] },
  };
}

let base: ScenarioReport;
let slower: ScenarioReport;
let same: ScenarioReport;
beforeAll(async () => {
  base = await scenarioReport({ latencyMs: exponentialMs(5000) });
  same = await scenarioReport({ latencyMs: exponentialMs(5000) });
  slower = await scenarioReport({ latencyMs: exponentialMs(5000, 1.3) });
});

describe("side by side", () => {
  // Per-pair p95 under a runner drift of ±15 % that moves both sides alike.
  const drift = [1, 1.1, 1.15, 1.05, 0.95, 0.87, 0.85, 0.92];
  const a = drift.map((d) => 40 * d);

  it("compares with the embedded baseline side, paired over rounds: a +30 % target is a regression", () => {
    const head = sideBySide(
      slower,
      base,
      rounds(
        a,
        a.map((v) => v * 1.3),
      ),
    );
    const gate = evaluateGate(input(head));
    expect(gate.baselineMode).toBe("side_by_side");
    expect(gate.roundPairs).toBe(8);
    expect(gate.baseline?.description).toBe("side by side with http://127.0.0.1:8081");
    const [check] = gate.scenarios[0]?.comparison?.checks ?? [];
    expect(check?.method).toBe("paired_rounds");
    expect(check?.status).toBe("regression");
    expect(gate.verdict).toBe("fail");
    expect(gate.scenarios[0]?.comparison?.pairs).toBe(8);
  });

  it("compares two deployments: the baseline target's host and path prefix differ on purpose", async () => {
    const staging = await scenarioReport({
      latencyMs: exponentialMs(5000),
      url: "https://staging.example.test/api/v1/chat",
    });
    const head = sideBySide(
      slower,
      staging,
      rounds(
        a,
        a.map((v) => v * 1.3),
      ),
    );
    const comparison = evaluateGate(input(head)).scenarios[0]?.comparison;
    expect(comparison?.reasons).toEqual([]);
    expect(comparison?.checks[0]?.status).toBe("regression");
  });

  it("identical sides under the same drift pass: the drift is not a regression", () => {
    const head = sideBySide(
      same,
      base,
      rounds(
        a,
        a.map((v, i) => v * (1 + 0.01 * Math.sin(i))),
      ),
    );
    const gate = evaluateGate(input(head));
    expect(gate.scenarios[0]?.comparison?.checks[0]?.status).toBe("pass");
    expect(gate.verdict).toBe("pass");
  });

  it("a baseline target that answered nothing is not compared, and says why", async () => {
    const dead = await scenarioReport({ latencyMs: [], failed: 200 });
    const head = sideBySide(slower, dead, rounds(a, a));
    const comparison = evaluateGate(input(head)).scenarios[0]?.comparison;
    expect(comparison?.comparable).toBe(false);
    expect(comparison?.reasons.join(" ")).toMatch(/^the baseline target's run is untrusted: /);
    expect(comparison?.checks[0]?.status).toBe("not_compared");
  });

  it("an untrusted baseline side makes the scenario untrusted: half the measurement is missing", async () => {
    const dead = await scenarioReport({ latencyMs: [], failed: 200 });
    const gate = evaluateGate(input(sideBySide(same, dead, rounds(a, a))));
    expect(gate.verdict).toBe("untrusted");
    expect(gate.scenarios[0]?.trust.reasons.some((r) => r.startsWith("baseline target: "))).toBe(true);
  });

  it("under untrusted: warn an untrusted baseline side is compared anyway, with a warning", async () => {
    const warn = { connections: 4, untrusted: "warn" as const };
    const dead = await scenarioReport({ latencyMs: [], failed: 200, load: warn });
    const head = await scenarioReport({ latencyMs: exponentialMs(5000, 1.3), load: warn });
    const gate = evaluateGate(
      input(
        sideBySide(
          head,
          dead,
          rounds(
            a,
            a.map((v) => v * 1.3),
          ),
        ),
      ),
    );
    // Compared: what is missing now is the data itself (nothing answered), not the permission.
    expect(gate.scenarios[0]?.comparison?.comparable).toBe(true);
    expect(gate.scenarios[0]?.comparison?.checks[0]?.note).toBe(
      "not compared: the baseline has no latency.p95 data",
    );
    expect(gate.verdict).toBe("pass");
    expect(gate.warnings.some((w) => w.includes("untrusted (untrusted: warn): baseline target: "))).toBe(
      true,
    );
  });

  it("an explicit baseline wins over the embedded side, with a warning", () => {
    const head = sideBySide(slower, base, rounds(a, a));
    const gate = evaluateGate(
      input(head, { baseline: reportOf([base]), baselineSource: { description: "base.json" } }),
    );
    expect(gate.baselineMode).toBe("artifact");
    expect(gate.warnings.join("\n")).toMatch(
      /measured side by side with http:\/\/127\.0\.0\.1:8081, but a baseline was given/,
    );
  });
});

describe("history", () => {
  /** Five baselines whose p95 spreads by ±12 % run to run, newest first. */
  async function window(): Promise<Report[]> {
    const scales = [1.12, 0.9, 1.05, 0.88, 1.0];
    return Promise.all(
      scales.map(async (s, i) => ({
        ...reportOf([await scenarioReport({ latencyMs: exponentialMs(5000, s) })]),
        startedAt: `2025-01-0${5 - i}T00:00:00.000Z`,
      })),
    );
  }

  it("an unchanged head +11 % above the newest baseline is not a regression: the run-to-run spread covers it", async () => {
    const [newest, ...older] = await window();
    const head = reportOf([await scenarioReport({ latencyMs: exponentialMs(5000, 1.12 * 1.11) })]);
    // Against the newest alone the bootstrap says regression (5,000 samples make it narrow) …
    const alone = evaluateGate(input(head, { baseline: newest ?? null }));
    expect(alone.scenarios[0]?.comparison?.checks[0]?.status).toBe("regression");
    // … with the history the spread between runs is part of the interval.
    const gate = evaluateGate(input(head, { baseline: newest ?? null, history: older }));
    const check = gate.scenarios[0]?.comparison?.checks[0];
    expect(gate.baselineMode).toBe("history");
    expect(gate.historyRuns).toBe(5);
    expect(check?.method).toBe("run_to_run");
    expect(["within_noise", "inconclusive"]).toContain(check?.status);
    expect(gate.regressions).toBe(0);
  });

  it("inconclusive says the spread is wider than the tolerance and what removes it", async () => {
    const [newest, ...older] = await window();
    const head = reportOf([await scenarioReport({ latencyMs: exponentialMs(5000, 1.12) })]);
    const check = evaluateGate(input(head, { baseline: newest ?? null, history: older })).scenarios[0]
      ?.comparison?.checks[0];
    expect(check?.status).toBe("inconclusive");
    expect(check?.note).toMatch(
      /^inconclusive: 95 % CI −[\d.]+ ms … \+[\d.]+ ms spans ±[\d.]+ ms, the tolerance; the spread between the last 5 runs \(±[\d.]+ ms\) is wider than that: measure side by side \(baseline-target\) to decide it$/,
    );
  });

  it("creep compares with the oldest baseline, and the trend lists the window oldest first", async () => {
    // Main crept from 1.0 to 1.3 over 5 runs; this run is +3 % on the newest, +34 % on the oldest.
    const scales = [1.3, 1.22, 1.15, 1.08, 1.0];
    const reports = await Promise.all(
      scales.map(async (s) => reportOf([await scenarioReport({ latencyMs: exponentialMs(5000, s) })])),
    );
    const [newest, ...older] = reports;
    const head = reportOf([await scenarioReport({ latencyMs: exponentialMs(5000, 1.34) })]);
    const gate = evaluateGate(
      input(head, {
        baseline: newest ?? null,
        history: older,
        creep: rulesFor(rule("latency.p95", { maxRelative: 0.2 }, 31)),
      }),
    );
    const comparison = gate.scenarios[0]?.comparison;
    expect(comparison?.checks[0]?.status).not.toBe("regression");
    const creep = comparison?.creep[0];
    expect(creep?.line).toBe(31);
    expect(creep?.baseline).toBeCloseTo((base.latency.p95 ?? 0) * 1.0, 0);
    expect(creep?.changeRelative).toBeCloseTo(0.34, 1);
    expect(comparison?.trend).toHaveLength(1);
    expect(comparison?.trend[0]?.metric).toBe("latency.p95");
    expect(
      comparison?.trend[0]?.baselines.map((v) => Math.round(((v ?? 0) / base.latency.p95) * 100)),
    ).toEqual([100, 108, 115, 122, 130]);
  });

  it("creep rules without a history are a warning, never a check", () => {
    const head = reportOf([slower]);
    const gate = evaluateGate(
      input(head, { baseline: reportOf([base]), creep: rulesFor(rule("latency.p95", { maxRelative: 0.2 })) }),
    );
    expect(gate.scenarios[0]?.comparison?.creep).toEqual([]);
    expect(gate.warnings).toContain(
      "creep rules need several baselines (baseline-history, or several --baseline): creep not checked",
    );
  });
});

describe("fail-on strict", () => {
  it("fails on an inconclusive check; any does not", async () => {
    const few = [10, 12, 15, 20, 30, 50, 80, 120];
    const head = reportOf([await scenarioReport({ latencyMs: few.map((v) => v * 1.3) })]);
    const baseline = reportOf([await scenarioReport({ latencyMs: few })]);
    const any = evaluateGate(input(head, { baseline }));
    expect(any.inconclusive).toBe(1);
    expect(any.verdict).toBe("pass");
    const strict = evaluateGate(input(head, { baseline, failOn: "strict" }));
    expect(strict.verdict).toBe("fail");
    expect(strict.scenarios[0]?.verdict).toBe("fail");
  });
});
