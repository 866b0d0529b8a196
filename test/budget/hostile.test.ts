/**
 * What the budget fuzzer (fuzz.test.ts) found, each pinned by a test named after what broke:
 * hostile budgets must parse or fail with short, located problems, quickly.
 */
import { describe, expect, test } from "vitest";
import { clipText } from "../../src/budget/clip-text.js";
import { parseBudget } from "../../src/budget/index.js";
import { LISTED } from "../../src/budget/parse-budget.js";
import { FINITE_ERROR } from "../../src/budget/units.js";
import { budgetError, lines } from "./helpers.js";

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"]; // lines 1–4
const LOAD = "    load: { duration: 1s }"; // line 5
const NINES = "9".repeat(400);

describe("problems stay short whatever the file holds", () => {
  test("a 10,000-character unknown key is clipped (was: a 10,095-character message)", () => {
    const key = "x".repeat(10_000);
    const error = budgetError(lines(...HEAD, LOAD, `    ? ${key}`, "    : 1")); // YAML needs ? for a long key
    const [problem] = error.problems;
    expect(problem?.message).toBe(
      `unknown key "${"x".repeat(57)}..." (expected one of: name, request, steps, setup, data, load, thresholds, regression, creep, slo, tls, http2, proxy)`,
    );
    expect(problem?.path).toBe(`scenarios[0].${"x".repeat(57)}...`);
    expect(error.message.length).toBeLessThan(400);
  });

  test("an unknown 10,000-character metric is clipped too", () => {
    const error = budgetError(
      lines(...HEAD, LOAD, "    thresholds:", `      ? ${"x".repeat(10_000)}`, "      : 1ms"),
    );
    expect(error.problems[0]?.message.startsWith(`unknown metric "${"x".repeat(57)}..."`)).toBe(true);
    expect(error.problems[0]?.message.length).toBeLessThan(1000);
  });

  test('a 100,000-character "stream" in an openai body is shown clipped (was: echoed in full)', () => {
    const body = `    request: { stream: openai, json: { stream: "${"y".repeat(100_000)}" } }`;
    const message = budgetError(lines(...HEAD, LOAD, body)).problems[0]?.message ?? "";
    expect(message).toBe(
      `request.stream is openai, so the json body needs "stream": true (the server streams only when asked), got "${"y".repeat(57)}..."`,
    );
  });

  test('a nested list as "stream" is described, not serialised (was: [[[[…)', () => {
    const body = `    request: { stream: openai, json: { stream: ${"[".repeat(200)}${"]".repeat(200)} } }`;
    expect(budgetError(lines(...HEAD, LOAD, body)).problems[0]?.message).toMatch(/, got a list$/);
  });

  test("clipping never splits a surrogate pair", () => {
    const clipped = clipText("😀".repeat(100));
    expect(clipped).toBe(`${"😀".repeat(57)}...`);
    // JSON.stringify writes a lone surrogate as an escape: none may appear.
    expect(JSON.stringify(clipped)).not.toMatch(/\\ud[89a-f]/i);
  });
});

describe("numbers too long to be finite are refused (were: accepted as Infinity, written as null)", () => {
  test.each([
    [
      "a threshold limit",
      ["    thresholds:", `      latency.p95: "<= ${NINES}ms"`],
      "scenarios[0].thresholds.latency.p95",
    ],
    [
      "a bare count limit",
      ["    thresholds:", `      requests.failed: "${NINES}"`],
      "scenarios[0].thresholds.requests.failed",
    ],
    [
      "a regression tolerance",
      ["    regression:", `      latency.p95: "+${NINES}%"`],
      "scenarios[0].regression.latency.p95",
    ],
    [
      "a regression floor",
      ["    regression:", `      latency.p95: { max: +10%, floor: ${NINES}ms }`],
      "scenarios[0].regression.latency.p95.floor",
    ],
  ])("%s", (_what, extra, path) => {
    const error = budgetError(lines(...HEAD, LOAD, ...extra));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.path).toBe(path);
    expect(error.problems[0]?.message.startsWith(FINITE_ERROR)).toBe(true);
  });
});

describe("hostile sizes end quickly with a bounded list of problems", () => {
  test(`20,000 unknown threshold keys: ${LISTED} problems and a note, in seconds (was: 98 s)`, () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `      k${i}: 1`);
    const started = performance.now();
    const error = budgetError(lines(...HEAD, LOAD, "    thresholds:", ...keys));
    const tookMs = performance.now() - started;
    expect(error.problems).toHaveLength(LISTED + 1);
    expect(error.problems.at(-1)?.message).toBe(
      `more problems follow: only the first ${LISTED} are listed; fix these and run again`,
    );
    // Generous for a busy 2-core machine: the quadratic paths took 98 s here.
    expect(tookMs).toBeLessThan(10_000);
  });

  test("a duplicate key is still found among 40,000 keys (the YAML library's own check took 13 s)", () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `      k${i}: 1`);
    const started = performance.now();
    const error = budgetError(lines(...HEAD, LOAD, "    json:", ...keys, "      k7: 2"));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      `40007:7 YAML syntax error: Map keys must be unique ("k7" is written twice)`,
    ]);
  });

  test("keys that differ only in type are duplicates (1 and '1' are one key in the data)", () => {
    const error = budgetError(lines(...HEAD, LOAD, "    request:", "      json: { 1: a, '1': b }"));
    expect(error.problems[0]?.message).toBe(
      'YAML syntax error: Map keys must be unique ("1" is written twice)',
    );
  });

  test("a list as a key is a located problem (was: a warning of the YAML library on stderr)", () => {
    const error = budgetError(
      lines(...HEAD, LOAD, "    request:", "      json:", "        ? [a]", "        : b"),
    );
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      "8:11 YAML syntax error: a key must be plain text, not a list or a map",
    ]);
  });

  test("thousands of nesting levels are one located problem, in words", () => {
    const source = lines(...HEAD, LOAD, `    request: { json: ${"[".repeat(20_000)}${"]".repeat(20_000)} }`);
    const [problem, ...rest] = budgetError(source).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 6 });
    expect(problem?.message).toBe(
      "YAML syntax error: nested too deeply (a budget needs a few levels, not thousands)",
    );
  });
});

describe("values the engine would misuse", () => {
  test("connections: 1e29 is one problem, the bound (was: also 'expected a whole number')", () => {
    const error = budgetError(lines(...HEAD, "    load: { duration: 1s, connections: 1e29 }"));
    expect(error.problems.map((p) => p.message)).toEqual([
      "expected at most 50,000 connections (each connection is a socket, a file descriptor and a client object of the generator; split more across shards), got 1e+29",
    ]);
  });

  test("seed: 2^32 would silently repeat seed 0's schedule (mulberry32 takes 32 bits)", () => {
    const error = budgetError(lines(...HEAD, "    load: { duration: 1s, seed: 4294967296 }"));
    expect(error.problems[0]?.message).toContain(
      "expected at most 4294967295 (the schedule's generator takes a 32-bit seed",
    );
    const ok = parseBudget(lines(...HEAD, "    load: { duration: 1s, seed: 4294967295 }"), {
      file: "b.yml",
      env: {},
    });
    expect(ok.scenarios[0]?.load.seed).toBe(2 ** 32 - 1);
  });

  test("a scenario name with an escape sequence, or of 101 characters, is refused", () => {
    const withEscape = budgetError(lines(...HEAD.slice(0, 3), '  - name: "a\\e[2Jb"', LOAD));
    expect(withEscape.problems[0]?.message).toMatch(
      /^expected a scenario name without control characters, got "a\\u001b\[2Jb"$/,
    );
    const long = budgetError(lines(...HEAD.slice(0, 3), `  - name: ${"n".repeat(101)}`, LOAD));
    expect(long.problems[0]?.message).toMatch(
      /^expected a scenario name of at most 100 characters, got "n{57}\.\.\."$/,
    );
  });
});

describe("header values undici cannot send are budget errors, not a crash mid-run", () => {
  test.each([
    ["a character above U+00FF (€)", "caf\\u20ac"],
    ["a control character", "a\\u0001b"],
  ])(
    "%s is refused where it is written (was: exit 3 after the earlier scenarios, no report)",
    (_what, value) => {
      const error = budgetError(lines(...HEAD, `    request: { headers: { x-h: "${value}" } }`, LOAD));
      expect(error.problems[0]?.path).toBe("scenarios[0].request.headers.x-h");
      expect(error.problems[0]?.line).toBe(5);
      expect(error.problems[0]?.message).toMatch(/^expected a header value: printable text/);
    },
  );

  test("a value from the environment is checked too, and never shown", () => {
    const source = lines(...HEAD, '    request: { headers: { authorization: "Bearer ${K}" } }', LOAD);
    const error = budgetError(source, { K: "sk-CANARY\u00011234567890" });
    expect(error.problems[0]?.path).toBe("scenarios[0].request.headers.authorization");
    expect(error.message).not.toContain("CANARY");
  });

  test("printable Latin-1 and tabs are fine", () => {
    expect(() =>
      parseBudget(lines(...HEAD, '    request: { headers: { x-h: "caf\\u00e9\\tok" } }', LOAD), {
        file: "b.yml",
        env: {},
      }),
    ).not.toThrow();
  });
});
