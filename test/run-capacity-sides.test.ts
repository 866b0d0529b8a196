/**
 * Issue 12 §2, "in side-by-side mode both sides are searched the same way", end to end: two FIFO
 * servers of known capacity (one worker, fixed service time S: capacity 1/S) searched side by
 * side through the budget, the run, the report and the gate. The servers run in child processes:
 * a generator sharing its event loop with a saturated server's timers is judged lagged on a busy
 * machine, and the search stops there. Slow: about 20 s per pair of searches (13 one-second
 * steps, each with its warm-up and drain), two pairs; a pair the generator limited runs again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget } from "../src/budget/index.js";
import type { Budget } from "../src/budget/types.js";
import type { GateResult } from "../src/gate/types.js";
import { judgeRun, rulesOf, thresholdsOf } from "../src/judge-run.js";
import { sideOrder } from "../src/load/side-turns.js";
import { renderMarkdownSummary } from "../src/render/markdown-summary.js";
import { renderTerminalReport } from "../src/render/terminal-report.js";
import type { MeasuredReport, MeasuredScenario, Report, Side } from "../src/report/types.js";
import { runBudget } from "../src/run-budget.js";
import { type CapacityServerProcess, startCapacityServerProcess } from "./fixtures/capacity-server.js";

const budgetText = (target: string, baseline: string, seed = 7) =>
  [
    "version: 1",
    `target: ${target}`,
    `baseline_target: ${baseline}`,
    "scenarios:",
    "  - name: knee",
    "    load:",
    "      connections: 64",
    `      seed: ${seed}`,
    "      capacity: { rate: { from: 40, to: 160 }, step: 1s, slo: { latency.p95: 50ms } }",
    '    thresholds: { capacity: ">= 40" }',
    "    regression: { capacity: -10% }",
    "",
  ].join("\n");

interface SideBySideRun {
  readonly budget: Budget;
  readonly measured: MeasuredReport;
  readonly target: MeasuredScenario;
  readonly baseline: MeasuredScenario;
  readonly gate: GateResult;
  readonly report: Report;
  readonly progressNames: Set<string>;
  /** When the run (the last attempt) started, ms since the epoch. */
  readonly startedAtMs: number;
}

/**
 * Runs the side-by-side search once. A search stopped by this machine (the generator lagged: on a
 * 2-core machine shared with other test runs, an event-loop delay of 20 ms+ at p99 is common)
 * measured nothing about the servers, so the pair is run again, up to 3 times in all.
 */
async function searchSideBySide(
  target: CapacityServerProcess,
  baseline: CapacityServerProcess,
  attempts = 3,
): Promise<SideBySideRun> {
  const budget = parseBudget(budgetText(target.url, baseline.url), { file: "perf-budget.yml", env: {} });
  const progressNames = new Set<string>();
  const startedAtMs = performance.timeOrigin + performance.now();
  const { measured } = await runBudget(budget, {
    toolVersion: "0",
    onProgress: (p) => progressNames.add(p.name),
  });
  const head = measured.scenarios[0];
  const base = measured.side_by_side?.scenarios[0];
  if (head === undefined || base === undefined) throw new Error("a side measured nothing");
  const { gate, report } = judgeRun(measured, {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    baseline: null,
    baselineSource: null,
    failOn: "any",
  });
  const line = (s: MeasuredScenario) =>
    `${s.capacity} req/s: ${(s.capacity_search?.steps ?? []).map((t) => `${t.rate}${t.met ? "" : t.generator_limited ? "(generator)" : "✗"} p95 ${t.latency_p95.toFixed(1)}`).join(", ")}; ${s.capacity_search?.reason}`;
  console.log(
    `target ${line(head)}\nbaseline ${line(base)}\n${JSON.stringify(gate.scenarios[0]?.comparison?.checks[0])}`,
  );
  const limited = [head, base].some((s) => s.capacity_search?.stopped_by === "generator");
  if (limited && attempts > 1) return searchSideBySide(target, baseline, attempts - 1);
  return { budget, measured, target: head, baseline: base, gate, report, progressNames, startedAtMs };
}

/** The planned side order with each side's turns cut off after its own number of steps. */
function executedOrder(seed: number, steps: Readonly<Record<Side, number>>): Side[] {
  const left = { ...steps };
  const out: Side[] = [];
  for (const side of sideOrder(seed)) {
    if (left.baseline === 0 && left.target === 0) return out;
    if (left[side] === 0) continue;
    left[side]--;
    out.push(side);
  }
  return out;
}

/** How often the stream of arrivals, both servers merged in time, passes from one server to the other. */
async function serverSwitches(
  a: CapacityServerProcess,
  b: CapacityServerProcess,
  sinceMs: number,
): Promise<number> {
  const [inA, inB] = await Promise.all([a.arrivalsMs(), b.arrivalsMs()]);
  const merged = [
    ...inA.filter((t) => t >= sinceMs).map((t) => ({ t, s: "a" })),
    ...inB.filter((t) => t >= sinceMs).map((t) => ({ t, s: "b" })),
  ].sort((x, y) => x.t - y.t);
  return merged.filter((x, i) => i > 0 && merged[i - 1]?.s !== x.s).length;
}

describe("capacity side by side: 10 ms (A, 100/s) against 20 ms (B, 50/s) (slow, ~20 s)", () => {
  let fast: CapacityServerProcess;
  let slow: CapacityServerProcess;
  let run: SideBySideRun;
  beforeAll(async () => {
    [fast, slow] = await Promise.all([startCapacityServerProcess(10), startCapacityServerProcess(20)]);
    run = await searchSideBySide(slow, fast);
  }, 200_000);
  afterAll(async () => {
    await Promise.all([fast.close(), slow.close()]);
  });

  it("finds each side's own capacity: B within 12 % of 50/s, A within 12 % of 100/s", () => {
    expect(Math.abs((run.target.capacity ?? 0) - 50) / 50).toBeLessThanOrEqual(0.12);
    expect(Math.abs((run.baseline.capacity ?? 0) - 100) / 100).toBeLessThanOrEqual(0.12);
    // Both searched the same way: same spec, each its own steps from 40/s.
    for (const s of [run.target, run.baseline]) {
      expect(s.capacity_search?.stopped_by).toBe("slo");
      expect(s.capacity_search?.steps[0]?.rate).toBe(40);
    }
    expect(run.target.request.url).toBe(`${slow.url}/`);
    expect(run.baseline.request.url).toBe(`${fast.url}/`);
  });

  it("interleaves the two searches' steps in the drawn A B B A / B A A B order, never both at once", async () => {
    const steps = {
      baseline: run.baseline.capacity_search?.steps.length ?? 0,
      target: run.target.capacity_search?.steps.length ?? 0,
    };
    const order = executedOrder(run.budget.scenarios[0]?.load.seed ?? 0, steps);
    const changes = order.filter((s, i) => i > 0 && order[i - 1] !== s).length;
    // Every step's arrivals (warm-up and window) go to one server only: the merged arrival stream
    // changes server exactly where the order changes side. Overlapping steps would change it
    // at nearly every arrival.
    expect(await serverSwitches(fast, slow, run.startedAtMs)).toBe(changes);
    expect(run.progressNames).toContain("knee · baseline 40/s");
    expect(run.progressNames).toContain("knee · target 40/s");
  });

  it("fails regression: { capacity: -10% } on the two searches' brackets, and the verdict with it", () => {
    const check = run.gate.scenarios[0]?.comparison?.checks[0];
    expect(check).toMatchObject({ metric: "capacity", status: "regression" });
    expect(check?.baseline).toBe(run.baseline.capacity);
    expect(check?.actual).toBe(run.target.capacity);
    expect(run.gate.scenarios[0]?.verdict).toBe("fail");
    expect(run.measured.side_by_side?.scenarios[0]?.capacity_search?.steps.length).toBeGreaterThan(3);
  });

  it("shows both sides' capacity in the terminal and the summary, and says how the sides were measured", () => {
    const baselineLine = `baseline: capacity ${run.baseline.capacity} req/s: `;
    const terminal = renderTerminalReport(run.report, { color: false });
    expect(terminal).toContain(`capacity ${run.target.capacity} req/s (latency.p95 <= 50ms): `);
    expect(terminal).toContain(baselineLine);
    const summary = renderMarkdownSummary(run.report, run.gate);
    expect(summary).toContain(baselineLine);
    expect(summary).toContain("(capacity searches, steps interleaved A B B A …)");
    expect(summary).not.toContain("0 rounds per side");
  });
});

describe("capacity side by side: two equal 20 ms servers (slow, ~20 s)", () => {
  let a: CapacityServerProcess;
  let b: CapacityServerProcess;
  let run: SideBySideRun;
  beforeAll(async () => {
    [a, b] = await Promise.all([startCapacityServerProcess(20), startCapacityServerProcess(20)]);
    run = await searchSideBySide(b, a);
  }, 200_000);
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  it("does not call it a regression (pass or inconclusive)", () => {
    // No figure asserted here: on a busy machine a search may stop early on a lagging generator,
    // which makes the check inconclusive (or leaves nothing to compare); never a regression.
    for (const s of [run.target, run.baseline]) expect(s.capacity_search?.steps.length).toBeGreaterThan(0);
    const check = run.gate.scenarios[0]?.comparison?.checks[0];
    expect(check?.metric).toBe("capacity");
    // A search that a lagging machine stopped at its first rate leaves nothing to compare: that
    // is said (not_compared, with why), and is still not a regression.
    if (check?.status === "not_compared") {
      expect(check.note).toMatch(/met no objective at its first rate|interrupted/);
      return;
    }
    expect(["pass", "inconclusive"], check?.note).toContain(check?.status);
  });
});

describe("an interrupted capacity search side by side", () => {
  // Seed 7 draws the target first, seed 1 the baseline (sideOrder): both cases run.
  it.each([
    [7, "target"],
    [1, "baseline"],
  ] as const)(
    "stops both searches at once (seed %i, %s first): the side that finished a step keeps it, the other has none",
    async (seed, first) => {
      const [a, b] = await Promise.all([startCapacityServerProcess(10), startCapacityServerProcess(10)]);
      try {
        const budget = parseBudget(budgetText(b.url, a.url, seed), { file: "perf-budget.yml", env: {} });
        expect(sideOrder(seed).next().value).toBe(first);
        const controller = new AbortController();
        // The first side's first step: 1 s warm-up + 1 s; the other side's starts at about 2 s.
        setTimeout(() => controller.abort(), 2600);
        const started = performance.now();
        const { measured, notRun } = await runBudget(budget, { toolVersion: "0", signal: controller.signal });
        expect(performance.now() - started).toBeLessThan(2600 + 1500);
        expect(measured.incomplete).toBe(true);
        if (first === "target") {
          // The target measured its first step; the baseline side, interrupted in its first, has none.
          expect(measured.scenarios[0]?.capacity_search?.steps.map((s) => s.rate)).toEqual([40]);
          expect(measured.scenarios[0]?.capacity_search?.stopped_by).toBe("interrupted");
          expect(measured.side_by_side?.scenarios).toEqual([]);
        } else {
          // Nothing of the target was measured: the scenario counts as not run.
          expect(measured.scenarios).toEqual([]);
          expect(notRun.map((s) => s.name)).toEqual(["knee"]);
        }
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    },
    15_000,
  );
});
