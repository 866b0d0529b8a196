import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { budgetError, lines } from "./helpers.js";

/** A budget whose one scenario has `load` (a flow map) and, optionally, `defaults.workers`. */
function source(load: string, defaultWorkers?: string): string {
  return lines(
    "version: 1",
    "target: http://127.0.0.1:9",
    ...(defaultWorkers === undefined ? [] : ["defaults:", `  workers: ${defaultWorkers}`]),
    "scenarios:",
    "  - name: a",
    `    load: ${load}`,
  );
}

describe("load.workers", () => {
  it.each([
    ["{ duration: 1s, workers: 4 }", 4],
    ["{ duration: 1s, workers: auto }", "auto"],
    ["{ duration: 1s, workers: 1 }", 1],
    ["{ duration: 1s }", undefined],
    // The open model's connections are a pool cap per worker: more workers than connections is fine.
    ["{ rate: 50, duration: 1s, connections: 2, workers: 8 }", 8],
  ])("%s → workers %s", (load, expected) => {
    const budget = parseBudget(source(load), { file: "b.yml", env: {} });
    expect(budget.scenarios[0]?.load.workers).toBe(expected);
  });

  it("applies defaults.workers to a scenario that does not set it, and the scenario's wins", () => {
    const budget = parseBudget(
      lines(
        "version: 1",
        "target: http://127.0.0.1:9",
        "defaults: { workers: auto }",
        "scenarios:",
        "  - { name: a, load: { duration: 1s } }",
        "  - { name: b, load: { duration: 1s, workers: 2 } }",
      ),
      { file: "b.yml", env: {} },
    );
    expect(budget.scenarios.map((s) => s.load.workers)).toEqual(["auto", 2]);
  });

  it.each([
    ["0", "0"],
    ["65", "65"],
    ["1.5", "1.5"],
    ["many", '"many"'],
    ["-2", "-2"],
  ])("refuses workers: %s, located at the value", (value, found) => {
    const error = budgetError(source(`{ duration: 1s, workers: ${value} }`));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ line: 5, path: "scenarios[0].load.workers" });
    expect(error.problems[0]?.message).toBe(
      `expected a whole number of worker threads from 1 to 64, or auto, got ${found}`,
    );
  });

  it("refuses a bad defaults.workers at its line", () => {
    const error = budgetError(source("{ duration: 1s }", "0"));
    expect(error.problems[0]).toMatchObject({ line: 4, path: "defaults.workers" });
  });

  it("refuses more workers than a closed model's connections: the scenario's, at its key", () => {
    const error = budgetError(source("{ connections: 3, duration: 1s, workers: 4 }"));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ line: 5, path: "scenarios[0].load.workers" });
    expect(error.problems[0]?.message).toMatch(
      /^expected at most 3 workers .* got 4: lower workers or raise connections$/,
    );
  });

  it("refuses defaults.workers above a closed scenario's connections, naming the scenario", () => {
    const error = budgetError(source("{ connections: 2, duration: 1s }", "4"));
    expect(error.problems[0]).toMatchObject({ line: 4, path: "defaults.workers" });
    expect(error.problems[0]?.message).toMatch(/^scenarios\[0\]: expected at most 2 workers/);
  });

  it("counts the default 10 connections, and a closed shape's largest stage", () => {
    expect(budgetError(source("{ duration: 1s, workers: 11 }")).problems[0]?.message).toMatch(
      /at most 10 workers/,
    );
    expect(() =>
      parseBudget(
        source(
          "{ stages: [{ duration: 1s, connections: 2 }, { duration: 1s, connections: 6 }], workers: 6 }",
        ),
        {
          file: "b.yml",
          env: {},
        },
      ),
    ).not.toThrow();
  });
});
