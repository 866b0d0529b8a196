/**
 * Side-by-side runs (`baseline_target`, issue 10 §1) against two loopback servers whose latency
 * the test sets: the baseline (A) answers in 20 ms, the target (B) in 40 ms. Every measured value
 * is held to that truth, and every request to the server that should have received it, when.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Budget, LoadSpec, RequestSpec, Scenario } from "../src/budget/types.js";
import { judgeRun, rulesOf, thresholdsOf } from "../src/judge-run.js";
import { planRounds } from "../src/load/rounds.js";
import type { LiveProgress } from "../src/load/types.js";
import type { MeasuredScenario, RoundRecord } from "../src/report/types.js";
import { readReport, writeReport } from "../src/report/write-report.js";
import { runBudget } from "../src/run-budget.js";
import { startServer, type TestServer } from "./fixtures/servers.js";
import { type SseTestServer, startSseServer } from "./fixtures/sse-server.js";

function scenario(load: Partial<LoadSpec> = {}, request: Partial<RequestSpec> = {}): Scenario {
  return {
    name: "chat",
    line: 3,
    request: { method: "GET", path: "/x", headers: {}, timeoutMs: 2000, expectStatus: [], ...request },
    load: {
      connections: 2,
      arrival: "constant",
      seed: 1,
      durationMs: 2000,
      warmupMs: 0,
      roundMs: 500,
      untrusted: "fail",
      ...load,
    },
    thresholds: [],
    regression: [],
    creep: [],
  };
}

function budget(target: string, baselineTarget: string, s: Scenario = scenario()): Budget {
  return { version: 1, file: "budget.yml", target, baselineTarget, scenarios: [s], secrets: [] };
}

const sum = (rounds: readonly RoundRecord[], pick: (r: RoundRecord) => number) =>
  rounds.reduce((a, r) => a + pick(r), 0);

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  [a, b] = await Promise.all([startServer({ delayMs: 20 }), startServer({ delayMs: 40 })]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

describe("runBudget side by side (closed model, A 20 ms, B 40 ms, 2 s in rounds of 500 ms)", () => {
  let target: MeasuredScenario;
  let baseline: MeasuredScenario;
  let rounds: readonly RoundRecord[];
  const progress: LiveProgress[] = [];
  let aBefore = 0;
  let bBefore = 0;
  let arrivals: { a: number[]; b: number[] };
  /** Round 0's measured start on the performance clock (the servers' clock), from the live line. */
  let round0 = Number.NaN;
  /** Per round name, its measured start on the performance clock (first snapshot in `measure`). */
  const measureStarts = new Map<string, number>();

  beforeAll(async () => {
    aBefore = a.stats.arrivalsMs.length;
    bBefore = b.stats.arrivalsMs.length;
    const { measured } = await runBudget(budget(`${b.url}/`, a.url), {
      toolVersion: "0",
      onProgress: (p) => {
        progress.push(p);
        // A snapshot in the measured phase: now − elapsed is that round's measured start.
        if (p.phase === "measure" && !measureStarts.has(p.name))
          measureStarts.set(p.name, performance.now() - p.elapsedMs);
      },
    });
    const t = measured.scenarios[0];
    const base = measured.side_by_side?.scenarios[0];
    if (!t || !base) throw new Error("expected both sides in the report");
    [target, baseline, rounds] = [t, base, t.rounds ?? []];
    expect(measured.side_by_side?.baseline_target).toBe(a.url);
    arrivals = { a: a.stats.arrivalsMs.slice(aBefore), b: b.stats.arrivalsMs.slice(bBefore) };
    // Later rounds have no warm-up, so their first snapshot is in the measured phase.
    const later = rounds.find((r) => measureStarts.has(`chat · ${r.side} ${r.pair + 1}/4`) && r.pair > 0);
    const start = later && measureStarts.get(`chat · ${later.side} ${later.pair + 1}/4`);
    if (later && start !== undefined) round0 = start - later.t_ms;
  }, 20_000);

  it("runs 4 rounds a side in the planned order (blocks ABBA / BAAB), pairs 0 0 1 1 2 2 3 3", () => {
    const order = rounds.map((r) => (r.side === "baseline" ? "A" : "B")).join("");
    expect(order).toBe(
      planRounds(scenario().load)
        .rounds.map((r) => (r.side === "baseline" ? "A" : "B"))
        .join(""),
    );
    for (const block of [order.slice(0, 4), order.slice(4)]) expect(["ABBA", "BAAB"]).toContain(block);
    expect(rounds.map((r) => r.pair)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(rounds.map((r) => r.duration_ms)).toEqual(new Array(8).fill(500));
    // Each round starts after the previous one's window (and its drain).
    for (let i = 1; i < rounds.length; i++)
      expect(rounds[i]?.t_ms).toBeGreaterThanOrEqual((rounds[i - 1]?.t_ms ?? 0) + 500 - 2);
    expect(target.load.round_ms).toBe(500);
    expect(baseline.load.round_ms).toBe(500);
  });

  it("measures each side's own latency: p50 ≈ 20 ms for the baseline, ≈ 40 ms for the target", () => {
    expect(baseline.request.url).toBe(`${a.url}/x`);
    expect(target.request.url).toBe(`${b.url}/x`);
    expect(baseline.latency.p50).toBeGreaterThanOrEqual(19.9);
    expect(baseline.latency.p50).toBeLessThan(27);
    expect(target.latency.p50).toBeGreaterThanOrEqual(39.9);
    expect(target.latency.p50).toBeLessThan(48);
    for (const r of rounds) {
      const p50 = r.stats.latency?.p50 ?? 0;
      if (r.side === "baseline") expect(p50).toBeLessThan(30);
      else expect(p50).toBeGreaterThanOrEqual(39.9);
    }
  });

  it("sends every round's requests to its own server, and only during its round", () => {
    expect(round0).not.toBeNaN();
    // t_ms is whole ms of the wall clock mapped from the monotonic one: within ±1 ms, hence ±3.
    const windows = (side: RoundRecord["side"]) =>
      rounds
        .filter((r) => r.side === side)
        // From the round's warm-up (1 s in each side's first round, none after) to its end plus
        // the drain of the requests in flight (≤ 40 ms).
        .map(
          (r) =>
            [round0 + r.t_ms - (r.pair === 0 ? 1000 : 0) - 3, round0 + r.t_ms + r.duration_ms + 60] as const,
        );
    const inside = (t: number, ws: readonly (readonly [number, number])[]) =>
      ws.some(([from, to]) => t >= from && t <= to);
    const outsideA = arrivals.a.filter((t) => !inside(t, windows("baseline")));
    const outsideB = arrivals.b.filter((t) => !inside(t, windows("target")));
    expect(outsideA).toEqual([]);
    expect(outsideB).toEqual([]);
    // No request of one side arrives inside the other side's measured window.
    const strictly = (side: RoundRecord["side"]) =>
      rounds
        .filter((r) => r.side === side)
        .map((r) => [round0 + r.t_ms + 5, round0 + r.t_ms + r.duration_ms - 5] as const);
    expect(arrivals.a.filter((t) => inside(t, strictly("target")))).toEqual([]);
    expect(arrivals.b.filter((t) => inside(t, strictly("baseline")))).toEqual([]);
    // Every request sent reached its server, measured or warm-up.
    expect(arrivals.a.length).toBe(baseline.requests.total + baseline.warmup_requests);
    expect(arrivals.b.length).toBe(target.requests.total + target.warmup_requests);
    expect(baseline.warmup_requests).toBeGreaterThan(40);
  });

  it("gives each side exactly `duration` of measured time, and merged counts equal the rounds' sums", () => {
    expect(baseline.duration_ms).toBe(2000);
    expect(target.duration_ms).toBe(2000);
    for (const [side, s] of [
      ["baseline", baseline],
      ["target", target],
    ] as const) {
      const mine = rounds.filter((r) => r.side === side);
      expect(s.requests.ok).toBe(sum(mine, (r) => r.ok));
      expect(s.requests.failed).toBe(sum(mine, (r) => r.failed));
      expect(s.requests.responses_in_window).toBe(sum(mine, (r) => r.responses));
      expect(s.latency.count).toBe(sum(mine, (r) => r.stats.latency?.count ?? 0));
      expect(sum(mine, (r) => r.duration_ms)).toBe(2000);
      expect(s.incomplete).toBe(false);
    }
    // 2 connections for 2 s: at most 200 at 20 ms and 100 at 40 ms (less the loop's own overhead).
    expect(baseline.requests.ok).toBeGreaterThan(140);
    expect(baseline.requests.ok).toBeLessThanOrEqual(202);
    expect(target.requests.ok).toBeGreaterThan(70);
    expect(target.requests.ok).toBeLessThanOrEqual(102);
  });

  it("the run's first round is not cold: the baseline's first round counts like its later ones", () => {
    // Without a warm-up of the first rounds, round 0 counted 29 ok where rounds 3, 4 and 7
    // counted 40–42: the generator's own cold start, on one side of pair 0 only.
    const a = rounds.filter((r) => r.side === "baseline").map((r) => r.ok);
    const later = Math.max(...a.slice(1));
    expect(a[0]).toBeGreaterThanOrEqual(0.85 * later);
  });

  it("names the side and the round on the live line", () => {
    const names = new Set(progress.map((p) => p.name));
    expect(names).toContain("chat · baseline 1/4");
    expect(names).toContain("chat · target 4/4");
  });
});

describe("runBudget side by side, open model", () => {
  it("sends each side rate × duration arrivals (50/s for 2 s: 100 due a side)", async () => {
    const s = scenario({ ratePerSec: 50, connections: 8 });
    const { measured } = await runBudget(budget(b.url, a.url, s), { toolVersion: "0" });
    const target = measured.scenarios[0];
    const baseline = measured.side_by_side?.scenarios[0];
    for (const side of [target, baseline]) {
      expect(side?.requests.due).toBeGreaterThanOrEqual(96);
      expect(side?.requests.due).toBeLessThanOrEqual(104);
      expect(side?.requests.dropped).toBe(0);
    }
    expect(baseline?.latency.p50).toBeLessThan(27);
    expect(target?.latency.p50).toBeGreaterThanOrEqual(39.9);
  }, 15_000);
});

describe("runBudget side by side, streamed", () => {
  let fast: SseTestServer;
  let slow: SseTestServer;
  beforeAll(async () => {
    [fast, slow] = await Promise.all([
      startSseServer({ firstTokenDelayMs: 10, chunks: 4, intervalMs: 5, usage: true }),
      startSseServer({ firstTokenDelayMs: 30, chunks: 4, intervalMs: 5, usage: true }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([fast.close(), slow.close()]);
  });

  it("measures TTFT per side and records the stream families in every round", async () => {
    const s = scenario(
      {},
      {
        method: "POST",
        path: "/v1/chat/completions",
        body: '{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}',
        headers: { "content-type": "application/json" },
        stream: { format: "openai", idleTimeoutMs: 2000, includeUsage: true },
      },
    );
    const { measured } = await runBudget(budget(slow.url, fast.url, s), { toolVersion: "0" });
    const target = measured.scenarios[0];
    const baseline = measured.side_by_side?.scenarios[0];
    expect(baseline?.ttft?.p50).toBeGreaterThanOrEqual(9.9);
    expect(baseline?.ttft?.p50).toBeLessThan(17);
    expect(target?.ttft?.p50).toBeGreaterThanOrEqual(29.9);
    expect(target?.ttft?.p50).toBeLessThan(37);
    expect(target?.output_tokens?.p50).toBe(4);
    const rounds = target?.rounds ?? [];
    expect(rounds).toHaveLength(8);
    for (const r of rounds) {
      expect(Object.keys(r.stats).sort()).toEqual(
        [
          // The phases every round has (an http target: no tls).
          "body",
          "connect",
          "itl",
          "latency",
          "output_tokens",
          "prompt_tokens",
          "request_output_tps",
          "tpot",
          "ttfb",
          "ttft",
        ].sort(),
      );
      expect(r.output_tokens).toBe(4 * r.responses);
    }
    expect(target?.stream?.output_tokens_total).toBe(
      sum(
        rounds.filter((r) => r.side === "target"),
        (r) => r.stats.output_tokens?.count ?? 0,
      ) * 4,
    );
  }, 15_000);
});

describe("runBudget side by side, interrupted", () => {
  it("an abort mid-run ends the running round incomplete and starts no further round", async () => {
    const controller = new AbortController();
    // Rounds of 1 s: round 0 (A) warms up 0–1 s and measures 1–2 s, round 1 (B) warms up from
    // about 2.05 s and measures from about 3.05 s: 3.5 s is inside round 1's measured window.
    setTimeout(() => controller.abort(), 3500);
    const started = performance.now();
    const { measured, notRun } = await runBudget(
      budget(b.url, a.url, scenario({ durationMs: 4000, roundMs: 1000 })),
      {
        toolVersion: "0",
        signal: controller.signal,
      },
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(measured.incomplete).toBe(true);
    expect(notRun).toEqual([]);
    const target = measured.scenarios[0];
    const baseline = measured.side_by_side?.scenarios[0];
    expect(target?.incomplete).toBe(true);
    expect(baseline?.incomplete).toBe(true);
    const rounds = target?.rounds ?? [];
    // Round 0 (A) whole, round 1 (B) cut short; nothing after.
    expect(rounds.map((r) => r.side)).toEqual(["baseline", "target"]);
    expect(rounds[0]?.duration_ms).toBe(1000);
    expect(rounds[1]?.duration_ms).toBeLessThan(1000);
    expect(target?.duration_ms).toBe(rounds[1]?.duration_ms);
  }, 10_000);

  it("an abort before the target's first round ended lists the scenario as not run", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { measured, notRun } = await runBudget(budget(b.url, a.url), {
      toolVersion: "0",
      signal: controller.signal,
    });
    expect(measured.incomplete).toBe(true);
    expect(measured.scenarios).toEqual([]);
    expect(measured.side_by_side?.scenarios).toEqual([]);
    expect(notRun.map((s) => s.name)).toEqual(["chat"]);
  }, 10_000);
});

describe("report.json of a side-by-side run", () => {
  it("round-trips side_by_side, rounds and round_ms through writeReport and readReport", async () => {
    const b1 = budget(b.url, a.url, scenario({ durationMs: 2000, roundMs: 1000 }));
    const { measured, notRun } = await runBudget(b1, { toolVersion: "0" });
    const { report } = judgeRun(measured, {
      thresholds: thresholdsOf(b1),
      rules: rulesOf(b1),
      baseline: null,
      baselineSource: null,
      failOn: "any",
      notRun,
    });
    const dir = await mkdtemp(join(tmpdir(), "perf-gate-sbs-"));
    try {
      const path = join(dir, "report.json");
      await writeReport(path, report, []);
      const read = await readReport(path);
      expect(read.side_by_side).toEqual(report.side_by_side);
      expect(read.scenarios[0]?.rounds).toEqual(report.scenarios[0]?.rounds);
      expect(read.scenarios[0]?.rounds).toHaveLength(4);
      expect(read.scenarios[0]?.load.round_ms).toBe(1000);
      expect(read.side_by_side?.scenarios[0]?.latency.count).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 15_000);
});
