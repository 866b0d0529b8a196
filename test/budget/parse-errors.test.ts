// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * The malformed-budget table of issue #3 §2: each row is a broken budget and the exact problems
 * it must produce (line, column, key path and a message fragment).
 */
import { describe, expect, test } from "vitest";
import { budgetError, lines } from "./helpers.js";

interface Expected {
  readonly line: number;
  readonly col: number;
  readonly path: string;
  readonly fragment: string;
}

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"]; // lines 1–4
const LOAD = ["    load:", "      duration: 1s"]; // lines 5–6 after HEAD
const thresholds = (...limits: string[]) => lines(...HEAD, ...LOAD, "    thresholds:", ...limits); // limits from line 8

const ROWS: readonly { name: string; source: string; env?: Record<string, string>; problems: Expected[] }[] =
  [
    {
      name: "YAML syntax error",
      source: lines("version: 1", "scenarios: [1, 2", "target: http://127.0.0.1:8080"),
      problems: [
        { line: 3, col: 1, path: "", fragment: "YAML syntax error: Flow sequence in block collection" },
      ],
    },
    {
      name: "YAML duplicate key",
      source: lines("version: 1", "version: 1"),
      problems: [{ line: 2, col: 1, path: "", fragment: "YAML syntax error: Map keys must be unique" }],
    },
    {
      name: "unknown nested key, did you mean",
      source: lines(...HEAD, ...LOAD, "      conections: 4"),
      problems: [
        {
          line: 7,
          col: 7,
          path: "scenarios[0].load.conections",
          fragment: 'unknown key "conections", did you mean "connections"?',
        },
      ],
    },
    {
      name: "unknown top-level key, did you mean (and the key it was meant to be is missing)",
      source: lines("version: 1", "target: http://127.0.0.1:8080", "scenario:", "  - name: a"),
      problems: [
        { line: 1, col: 1, path: "scenarios", fragment: 'missing required key "scenarios"' },
        { line: 3, col: 1, path: "scenario", fragment: 'unknown key "scenario", did you mean "scenarios"?' },
      ],
    },
    {
      name: "key one level too high",
      source: lines(...HEAD, "    duration: 1s", ...LOAD),
      problems: [
        { line: 5, col: 5, path: "scenarios[0].duration", fragment: 'did you mean to put it under "load:"?' },
      ],
    },
    {
      name: "bad unit",
      source: lines(...HEAD, "    load:", "      duration: 10 sec"),
      problems: [
        {
          line: 6,
          col: 17,
          path: "scenarios[0].load.duration",
          fragment: 'expected a duration like "250ms", got "10 sec"',
        },
      ],
    },
    {
      name: "duration without a unit",
      source: lines(...HEAD, "    load:", "      duration: 30"),
      problems: [
        {
          line: 6,
          col: 17,
          path: "scenarios[0].load.duration",
          fragment: 'expected a duration like "250ms", got 30',
        },
      ],
    },
    {
      name: "zero duration",
      source: lines(...HEAD, "    load:", "      duration: 0s"),
      problems: [
        {
          line: 6,
          col: 17,
          path: "scenarios[0].load.duration",
          fragment: 'expected a duration above 0, like "250ms", got "0s"',
        },
      ],
    },
    {
      name: "zero rate",
      source: lines(...HEAD, ...LOAD, "      rate: 0"),
      problems: [
        {
          line: 7,
          col: 13,
          path: "scenarios[0].load.rate",
          fragment: "expected a number of requests per second above 0, got 0",
        },
      ],
    },
    {
      name: "negative rate",
      source: lines(...HEAD, ...LOAD, "      rate: -5"),
      problems: [{ line: 7, col: 13, path: "scenarios[0].load.rate", fragment: "above 0, got -5" }],
    },
    {
      name: "zero connections",
      source: lines(...HEAD, ...LOAD, "      connections: 0"),
      problems: [
        {
          line: 7,
          col: 20,
          path: "scenarios[0].load.connections",
          fragment: "expected a whole number of at least 1, got 0",
        },
      ],
    },
    {
      name: "negative connections",
      source: lines(...HEAD, ...LOAD, "      connections: -3"),
      problems: [{ line: 7, col: 20, path: "scenarios[0].load.connections", fragment: "at least 1, got -3" }],
    },
    {
      name: "fractional connections",
      source: lines(...HEAD, ...LOAD, "      connections: 2.5"),
      problems: [
        {
          line: 7,
          col: 20,
          path: "scenarios[0].load.connections",
          fragment: "expected a whole number of at least 1, got 2.5",
        },
      ],
    },
    {
      name: "unknown metric, did you mean (swapped digits)",
      source: thresholds("      latency.p59: 500ms"),
      problems: [
        {
          line: 8,
          col: 7,
          path: "scenarios[0].thresholds.latency.p59",
          fragment: 'unknown metric "latency.p59", did you mean "latency.p95"?',
        },
      ],
    },
    {
      name: "bare statistic suggests the latency family",
      source: thresholds("      p99: 1s"),
      problems: [
        { line: 8, col: 7, path: "scenarios[0].thresholds.p99", fragment: 'did you mean "latency.p99"?' },
      ],
    },
    {
      name: "unknown metric without a near name lists the metrics",
      source: thresholds("      throughput: 5"),
      problems: [
        {
          line: 8,
          col: 7,
          path: "scenarios[0].thresholds.throughput",
          fragment: "metrics are latency.<stat>",
        },
      ],
    },
    {
      name: "unparsable limit",
      source: thresholds("      latency.p95: fast"),
      problems: [
        {
          line: 8,
          col: 20,
          path: "scenarios[0].thresholds.latency.p95",
          fragment: 'expected a duration like "250ms", got "fast"',
        },
      ],
    },
    {
      name: "fraction written as a bare number",
      source: thresholds("      error_rate: 0.01"),
      problems: [
        {
          line: 8,
          col: 19,
          path: "scenarios[0].thresholds.error_rate",
          fragment: 'expected a percentage like "1%", got 0.01',
        },
      ],
    },
    {
      name: "percentage over 100%",
      source: thresholds("      error_rate: 150%"),
      problems: [
        {
          line: 8,
          col: 19,
          path: "scenarios[0].thresholds.error_rate",
          fragment: 'expected a percentage from 0% to 100%, got "150%"',
        },
      ],
    },
    {
      name: "bare limit on a higher-is-better metric",
      source: thresholds("      rps: 40"),
      problems: [
        {
          line: 8,
          col: 12,
          path: "scenarios[0].thresholds.rps",
          fragment: 'rps is higher-is-better: write the operator, e.g. ">= 40"',
        },
      ],
    },
    {
      name: "quoted bare limit on a higher-is-better metric",
      source: thresholds('      requests.ok: "100"'),
      problems: [
        {
          line: 8,
          col: 20,
          path: "scenarios[0].thresholds.requests.ok",
          fragment: "requests.ok is higher-is-better",
        },
      ],
    },
    {
      name: "operator with an unparsable number",
      source: thresholds('      rps: ">= lots"'),
      problems: [
        {
          line: 8,
          col: 12,
          path: "scenarios[0].thresholds.rps",
          fragment: 'expected a limit with an operator like ">= 40", got ">= lots"',
        },
      ],
    },
    {
      name: "thresholds left empty",
      source: lines(...HEAD, ...LOAD, "    thresholds:"),
      problems: [
        {
          line: 7,
          col: 16,
          path: "scenarios[0].thresholds",
          fragment: "expected a map of metric to limit, like latency.p95: 500ms, got nothing",
        },
      ],
    },
    {
      name: "bad HTTP method",
      source: lines(...HEAD, "    request:", "      method: FETCH", ...LOAD),
      problems: [
        {
          line: 6,
          col: 15,
          path: "scenarios[0].request.method",
          fragment: 'expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"',
        },
      ],
    },
    {
      name: "path without a leading slash",
      source: lines(...HEAD, "    request:", "      path: v1/items", ...LOAD),
      problems: [
        {
          line: 6,
          col: 13,
          path: "scenarios[0].request.path",
          fragment: 'expected a path starting with "/"',
        },
      ],
    },
    {
      name: "status out of range",
      source: lines(...HEAD, "    request:", "      expect_status: [200, 700]", ...LOAD),
      problems: [
        {
          line: 6,
          col: 28,
          path: "scenarios[0].request.expect_status[1]",
          fragment: "from 100 to 599, like [200, 201], got 700",
        },
      ],
    },
    {
      name: "invalid header name",
      source: lines(...HEAD, "    request:", '      headers: { "x team": a }', ...LOAD),
      problems: [
        {
          line: 6,
          col: 18,
          path: "scenarios[0].request.headers.x team",
          fragment: 'expected a header name (letters, digits and !#$%&\'*+-.^_`|~), got "x team"',
        },
      ],
    },
    {
      name: "header written twice in different cases",
      source: lines(...HEAD, "    request:", "      headers: { Accept: a, accept: b }", ...LOAD),
      problems: [
        {
          line: 6,
          col: 29,
          path: "scenarios[0].request.headers.accept",
          fragment: 'header "accept" is written twice',
        },
      ],
    },
    {
      name: "unknown arrival",
      source: lines(...HEAD, ...LOAD, "      arrival: uniform"),
      problems: [
        {
          line: 7,
          col: 16,
          path: "scenarios[0].load.arrival",
          fragment: 'expected one of constant, poisson, got "uniform"',
        },
      ],
    },
    {
      name: "duplicate scenario names",
      source: lines(...HEAD, ...LOAD, "  - name: a", ...LOAD),
      problems: [
        {
          line: 7,
          col: 11,
          path: "scenarios[1].name",
          fragment: 'duplicate scenario name "a" (also scenarios[0])',
        },
      ],
    },
    {
      name: "json and body together",
      source: lines(...HEAD, "    request:", "      json: { a: 1 }", "      body: raw", ...LOAD),
      problems: [
        {
          line: 7,
          col: 7,
          path: "scenarios[0].request.body",
          fragment: "use either json (sent as JSON) or body (sent as written), not both",
        },
      ],
    },
    {
      name: "missing required key points at its parent map",
      source: lines(...HEAD, "    load:", "      connections: 2"),
      problems: [
        {
          line: 6,
          col: 7,
          path: "scenarios[0].load.duration",
          fragment: 'missing required key "duration": expected a duration like "250ms"',
        },
      ],
    },
    {
      name: "empty scenario list",
      source: lines("version: 1", "target: http://127.0.0.1:8080", "scenarios: []"),
      problems: [
        {
          line: 3,
          col: 12,
          path: "scenarios",
          fragment: "expected a list of at least one scenario, got an empty list",
        },
      ],
    },
    {
      name: "scenario that is not a map",
      source: lines("version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - chat"),
      problems: [
        {
          line: 4,
          col: 5,
          path: "scenarios[0]",
          fragment:
            'expected a scenario: a map with name, request or steps, setup, data, load, thresholds, regression, creep, slo, tls, http2, proxy, got "chat"',
        },
      ],
    },
    {
      name: "version 2",
      source: lines("version: 2", "target: http://127.0.0.1:8080", "stages: []"),
      problems: [{ line: 1, col: 10, path: "version", fragment: "perf-gate understands version 1), got 2" }],
    },
    {
      name: "missing version",
      source: lines("target: http://127.0.0.1:8080", "scenarios:", "  - name: a", ...LOAD),
      problems: [
        { line: 1, col: 1, path: "version", fragment: 'missing required key "version": expected version: 1' },
      ],
    },
    {
      name: "empty file",
      source: "",
      problems: [
        {
          line: 1,
          col: 1,
          path: "",
          fragment: 'the budget file is empty: expected a map starting with "version: 1"',
        },
      ],
    },
    {
      name: "file with only comments",
      source: lines("# perf budget", "", "# todo"),
      problems: [{ line: 1, col: 1, path: "", fragment: "the budget file is empty" }],
    },
    {
      name: "a list instead of a map",
      source: lines("- version: 1"),
      problems: [
        {
          line: 1,
          col: 1,
          path: "",
          fragment:
            "expected a map with version, target, baseline_target, defaults, scenarios, tls, http2, proxy, got a list",
        },
      ],
    },
    {
      name: "target that is not http(s)",
      source: lines("version: 1", "target: ftp://example.com", "scenarios:", "  - name: a", ...LOAD),
      problems: [
        {
          line: 2,
          col: 9,
          path: "target",
          fragment:
            'expected an http:// or https:// URL without query or fragment, like "http://127.0.0.1:8080", got "ftp://example.com"',
        },
      ],
    },
    {
      name: "target that is not a URL",
      source: lines("version: 1", "target: not a url", "scenarios:", "  - name: a", ...LOAD),
      problems: [{ line: 2, col: 9, path: "target", fragment: 'got "not a url"' }],
    },
    {
      name: "invalid target from the environment is shown redacted",
      source: lines("version: 1", "target: ${API_URL}", "scenarios:", "  - name: a", ...LOAD),
      env: { API_URL: "localhost:8080" },
      problems: [{ line: 2, col: 9, path: "target", fragment: 'like "http://127.0.0.1:8080", got "***"' }],
    },
    {
      name: "missing target",
      source: lines("version: 1", "scenarios:", "  - name: a", ...LOAD),
      problems: [{ line: 1, col: 1, path: "target", fragment: 'missing required key "target"' }],
    },
    {
      name: "missing environment variable (and no echo from the URL check)",
      source: lines("version: 1", "target: ${API_URL}", "scenarios:", "  - name: a", ...LOAD),
      problems: [{ line: 2, col: 9, path: "target", fragment: "environment variable API_URL is not set" }],
    },
    {
      name: "unterminated ${",
      source: lines(...HEAD, "    request:", "      body: 'cost ${5'", ...LOAD),
      problems: [
        {
          line: 6,
          col: 13,
          path: "scenarios[0].request.body",
          fragment: 'unterminated "${": write ${NAME}, or $${ for a literal "${"',
        },
      ],
    },
  ];

describe("parseBudget rejects malformed budgets with file:line:col, path and message", () => {
  test.each(ROWS)("$name", ({ source, env, problems }) => {
    const error = budgetError(source, env);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe("E_BUDGET");
    expect(
      error.problems.map((p) => ({ line: p.line, col: p.col, path: p.path })),
      error.message,
    ).toEqual(problems.map(({ line, col, path }) => ({ line, col, path })));
    problems.forEach((want, i) => {
      expect(error.problems[i]?.message).toContain(want.fragment);
      expect(error.problems[i]?.file).toBe("perf-budget.yml");
    });
    // Our wording only: never zod's defaults, never a stack trace.
    expect(error.message).not.toMatch(
      /Invalid input|Unrecognized key|Too small|Too big|Invalid string|\n\s+at /,
    );
  });

  test("the house example is formatted exactly", () => {
    const error = budgetError(thresholds("      latency.p95: fast"));
    expect(error.message).toBe(
      'invalid budget (1 problem):\n  perf-budget.yml:8:20 scenarios[0].thresholds.latency.p95: expected a duration like "250ms", got "fast"',
    );
  });
});

describe("all problems are reported together", () => {
  test("five problems in different places, one per line, in file order", () => {
    const source = lines(
      "version: 1",
      "target: http://127.0.0.1:8080",
      "defaults:",
      "  timout: 5s", // 4: unknown key
      "scenarios:",
      "  - name: chat",
      "    request:",
      "      method: FETCH", // 8: bad method
      "    load:",
      "      rate: 0", // 10: zero rate
      "      duration: 10s",
      "    thresholds:",
      "      latency.p59: 1s", // 13: unknown metric
      "  - name: chat", // 14: duplicate
      "    load: { duration: 1s }",
    );
    const error = budgetError(source);
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}`)).toEqual([
      "4:3 defaults.timout",
      "8:15 scenarios[0].request.method",
      "10:13 scenarios[0].load.rate",
      "13:7 scenarios[0].thresholds.latency.p59",
      "14:11 scenarios[1].name",
    ]);
    const body = error.message.split("\n");
    expect(body[0]).toBe("invalid budget (5 problems):");
    expect(body).toHaveLength(6);
    expect(body[1]).toBe(
      '  perf-budget.yml:4:3 defaults.timout: unknown key "timout", did you mean "timeout"?',
    );
  });

  test("an invalid --target is reported with the budget's own problems", () => {
    const error = budgetError(thresholds("      rps: 5"), {}, "127.0.0.1:8080");
    expect(error.problems.map((p) => p.message)).toEqual([
      '--target: expected an http:// or https:// URL like "http://127.0.0.1:8080", got "127.0.0.1:8080"',
      'rps is higher-is-better: write the operator, e.g. ">= 40"',
    ]);
  });
});
