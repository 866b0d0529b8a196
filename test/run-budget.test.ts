import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Budget, Scenario } from "../src/budget/types.js";
import { InputError } from "../src/errors.js";
import { judgeRun, rulesOf, thresholdsOf } from "../src/judge-run.js";
import type { LiveProgress } from "../src/load/types.js";
import { resolveRequestUrl, runBudget, selectScenarios } from "../src/run-budget.js";
import { startServer, type TestServer } from "./fixtures/servers.js";

function scenario(name: string, durationMs: number, line: number): Scenario {
  return {
    name,
    line,
    request: { method: "GET", path: `/${name}`, headers: {}, timeoutMs: 2000, expectStatus: [] },
    load: {
      connections: 2,
      ratePerSec: 20,
      arrival: "constant",
      seed: 1,
      durationMs,
      warmupMs: 0,
      untrusted: "fail",
    },
    thresholds: [{ metric: "error_rate", op: "<=", limit: 0.01, source: "1%", line: line + 5 }],
    regression: [],
    creep: [],
  };
}

function budget(target: string, scenarios: readonly Scenario[]): Budget {
  return { version: 1, file: "budget.yml", target, scenarios, secrets: [] };
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ delayMs: 1 });
});
afterAll(async () => {
  await server.close();
});

describe("resolveRequestUrl", () => {
  it.each([
    ["http://h/api", "/v1/x", "http://h/api/v1/x"],
    ["http://h/api/", "/v1/x?q=1&r=2", "http://h/api/v1/x?q=1&r=2"],
    ["http://h:8080", "/x", "http://h:8080/x"],
    ["http://h:8080/", "/", "http://h:8080/"],
    ["https://h/a/b//", "//double", "https://h/a/b//double"],
    ["http://h/api#frag", "/x", "http://h/api/x"],
  ])("%s + %s → %s", (target, path, expected) => {
    expect(resolveRequestUrl(target, path).href).toBe(expected);
  });
});

describe("selectScenarios", () => {
  const b = budget("http://h", [scenario("a", 1000, 3), scenario("b", 1000, 9)]);
  it("selects all, or the one named", () => {
    expect(selectScenarios(b, undefined).map((s) => s.name)).toEqual(["a", "b"]);
    expect(selectScenarios(b, "b").map((s) => s.name)).toEqual(["b"]);
  });
  it("rejects an unknown name with an InputError listing the names", () => {
    expect(() => selectScenarios(b, "c")).toThrow(InputError);
    expect(() => selectScenarios(b, "c")).toThrow("'c' is not in budget.yml; its scenarios are: 'a', 'b'");
  });
});

describe("runBudget", () => {
  it("runs the scenarios one after another and reports each", async () => {
    const progress: LiveProgress[] = [];
    const b = budget(`${server.url}/prefix`, [scenario("first", 1000, 3), scenario("second", 1000, 9)]);
    const { measured: report, notRun } = await runBudget(b, {
      toolVersion: "9.9.9",
      onProgress: (p) => progress.push(p),
    });
    expect(report).toMatchObject({ incomplete: false, tool: { version: "9.9.9" } });
    expect(notRun).toEqual([]);
    expect(report.scenarios.map((s) => s.request.url)).toEqual([
      `${server.url}/prefix/first`,
      `${server.url}/prefix/second`,
    ]);
    // 20/s for 1 s each; ±3 allows for the schedule's edges on a busy machine.
    for (const s of report.scenarios) expect(s.requests.ok).toBeGreaterThanOrEqual(17);
    expect(Date.parse(report.finishedAt) - Date.parse(report.startedAt)).toBeGreaterThanOrEqual(2000);
    // Sequential: every progress of "first" comes before any of "second".
    const names = progress.map((p) => p.name);
    expect(names).toContain("first");
    expect(names).toContain("second");
    expect(names.slice(names.indexOf("second"))).not.toContain("first");
  });

  it("on abort keeps what ran, marks the running scenario incomplete and starts no other", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const b = budget(server.url, [scenario("long", 20_000, 3), scenario("after", 1000, 9)]);
    const started = performance.now();
    const { measured: report, notRun } = await runBudget(b, { toolVersion: "0", signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(report.incomplete).toBe(true);
    expect(report.scenarios.map((s) => [s.name, s.incomplete])).toEqual([["long", true]]);
    expect(notRun).toEqual([
      { name: "after", thresholds: [{ metric: "error_rate", source: "1%", line: 14 }] },
    ]);
  });

  it("an interrupted run is not a pass: SIGINT during scenario 1 of 2 is incomplete, and scenario 2 is listed as not run with its thresholds", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 700);
    const b = budget(server.url, [scenario("long", 20_000, 3), scenario("after", 1000, 9)]);
    const { measured, notRun } = await runBudget(b, { toolVersion: "0", signal: controller.signal });
    const { report } = judgeRun(measured, {
      thresholds: thresholdsOf(b),
      rules: rulesOf(b),
      baseline: null,
      baselineSource: null,
      failOn: "any",
      notRun,
      interruptedBy: "SIGINT",
    });
    expect(report.verdict).toBe("incomplete");
    // The scenario that ran held its threshold: the thresholds alone would have said pass.
    expect(report.thresholds_verdict).toBe("pass");
    expect(report.verdict_reason).toBe(
      'interrupted by SIGINT: 1 of 2 scenarios started, "long" cut short; "after" not run',
    );
    expect(report.not_run).toEqual([
      { name: "after", thresholds: [{ metric: "error_rate", source: "1%", line: 14 }] },
    ]);
    expect(report.scenarios[0]?.verdict).toBe("incomplete");
  });

  it("an already aborted signal returns an incomplete report without sending anything", async () => {
    const before = server.stats.received;
    const b = budget(server.url, [scenario("a", 1000, 3)]);
    const { measured, notRun } = await runBudget(b, { toolVersion: "0", signal: AbortSignal.abort() });
    expect(measured).toMatchObject({ incomplete: true, scenarios: [] });
    expect(notRun.map((s) => s.name)).toEqual(["a"]);
    expect(server.stats.received).toBe(before);
  });

  it("rejects an unknown scenario before sending anything", async () => {
    const before = server.stats.received;
    const b = budget(server.url, [scenario("a", 1000, 3)]);
    await expect(runBudget(b, { toolVersion: "0", scenario: "z" })).rejects.toThrow(InputError);
    expect(server.stats.received).toBe(before);
  });
});
