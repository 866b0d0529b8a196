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
    expect(error.problems[0]?.message).toMatch(/^in scenarios a and b, which take defaults\.load: /);
  });

  it("names the scenario that borrowed a defaults.load with a problem in it (was: located at defaults.load, no scenario named)", () => {
    const error = budgetError(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "defaults:",
        "  load: { rate: 10, duration: 3s, warmup: soon }",
        "scenarios:",
        "  - name: chat",
        "    request: { path: /a }",
        "  - name: own",
        "    request: { path: /b }",
        "    load: { rate: 5, duration: 1s }",
      ),
    );
    expect(error.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      'perf-budget.yml:4:43 defaults.load.warmup: in scenario chat, which takes defaults.load: expected a duration like "250ms", got "soon"',
    ]);
  });

  it("a problem that holds for one borrower only names that one: a ttft objective of a capacity search borrowed by a streamed and a plain scenario", () => {
    const error = budgetError(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "defaults:",
        "  load:",
        "    connections: 4",
        "    capacity:",
        "      rate: { from: 10, to: 100 }",
        "      step: 1s",
        "      slo:",
        "        ttft.p95: 300ms",
        "scenarios:",
        "  - name: chat",
        "    request: { method: POST, path: /v1/chat/completions, stream: openai, json: { model: m, stream: true } }",
        "  - name: health",
        "    request: { path: /health }",
      ),
    );
    expect(error.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      "perf-budget.yml:10:9 defaults.load.capacity.slo.ttft.p95: in scenario health, which takes defaults.load: ttft.p95 needs a streamed response, and no step of this search would have it: set request.stream: openai (or sse) in this scenario, or use a latency objective (latency.p95)",
    ]);
  });

  it("names at most three borrowers, then how many more", () => {
    const scenarios = ["a", "b", "c", "d", "e"].flatMap((name) => [
      `  - name: ${name}`,
      "    request: { path: / }",
    ]);
    const error = budgetError(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "defaults:",
        "  load: { rate: -1, duration: 1s }",
        "scenarios:",
        ...scenarios,
      ),
    );
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.message).toMatch(
      /^in scenarios a, b, c and 2 more, which take defaults\.load: /,
    );
  });

  it("a capacity slo inside defaults.load gets its own line there, not the scenario's (was: each borrower's name line)", () => {
    const budget = parse(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        "defaults:",
        "  load:",
        "    connections: 4",
        "    capacity:",
        "      rate: { from: 10, to: 100 }",
        "      step: 1s",
        "      slo:",
        "        error_rate: 1%",
        "        latency.p95: 50ms",
        "scenarios:",
        "  - name: a",
        "    request: { path: /a }",
        "  - name: b",
        "    request: { path: /b }",
        "    load:",
        "      capacity: { rate: { from: 5, to: 50 }, step: 1s, slo: { latency.p99: 80ms } }",
      ),
    );
    const [a, b] = budget.scenarios;
    // In the order written, each at the line of its key.
    expect(a?.load.capacity?.slo.map((t) => [t.metric, t.line])).toEqual([
      ["error_rate", 10],
      ["latency.p95", 11],
    ]);
    // A scenario's own load keeps its own lines.
    expect(b?.load.capacity?.slo.map((t) => [t.metric, t.line])).toEqual([["latency.p99", 18]]);
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
