/**
 * Issue 9 §2: a budget asks only for load the engine can honour. Each bound is tested at its
 * value (accepted) and just past it (a located problem that names the bound and why).
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { LOAD_LIMITS } from "../../src/budget/limits.js";
import { budgetError, lines } from "./helpers.js";

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"]; // lines 1–4

/** A budget whose one scenario has `load` lines (from line 6) and optional `request` lines. */
function budget(load: string[], request: string[] = [], defaults: string[] = []): string {
  const head =
    defaults.length === 0 ? HEAD : [...HEAD.slice(0, 2), "defaults:", ...defaults, ...HEAD.slice(2)];
  return lines(...head, "    load:", ...load, ...(request.length === 0 ? [] : ["    request:", ...request]));
}

const parse = (source: string) => parseBudget(source, { file: "perf-budget.yml", env: {} });
const located = (source: string) => budgetError(source).message;

describe("load bounds: the budget refuses what the engine cannot honour", () => {
  test.each([
    // [what broke today, load lines, expected problem]
    [
      "rate: 1e12 spun at 100 % CPU and ignored signals",
      ["      duration: 2s", "      rate: 1e12"],
      "perf-budget.yml:7:13 scenarios[0].load.rate: expected at most 100,000 requests per second (one generator process cannot keep an absolute schedule faster than that on one core; split a higher rate across shards), got 1000000000000",
    ],
    [
      "rate: 1e8 ran 14 s for a 2 s budget",
      ["      duration: 2s", "      rate: 1e8"],
      "scenarios[0].load.rate: expected at most 100,000 requests per second",
    ],
    [
      "connections: 1e9 hung in the constructor",
      ["      duration: 2s", "      connections: 1e9"],
      "perf-budget.yml:7:20 scenarios[0].load.connections: expected at most 50,000 connections (each connection is a socket, a file descriptor and a client object of the generator; split more across shards), got 1000000000",
    ],
    [
      "duration: 600h overflowed Node's timers and ended after 3.9 s with exit 0",
      ["      duration: 600h"],
      'perf-budget.yml:6:17 scenarios[0].load.duration: expected at most 24h (a gate run is bounded to a day: Node\'s timers overflow past 2^31-1 ms and the report keeps a per-second timeline), got "600h"',
    ],
    ["duration: 10000h hung", ["      duration: 10000h"], "expected at most 24h (a gate run"],
    [
      "a duration too long to be a finite number",
      [
        "      duration: 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999h",
      ],
      "scenarios[0].load.duration: expected at most 24h",
    ],
    [
      "warmup: 25h",
      ["      duration: 1s", "      warmup: 25h"],
      "perf-budget.yml:7:15 scenarios[0].load.warmup: expected at most 24h (a gate run is bounded to a day",
    ],
    [
      "duration and warmup that each fit but not together",
      ["      duration: 20h", "      warmup: 5h"],
      "perf-budget.yml:6:17 scenarios[0].load.duration: expected at most 24h for duration and warmup together (a gate run is bounded to a day: Node's timers overflow past 2^31-1 ms and the report keeps a per-second timeline), got 20h + warmup 5h",
    ],
  ])("%s", (_what, load, expected) => {
    const error = budgetError(budget(load));
    expect(error.exitCode).toBe(2);
    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain(expected);
  });

  test("each bound itself is accepted: 100,000/s, 50,000 connections, 23h + 1h, timeouts of 1h", () => {
    const parsed = parse(
      budget(
        ["      duration: 23h", "      warmup: 60m", "      rate: 100000", "      connections: 50000"],
        ["      timeout: 1h", "      stream: sse", "      idle_timeout: 3600s"],
        ["  timeout: 60m"],
      ),
    );
    const scenario = parsed.scenarios[0];
    expect(scenario?.load).toMatchObject({
      ratePerSec: LOAD_LIMITS.ratePerSec.max,
      connections: LOAD_LIMITS.connections.max,
      durationMs: 23 * 3_600_000,
      warmupMs: 3_600_000,
    });
    expect((scenario?.load.durationMs ?? 0) + (scenario?.load.warmupMs ?? 0)).toBe(LOAD_LIMITS.runMs.max);
    expect(scenario?.request.timeoutMs).toBe(LOAD_LIMITS.timeoutMs.max);
    expect(scenario?.request.stream?.idleTimeoutMs).toBe(LOAD_LIMITS.timeoutMs.max);
  });

  test("just past each bound is refused: 100,000.5/s, 50,001 connections", () => {
    expect(located(budget(["      duration: 1s", "      rate: 100000.5"]))).toContain("got 100000.5");
    expect(located(budget(["      duration: 1s", "      connections: 50001"]))).toContain("got 50001");
    expect(located(budget(["      duration: 86400001ms"]))).toContain('got "86400001ms"');
  });
});

describe("timeout bounds: the histograms track up to 1 h", () => {
  const why = "expected at most 1h (the latency histograms track up to 1h)";
  test.each([
    ["request timeout", [], ["      timeout: 61m"], "perf-budget.yml:8:16 scenarios[0].request.timeout"],
    ["defaults.timeout", ["  timeout: 2h"], [], "perf-budget.yml:4:12 defaults.timeout"],
    [
      "idle_timeout",
      [],
      ["      stream: sse", "      idle_timeout: 3601s"],
      "perf-budget.yml:9:21 scenarios[0].request.idle_timeout",
    ],
  ])("%s above 1h", (_what, defaults, request, where) => {
    const message = located(budget(["      duration: 1s"], request, defaults));
    expect(message).toContain(`${where}: ${why}, got "`);
  });
});

describe("untrusted: fail | warn (what an untrusted run does to the verdict)", () => {
  test.each([
    ["default: fail", [], [], "fail"],
    ["defaults.untrusted applies to every scenario", ["  untrusted: warn"], [], "warn"],
    ["the scenario's own wins over defaults", ["  untrusted: warn"], ["      untrusted: fail"], "fail"],
    ["load.untrusted alone", [], ["      untrusted: warn"], "warn"],
  ])("%s", (_what, defaults, load, expected) => {
    const parsed = parse(budget(["      duration: 1s", ...load], [], defaults));
    expect(parsed.scenarios[0]?.load.untrusted).toBe(expected);
  });

  test("a value other than fail or warn is a located problem", () => {
    expect(located(budget(["      duration: 1s", "      untrusted: ignore"]))).toContain(
      'perf-budget.yml:7:18 scenarios[0].load.untrusted: expected one of fail, warn, got "ignore"',
    );
    expect(located(budget(["      duration: 1s"], [], ["  untrusted: true"]))).toContain(
      "perf-budget.yml:4:14 defaults.untrusted: expected one of fail, warn, got true",
    );
  });
});
