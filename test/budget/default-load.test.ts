/**
 * `defaults.load`: the load of every scenario without a `load:` of its own, used whole; problems
 * inside it are located where it is written, and a scenario with no load anywhere is refused.
 */
import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { budgetError, lines } from "./helpers.js";

const parse = (source: string) => parseBudget(source, { file: "perf-budget.yml", env: {} });

describe("defaults.load", () => {
  it("is the load of a scenario without one, and a scenario's own load replaces it whole", () => {
    const budget = parse(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "defaults:",
        "  load: { rate: 7, duration: 3s, warmup: 1s }",
        "scenarios:",
        "  - name: borrowed",
        "    request: { path: /a }",
        "  - name: own",
        "    request: { path: /b }",
        "    load: { connections: 3, duration: 2s }",
      ),
    );
    const [borrowed, own] = budget.scenarios;
    expect(borrowed?.load).toMatchObject({ ratePerSec: 7, durationMs: 3000, warmupMs: 1000 });
    // Not merged key by key: the own load has no rate from the default, and its own warm-up default.
    expect(own?.load.ratePerSec).toBeUndefined();
    expect(own?.load).toMatchObject({ connections: 3, durationMs: 2000 });
    expect(own?.load.warmupMs).not.toBe(1000);
  });

  it("locates a mistake inside defaults.load at defaults.load, once, however many scenarios borrow it", () => {
    const error = budgetError(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "defaults:",
        "  load: { rate: fast, duration: 3s }",
        "scenarios:",
        "  - name: a",
        "    request: { path: /a }",
        "  - name: b",
        "    request: { path: /b }",
      ),
    );
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ line: 4, path: "defaults.load.rate" });
  });

  it("refuses a scenario with no load when there is no defaults.load, saying both fixes", () => {
    const error = budgetError(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "scenarios:",
        "  - name: a",
        "    request: { path: /a }",
        "    load: { duration: 1s }",
        "  - name: b",
        "    request: { path: /b }",
      ),
    );
    expect(error.problems.map((p) => `${p.line} ${p.path}: ${p.message}`)).toEqual([
      "7 scenarios[1]: missing required key load: add load: to this scenario (e.g. load: { rate: 10, duration: 30s }), or defaults.load for every scenario without one",
    ]);
  });
});
