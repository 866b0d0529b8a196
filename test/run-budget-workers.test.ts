/**
 * `workersFor`: which scenarios may run in worker threads, decided before any load is sent.
 * (The threads themselves are tested on the built lib/: test/load/workers.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { parseBudget } from "../src/budget/index.js";
import type { Budget } from "../src/budget/types.js";
import { workersFor } from "../src/run-budget.js";

/** A budget of one scenario with `load` (a flow map); `origin` as if read from a file. */
function budget(load: string, extra: readonly string[] = [], fromFile = true): Budget {
  const parsed = parseBudget(
    [
      "version: 1",
      "target: http://api.example.com",
      ...extra,
      "scenarios:",
      "  - name: a",
      `    load: ${load}`,
      "",
    ].join("\n"),
    { file: "b.yml", env: {} },
  );
  return fromFile ? { ...parsed, origin: { file: "b.yml", env: {} } } : parsed;
}

/** A side-by-side budget whose scenario "a" has an `abort: true` threshold. */
function abortSideBySide(): Budget {
  const source = [
    "version: 1",
    "target: http://api.example.com",
    "baseline_target: http://base.example.com",
    "scenarios:",
    "  - name: a",
    "    load: { rate: 10, duration: 4s }",
    "    thresholds: { error_rate: { limit: 1%, abort: true } }",
    "",
  ].join("\n");
  return { ...parseBudget(source, { file: "b.yml", env: {} }), origin: { file: "b.yml", env: {} } };
}

const first = (b: Budget) => b.scenarios[0] as Budget["scenarios"][number];

describe("workersFor", () => {
  it("runs the count asked for, --workers replacing the budget's", () => {
    const b = budget("{ rate: 10, duration: 1s, workers: 3 }");
    expect(workersFor(b, first(b), undefined)).toBe(3);
    expect(workersFor(b, first(b), 2)).toBe(2);
    expect(workersFor(b, first(b), 1)).toBe(1);
    expect(
      workersFor(
        budget("{ rate: 10, duration: 1s }"),
        first(budget("{ rate: 10, duration: 1s }")),
        undefined,
      ),
    ).toBe(1);
  });

  it("runs a capacity search's steps in workers, alone and side by side", () => {
    const spec = "capacity: { rate: { from: 10, to: 100 }, step: 1s, slo: { latency.p95: 100ms } }";
    const capacity = budget(`{ ${spec}, workers: 2 }`);
    expect(workersFor(capacity, first(capacity), undefined)).toBe(2);
    const sides = budget(`{ ${spec}, workers: 2 }`, ["baseline_target: http://base.example.com"]);
    expect(workersFor(sides, first(sides), undefined)).toBe(2);
  });

  it("runs a side-by-side run's rounds in workers", () => {
    const sides = budget("{ rate: 10, duration: 4s, workers: 2 }", [
      "baseline_target: http://base.example.com",
    ]);
    expect(workersFor(sides, first(sides), undefined)).toBe(2);
  });

  it("runs a side-by-side run with abort: true in workers (each worker's watch carries its own earlier rounds)", () => {
    const watched = abortSideBySide();
    expect(workersFor(watched, first(watched), 2)).toBe(2);
  });

  it("refuses an explicit count where workers do not run yet: a budget not read from a file", () => {
    const text = budget("{ rate: 10, duration: 1s, workers: 2 }", [], false);
    expect(() => workersFor(text, first(text), undefined)).toThrow(/was not read from a file/);
  });

  it("runs auto in the main thread where workers do not run yet", () => {
    const text = budget("{ rate: 10, duration: 1s }", [], false);
    expect(workersFor(text, first(text), "auto")).toBe(1);
  });

  it("refuses --workers above a closed model's connections", () => {
    const b = budget("{ connections: 2, duration: 1s }");
    expect(() => workersFor(b, first(b), 3)).toThrow(
      /^scenario "a": --workers 3: expected at most 2 workers/,
    );
    expect(workersFor(b, first(b), "auto")).toBeLessThanOrEqual(2);
  });
});

describe("workersFor a shard (--shard k/N with workers)", () => {
  it("refuses more workers than the shard's own connections: 4 connections in 2 shards leave 2 each (4 workers doubled the loops)", () => {
    const b = budget("{ connections: 4, duration: 1s, workers: 2 }");
    expect(workersFor(b, first(b), undefined, { index: 0, count: 2 })).toBe(2);
    expect(() => workersFor(b, first(b), 3, { index: 1, count: 2 })).toThrow(
      /^scenario "a": --workers 3: expected at most 2 workers \(each worker needs at least one of shard 2 of 2's 2 connections\)/,
    );
  });
});
