import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { REGRESSION_METRICS } from "../../src/budget/regression-schema.js";
import type { RegressionRule } from "../../src/budget/types.js";
import { budgetError, lines } from "./helpers.js";

const HEAD = [
  "version: 1",
  "target: http://127.0.0.1:8080",
  "scenarios:",
  "  - name: a",
  "    load:",
  "      duration: 1s",
];
/** A budget whose `regression:` map starts at line 7; its rules are from line 8. */
const regression = (...rules: string[]) => lines(...HEAD, "    regression:", ...rules);

function rulesOf(source: string): readonly RegressionRule[] {
  return parseBudget(source, { file: "perf-budget.yml", env: {} }).scenarios[0]?.regression ?? [];
}

describe("regression: rules", () => {
  test("every form, in the order written, with its line and unit conversions", () => {
    const rules = rulesOf(
      regression(
        "      latency.p95: +10%",
        "      latency.p99: { max: +15%, floor: 20ms }",
        "      error_rate: +0.5pp",
        "      rps: -10%",
        "      latency.p50: +20ms",
        "      queue_time.mean: { max: +1.5s }",
        "      latency_uncorrected.p999: +250us",
      ),
    );
    expect(rules).toEqual([
      { metric: "latency.p95", maxRelative: 0.1, source: "+10%", line: 8 },
      { metric: "latency.p99", maxRelative: 0.15, floor: 20, source: "{ max: +15%, floor: 20ms }", line: 9 },
      { metric: "error_rate", maxAbsolute: 0.005, source: "+0.5pp", line: 10 },
      { metric: "rps", maxRelative: 0.1, source: "-10%", line: 11 },
      { metric: "latency.p50", maxAbsolute: 20, source: "+20ms", line: 12 },
      { metric: "queue_time.mean", maxAbsolute: 1500, source: "{ max: +1.5s }", line: 13 },
      { metric: "latency_uncorrected.p999", maxAbsolute: 0.25, source: "+250us", line: 14 },
    ]);
  });

  test.each<[string, string, Omit<RegressionRule, "metric" | "line">]>([
    ["rps as a negative number (req/s)", "      rps: -5", { maxAbsolute: 5, source: "-5" }],
    ["rps quoted absolute", '      rps: "-2.5"', { maxAbsolute: 2.5, source: "-2.5" }],
    [
      "rps with a floor in req/s",
      "      rps: { max: -5%, floor: 3 }",
      { maxRelative: 0.05, floor: 3, source: "{ max: -5%, floor: 3 }" },
    ],
    [
      "error_rate relative with a floor in pp",
      "      error_rate: { max: +50%, floor: 0.2pp }",
      { maxRelative: 0.5, floor: 0.002, source: "{ max: +50%, floor: 0.2pp }" },
    ],
    ["zero tolerance", "      latency.p95: +0%", { maxRelative: 0, source: "+0%" }],
  ])("%s", (_what, line, expected) => {
    expect(rulesOf(regression(line))[0]).toMatchObject({ ...expected, line: 8 });
  });

  test("absent means no rules", () => {
    expect(rulesOf(lines(...HEAD))).toEqual([]);
  });
});

interface Expected {
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly message: string;
}

const P = "scenarios[0].regression";
const RISE = '"+10%" or "+20ms"';

// [what, rule lines from line 8, the exact problems]
const ERRORS: [string, string[], Expected[]][] = [
  [
    "a drop on a lower-is-better metric",
    ["      latency.p95: -10%"],
    [
      {
        line: 8,
        col: 20,
        path: `${P}.latency.p95`,
        message: `expected a rise like ${RISE} (latency.p95 is lower-is-better: a regression is an increase), got "-10%"`,
      },
    ],
  ],
  [
    "no sign",
    ["      latency.p95: 10%"],
    [
      {
        line: 8,
        col: 20,
        path: `${P}.latency.p95`,
        message: `expected a rise like ${RISE} (latency.p95 is lower-is-better: a regression is an increase), got "10%"`,
      },
    ],
  ],
  [
    "a rise on a higher-is-better metric",
    ["      rps: +10%"],
    [
      {
        line: 8,
        col: 12,
        path: `${P}.rps`,
        message:
          'expected a drop like "-10%" or -5 (rps is higher-is-better: a regression is a decrease), got "+10%"',
      },
    ],
  ],
  [
    "a positive number on rps",
    ["      rps: 10"],
    [
      {
        line: 8,
        col: 12,
        path: `${P}.rps`,
        message:
          'expected a drop like "-10%" or -5 (rps is higher-is-better: a regression is a decrease), got 10',
      },
    ],
  ],
  [
    "pp on a duration metric",
    ["      latency.p95: +0.5pp"],
    [
      {
        line: 8,
        col: 20,
        path: `${P}.latency.p95`,
        message: `expected "%" (relative) or a duration unit (absolute), like ${RISE}, got "+0.5pp"`,
      },
    ],
  ],
  [
    "a duration on a rate",
    ["      error_rate: +5ms"],
    [
      {
        line: 8,
        col: 19,
        path: `${P}.error_rate`,
        message: 'expected "%" (relative) or "pp" (percentage points), like "+10%" or "+0.5pp", got "+5ms"',
      },
    ],
  ],
  [
    "a duration on rps",
    ["      rps: -5ms"],
    [
      {
        line: 8,
        col: 12,
        path: `${P}.rps`,
        message:
          'expected "%" (relative) or a plain number of requests per second, like "-10%" or -5, got "-5ms"',
      },
    ],
  ],
  [
    "no unit on a duration metric",
    ["      latency.p95: +10"],
    [
      {
        line: 8,
        col: 20,
        path: `${P}.latency.p95`,
        message: `expected a rise like ${RISE} (latency.p95 is lower-is-better: a regression is an increase), got 10`,
      },
    ],
  ],
  [
    "not a change",
    ["      latency.p95: fast"],
    [{ line: 8, col: 20, path: `${P}.latency.p95`, message: `expected a change like ${RISE}, got "fast"` }],
  ],
  [
    "over 100 percentage points",
    ["      error_rate: +150pp"],
    [{ line: 8, col: 19, path: `${P}.error_rate`, message: 'expected at most +100pp, got "+150pp"' }],
  ],
  [
    "a drop of 100 % or more",
    ["      rps: -100%"],
    [{ line: 8, col: 12, path: `${P}.rps`, message: 'expected a drop under 100%, got "-100%"' }],
  ],
  [
    "unknown metric, did you mean",
    ["      latency.p59: +10%"],
    [
      {
        line: 8,
        col: 7,
        path: `${P}.latency.p59`,
        message: 'unknown metric "latency.p59", did you mean "latency.p95"?',
      },
    ],
  ],
  [
    "bare statistic",
    ["      p99: +10%"],
    [{ line: 8, col: 7, path: `${P}.p99`, message: 'unknown metric "p99", did you mean "latency.p99"?' }],
  ],
  [
    "a metric that cannot be tested against noise",
    ["      latency.max: +10%"],
    [
      {
        line: 8,
        col: 7,
        path: `${P}.latency.max`,
        message:
          "latency.max cannot have a regression rule: its change cannot be tested against noise (use a threshold); regression rules take latency.<stat>",
      },
    ],
  ],
  [
    "floor without a unit",
    ["      latency.p99: { max: +15%, floor: 20 }"],
    [{ line: 8, col: 40, path: `${P}.latency.p99.floor`, message: "expected a duration like 20ms, got 20" }],
  ],
  [
    "floor of a rate in %",
    ["      error_rate: { max: +1pp, floor: 1% }"],
    [
      {
        line: 8,
        col: 39,
        path: `${P}.error_rate.floor`,
        message: 'expected percentage points like 0.1pp, got "1%"',
      },
    ],
  ],
  [
    "negative floor on rps",
    ["      rps: { max: -10%, floor: -2 }"],
    [
      {
        line: 8,
        col: 32,
        path: `${P}.rps.floor`,
        message: "expected a number of requests per second like 5, got -2",
      },
    ],
  ],
  [
    "wrong sign inside max",
    ["      rps: { max: +10% }"],
    [
      {
        line: 8,
        col: 19,
        path: `${P}.rps.max`,
        message:
          'expected a drop like "-10%" or -5 (rps is higher-is-better: a regression is a decrease), got "+10%"',
      },
    ],
  ],
  [
    "map without max",
    ["      latency.p99: { floor: 20ms }"],
    [
      {
        line: 8,
        col: 20,
        path: `${P}.latency.p99.max`,
        message: `missing required key "max": expected a change like ${RISE}`,
      },
    ],
  ],
  [
    "misspelt key in the map",
    ["      latency.p99: { max: +15%, flor: 20ms }"],
    [
      {
        line: 8,
        col: 33,
        path: `${P}.latency.p99.flor`,
        message: 'unknown key "flor" (expected max, floor)',
      },
    ],
  ],
  [
    "a list",
    ["      latency.p95: [1]"],
    [{ line: 8, col: 20, path: `${P}.latency.p95`, message: `expected a change like ${RISE}, got a list` }],
  ],
  [
    "left empty",
    [],
    [
      {
        line: 7,
        col: 16,
        path: P,
        message: "expected a map of metric to tolerance, like latency.p95: +10%, got nothing",
      },
    ],
  ],
  [
    "every problem together, in file order",
    ["      rps: +10%", "      latency.p95: fast", "      latency.p59: +1%"],
    [
      { line: 8, col: 12, path: `${P}.rps`, message: "rps is higher-is-better" },
      { line: 9, col: 20, path: `${P}.latency.p95`, message: "expected a change like" },
      { line: 10, col: 7, path: `${P}.latency.p59`, message: 'did you mean "latency.p95"?' },
    ],
  ],
];

describe("regression: errors", () => {
  test.each(ERRORS)("%s", (_what, rules, problems) => {
    const error = budgetError(regression(...rules));
    expect(
      error.problems.map((p) => ({ line: p.line, col: p.col, path: p.path })),
      error.message,
    ).toEqual(problems.map(({ line, col, path }) => ({ line, col, path })));
    problems.forEach((want, i) => {
      expect(error.problems[i]?.message).toContain(want.message);
    });
    expect(error.message).not.toMatch(/Invalid input|Unrecognized key|Too small|Too big|Invalid string/);
  });

  test("the full message names file, line, column and key path", () => {
    expect(budgetError(regression("      rps: +10%")).message).toBe(
      'invalid budget (1 problem):\n  perf-budget.yml:8:12 scenarios[0].regression.rps: expected a drop like "-10%" or -5 (rps is higher-is-better: a regression is a decrease), got "+10%"',
    );
  });
});

describe("REGRESSION_METRICS", () => {
  test("are the percentiles and means of latency, stream timings, request_output_tps and ttfat, four rates and capacity", () => {
    const names = REGRESSION_METRICS.map((m) => m.name);
    for (const name of ["latency.p95", "queue_time.mean", "ttfb.p50", "ttft.p999", "itl.p99", "tpot.mean"])
      expect(names).toContain(name);
    expect(names).toContain("request_output_tps.p50");
    expect(names.slice(-5)).toEqual(["error_rate", "rps", "output_tps", "goodput", "capacity"]);
    // Token counts are workload, not performance; min/max/stdev cannot be bootstrapped.
    expect(names.filter((n) => /\.(min|max|stdev)$|^requests\.|_tokens\./.test(n))).toEqual([]);
    expect(names).toContain("ttfat.p95");
    // latency ×4, stream times ×4, request_output_tps, ttfat, the phases connect, tls, body.
    expect(names).toHaveLength((4 + 4 + 1 + 1 + 3) * 6 + 5);
    for (const name of ["connect.p95", "tls.p50", "body.p99"]) expect(names).toContain(name);
  });
});
