// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { type Budget, parseBudget, redactSecrets } from "../../src/budget/index.js";
import { budgetError, lines } from "./helpers.js";

const FULL = new URL("../fixtures/budgets/full.yml", import.meta.url);

describe("parseBudget: a valid budget becomes the typed Budget", () => {
  test("every key of the format, defaults merged, units converted, lines attached", async () => {
    const source = await readFile(FULL, "utf8");
    const budget = parseBudget(source, {
      file: "full.yml",
      env: { API_KEY: "sk-test-123", USER_NAME: "ada" },
    });
    const expected: Budget = {
      version: 1,
      file: "full.yml",
      target: "http://127.0.0.1:8080/api",
      scenarios: [
        {
          name: "chat",
          request: {
            method: "POST",
            path: "/v1/chat/completions",
            headers: {
              authorization: "Bearer sk-test-123",
              "x-team": "llm",
              "x-retries": "3",
              "content-type": "application/json",
            },
            body: '{"model":"m","messages":[{"role":"user","content":"hi ada"}]}',
            timeoutMs: 1500,
            expectStatus: [200, 201],
            // A json body with a model key: an LLM call, read for its usage (usage-read.ts).
            stream: { format: "json", idleTimeoutMs: 1500, includeUsage: false },
          },
          load: {
            connections: 4,
            ratePerSec: 50,
            arrival: "poisson",
            seed: 7,
            durationMs: 120_000,
            warmupMs: 500,
            untrusted: "fail",
          },
          thresholds: [
            { metric: "latency.p95", op: "<=", limit: 500, source: "500ms", line: 30 },
            { metric: "latency.p99", op: "<", limit: 1000, source: "< 1s", line: 31 },
            { metric: "error_rate", op: "<=", limit: 0.005, source: "0.5%", line: 32 },
            { metric: "rps", op: ">=", limit: 40, source: ">= 40", line: 33 },
            { metric: "requests.failed", op: "<=", limit: 3, source: "3", line: 34 },
            { metric: "queue_time.max", op: "<=", limit: 0.25, source: "250us", line: 35 },
          ],
          regression: [],
          creep: [],
          line: 11,
        },
        {
          name: "items",
          request: {
            method: "GET",
            path: "/",
            headers: { authorization: "Bearer sk-test-123", "x-team": "perf" },
            timeoutMs: 20_000,
            expectStatus: [],
          },
          load: {
            connections: 10,
            arrival: "constant",
            seed: 1,
            durationMs: 30_000,
            warmupMs: 0,
            untrusted: "warn",
          },
          thresholds: [],
          regression: [],
          creep: [],
          line: 36,
        },
      ],
      secrets: ["sk-test-123", "ada"],
      warnings: [
        "${USER_NAME} is only 3 characters long: like every value from the environment it is masked as *** " +
          "wherever it appears in the output, even inside unrelated numbers and words. If it is not a " +
          "secret (a port, a model name), write it in the budget file instead.",
      ],
    };
    expect(budget).toEqual(expected);
  });

  test.each([
    ["250ms", 250],
    ["1.5s", 1500],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["750us", 0.75],
    ["750µs", 0.75],
    [".5s", 500],
  ])("duration %s is %d ms", (written, ms) => {
    const budget = parseBudget(
      lines(
        "version: 1",
        "target: http://h",
        "scenarios:",
        "  - name: a",
        `    load: { duration: ${written} }`,
      ),
      { file: "b.yml", env: {} },
    );
    expect(budget.scenarios[0]?.load.durationMs).toBe(ms);
  });

  test("a body is sent as written, with no content-type added", () => {
    const budget = parseBudget(
      lines(
        "version: 1",
        "target: http://h",
        "scenarios:",
        "  - name: a",
        "    request: { method: PUT, body: 'a=1&b=2' }",
        "    load: { duration: 1s }",
      ),
      { file: "b.yml", env: {} },
    );
    expect(budget.scenarios[0]?.request).toMatchObject({ method: "PUT", body: "a=1&b=2", headers: {} });
  });

  test("a json body keeps a content-type the user set", () => {
    const budget = parseBudget(
      lines(
        "version: 1",
        "target: http://h",
        "scenarios:",
        "  - name: a",
        "    request: { headers: { Content-Type: application/vnd.api+json }, json: [1, 2] }",
        "    load: { duration: 1s }",
      ),
      { file: "b.yml", env: {} },
    );
    expect(budget.scenarios[0]?.request).toMatchObject({
      body: "[1,2]",
      headers: { "content-type": "application/vnd.api+json" },
    });
  });
});

describe("--target", () => {
  const source = lines(
    "version: 1",
    "target: ${API_URL}",
    "scenarios:",
    "  - name: a",
    "    load: { duration: 1s }",
  );

  test("overrides the file's target, which then need not resolve", () => {
    const budget = parseBudget(source, { file: "b.yml", env: {}, target: "https://api.example.com/v2/" });
    expect(budget.target).toBe("https://api.example.com/v2");
    expect(budget.secrets).toEqual([]);
  });

  test("without it, the file's target is required", () => {
    expect(budgetError(source).problems[0]?.message).toBe("environment variable API_URL is not set");
  });
});

describe("${VAR} interpolation", () => {
  const budgetWith = (value: string, env: Record<string, string>) =>
    parseBudget(
      lines(
        "version: 1",
        "target: http://h",
        "scenarios:",
        "  - name: a",
        `    request: { headers: { x-value: "${value}" } }`,
        "    load: { duration: 1s }",
      ),
      { file: "b.yml", env },
    );

  test.each([
    ["${A}", { A: "1" }, "1", ["1"]],
    ["${A}-${B}", { A: "x", B: "y" }, "x-y", ["x", "y"]],
    ["$${A}", { A: "1" }, "${A}", []],
    ["cost $5 and $${HOME}", {}, "cost $5 and ${HOME}", []],
    ["[${EMPTY}]", { EMPTY: "" }, "[]", []],
    ["${A}", { A: "${B}" }, "${B}", ["${B}"]],
  ])("%s with %o is %s, secrets %o", (written, env, value, secrets) => {
    const budget = budgetWith(written, env);
    expect(budget.scenarios[0]?.request.headers["x-value"]).toBe(value);
    expect(budget.secrets).toEqual(secrets);
  });

  test.each([
    [{ A: "8080" }, ["${A} is only 4 characters long"]],
    [{ A: "x", B: "y" }, ["${A} is only 1 character long", "${B} is only 1 character long"]],
    [{ A: "12345" }, ["${A} is only 5 characters long"]],
    [{ A: "123456" }, []],
    [{ A: "sk-live-abcdef" }, []],
  ])("short secrets %o are warned about by name and length, never by value", (env, starts) => {
    const written = Object.keys(env)
      .map((name) => `\${${name}}`)
      .join("-");
    const warnings = budgetWith(written, env).warnings ?? [];
    expect(warnings.map((w) => w.slice(0, w.indexOf(" long") + 5))).toEqual(starts);
    // Past the name and length, every warning is the same fixed text: no value can be in it.
    for (const warning of warnings)
      expect(warning.replace(/^\$\{[A-Z]+\} is only \d+ characters? long/, "")).toBe(
        ": like every value from the environment it is masked as *** wherever it appears in the output, " +
          "even inside unrelated numbers and words. If it is not a secret (a port, a model name), write it " +
          "in the budget file instead.",
      );
  });

  test("a value used twice is warned about once, under the first variable that supplied it", () => {
    const warnings = budgetWith("${A}/${B}/${A}", { A: "eu", B: "eu" }).warnings ?? [];
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\$\{A\} is only 2 characters long/);
  });

  test("keys are not interpolated", () => {
    const error = budgetError(
      lines(
        "version: 1",
        "target: http://h",
        "scenarios:",
        "  - name: a",
        "    load:",
        "      duration: 1s",
        "      ${X}: 1",
      ),
      { X: "rate" },
    );
    expect(error.problems[0]?.message).toContain('unknown key "${X}"');
  });

  test("every missing variable is named at its own line", () => {
    const error = budgetError(
      lines(
        "version: 1",
        "target: ${API_URL}",
        "defaults:",
        "  headers: { authorization: 'Bearer ${API_KEY}' }",
        "scenarios:",
        "  - name: a",
        "    load: { duration: 1s }",
      ),
    );
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      "2:9 target: environment variable API_URL is not set",
      "4:29 defaults.headers.authorization: environment variable API_KEY is not set",
    ]);
  });
});

describe("secret canary", () => {
  const CANARY = "sk-CANARY-7f3a9";
  const env = { API_KEY: CANARY, API_URL: "http://127.0.0.1:9" };

  test("never appears in any problem, even where the found value is shown", () => {
    const source = lines(
      "version: 1",
      "target: ${API_KEY}", // not a URL: its value would be shown
      "defaults:",
      "  headers: { authorization: 'Bearer ${API_KEY}' }",
      "scenarios:",
      "  - name: ${API_KEY}",
      "    request:",
      "      method: ${API_KEY}",
      "      path: /v1/${API_KEY}/ x", // space: invalid path that contains the secret
      "    load:",
      "      duration: ${API_KEY}",
      '      rate: "${API_KEY}"',
      "    thresholds:",
      "      latency.p95: ${API_KEY}",
      "  - name: ${API_KEY}", // duplicate name: the message quotes the name
      "    load: { duration: 1s }",
    );
    const error = budgetError(source, env);
    expect(error.problems).toHaveLength(7);
    expect(error.message).not.toContain(CANARY);
    expect(JSON.stringify(error.problems)).not.toContain(CANARY);
    expect(error.message).toContain('got "***"');
    expect(error.message).toContain('got "/v1/***/ x"');
    expect(error.message).toContain('duplicate scenario name "***"');
  });

  test("is listed in secrets and lives only in the request headers and body", () => {
    const source = lines(
      "version: 1",
      "target: ${API_URL}",
      "defaults:",
      "  headers: { authorization: 'Bearer ${API_KEY}' }",
      "scenarios:",
      "  - name: chat",
      "    request: { method: POST, json: { key: '${API_KEY}' } }",
      "    load: { duration: 1s }",
    );
    const budget = parseBudget(source, { file: "b.yml", env });
    expect(budget.secrets).toContain(CANARY);
    const request = budget.scenarios[0]?.request;
    expect(request?.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(request?.body).toBe(`{"key":"${CANARY}"}`);
    const { body: _body, headers: _headers, ...restOfRequest } = request ?? {};
    const elsewhere = {
      ...budget,
      secrets: [],
      scenarios: [{ ...budget.scenarios[0], request: restOfRequest }],
    };
    expect(JSON.stringify(elsewhere)).not.toContain(CANARY);
    expect(redactSecrets(JSON.stringify(budget.scenarios), budget.secrets)).not.toContain(CANARY);
  });

  test("is redacted in the forms it takes inside a JSON body and a trimmed target", () => {
    const quoted = 'pa"ss\\word';
    const source = lines(
      "version: 1",
      "target: ${URL}",
      "scenarios:",
      "  - name: a",
      "    request: { json: { password: '${PASSWORD}' } }",
      "    load: { duration: 1s }",
    );
    const budget = parseBudget(source, {
      file: "b.yml",
      env: { PASSWORD: quoted, URL: "http://10.0.0.7:8443/" },
    });
    expect(budget.target).toBe("http://10.0.0.7:8443");
    const shown = redactSecrets(`${budget.target} ${budget.scenarios[0]?.request.body}`, budget.secrets);
    expect(shown).toBe('*** {"password":"***"}');
  });
});
