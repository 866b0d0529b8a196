/**
 * Budgets with per-request data and flows: the issue's example parses as written, and each
 * mistake is one located problem (file:line:col inside the string where an expression is wrong).
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { BudgetError } from "../../src/errors.js";
import { issueExampleScenarios } from "../fixtures/issue-example.js";
import { lines } from "./helpers.js";

const FILES: Record<string, string> = {
  "queries.jsonl": '{"q": "red shoes"}\n{"q": "blue hat"}\n{"q": "green"}\n',
  "ragged.jsonl": '{"q": "a"}\n{"query": "b"}\n',
  "bad.jsonl": '{"q": "a"}\nnot json\n',
  "lines.txt": "one\ntwo\n",
};
const readData = (file: string): string => {
  const text = FILES[file];
  if (text === undefined) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
  return text;
};
const parse = (source: string) => parseBudget(source, { file: "perf-budget.yml", env: {}, readData });
function problems(source: string): string[] {
  try {
    parse(source);
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetError);
    return (error as BudgetError).problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
  throw new Error("expected a BudgetError");
}

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"]; // lines 1–4

describe("the issue's example", () => {
  const example = lines(...HEAD.slice(0, 3), ...issueExampleScenarios());

  test("parses: data rows, templates, checks with default names, steps with their capture", () => {
    const [search, flow] = parse(example).scenarios;
    expect(search?.data).toMatchObject({
      file: "queries.jsonl",
      format: "jsonl",
      order: "sequential",
      fields: ["q"],
    });
    expect(search?.data?.rows).toHaveLength(3);
    expect(search?.request.template?.path?.constant).toBe(false);
    expect(search?.request.checks?.map((c) => [c.name, c.line])).toEqual([
      ["status", 11],
      ["body", 12],
    ]);
    expect(flow?.steps?.map((s) => s.name)).toEqual(["upload", "read"]);
    expect(flow?.steps?.[0]?.capture).toEqual([
      { name: "id", from: { kind: "json", jsonPath: "$.id" }, line: 18 },
    ]);
    expect(flow?.request.path).toBe("/items");
  });

  test("renders what the server will receive: the row, the seq, a reproducible uuid", () => {
    const [search] = parse(example).scenarios;
    const json = search?.request.template?.json;
    const ctx = (seq: number) => ({
      seq,
      random: () => 0.5,
      row: search?.data?.rows[seq],
      vars: {},
      setup: {},
    });
    const body = JSON.parse(json?.render(ctx(1)) ?? "") as { q: string; request_id: string };
    expect(body.q).toBe("blue hat");
    expect(body.request_id).toMatch(
      /^1-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe("located problems", () => {
  test("an unknown function, at its column inside the path, with did-you-mean", () => {
    // Block style: in a flow map `{ … }` a template must be quoted ("{{ … }}"), as YAML reads { as a map.
    const [p] = problems(
      lines(...HEAD, "    request:", "      path: /x?n={{ randint(1, 5) }}", "    load: { duration: 1s }"),
    );
    expect(p).toMatch(
      /^6:21 scenarios\[0\]\.request\.path: unknown function "randint".*did you mean "randomInt"/,
    );
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the budget's ${VAR} syntax
  test("a ${VAR} before the expression does not shift its column past the line (was: 6:10 for a line-5 string)", () => {
    const source = lines(
      ...HEAD,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the budget's ${VAR} syntax
      '    request: { path: "/x/${TOK}{{ nope }}" }',
      "    load: { duration: 1s }",
    );
    for (const TOK of ["a".repeat(26), ""]) {
      try {
        parseBudget(source, { file: "perf-budget.yml", env: { TOK }, readData });
        throw new Error("expected a BudgetError");
      } catch (error) {
        const [p] = (error as BudgetError).problems;
        // The string's start: the value's length is not the reference's, so no column inside is right.
        expect(`${p?.line}:${p?.col}`).toBe("5:22");
        expect(p?.message).toMatch(/^unknown name "nope"/);
      }
    }
  });

  test("a template in defaults.headers is checked, once for all scenarios (was: {{ nope }} sent as written)", () => {
    const out = problems(
      lines(
        "version: 1",
        "target: http://127.0.0.1:8080",
        'defaults: { headers: { x-a: "{{ nope }}", x-b: "{{ row.q }}" } }',
        "scenarios:",
        "  - name: a",
        "    request: { path: /a }",
        "    load: { duration: 1s }",
        "  - name: b",
        "    request: { path: /b }",
        "    load: { duration: 1s }",
      ),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^3:33 defaults\.headers\.x-a: unknown name "nope"/);
    expect(out[1]).toMatch(/^3:52 defaults\.headers\.x-b: row is read, but this scenario has no data file/);
  });

  test("an unquoted {{ seq }} says to quote the template (was: only 'a key must be plain text')", () => {
    const out = problems(
      lines(...HEAD, "    request:", "      json: { n: {{ seq }} }", "    load: { duration: 1s }"),
    );
    expect(out).toEqual([
      '6:19 : YAML syntax error: a key must be plain text, not a list or a map; a template must be quoted in YAML: write "{{ seq }}", not {{ seq }}',
    ]);
    const block = problems(
      lines(...HEAD, "    request:", "      json:", "        n: {{ seq }}", "    load: { duration: 1s }"),
    );
    expect(block[0]).toMatch(/a template must be quoted in YAML/);
  });

  test("names listed in a message are clipped and counted (was: a 5,000-character capture name listed whole)", () => {
    const long = "z".repeat(5000);
    const out = problems(
      lines(
        ...HEAD,
        "    steps:",
        "      - name: x",
        "        request: { path: /x }",
        `        capture: { ${Array.from({ length: 25 }, (_, i) => `c${i}: { json: $.id }`).join(", ")}, ${long}: { json: $.id } }`,
        "      - name: y",
        `        request: { path: "/y/{{ vars.a }}/{{ vars.${long} }}" }`,
        "    load: { duration: 1s }",
      ),
    );
    for (const p of out) expect(p.length).toBeLessThan(600);
    expect(out.find((p) => p.includes("vars.a is not captured"))).toContain("c19 and 6 more");
  });

  test("a row field the data file does not have: its fields and did-you-mean", () => {
    const out = problems(
      lines(
        ...HEAD,
        "    data: { file: queries.jsonl }",
        '    request: { json: { q: "{{ row.qq }}" } }',
        "    load: { duration: 1s }",
      ),
    );
    expect(out).toEqual([
      '6:31 scenarios[0].request.json.q: row.qq: no row of queries.jsonl has a field "qq"; its fields are q (did you mean "q"?)',
    ]);
  });

  test("a field only some rows have names the first row without it and its line", () => {
    const out = problems(
      lines(
        ...HEAD,
        "    data: { file: ragged.jsonl }",
        '    request: { json: { q: "{{ row.q }}" } }',
        "    load: { duration: 1s }",
      ),
    );
    expect(out[0]).toContain('row.q: row 2 of ragged.jsonl (line 2) has no field "q": every row needs it');
  });

  test("row without a data file; a txt file's rows have no fields", () => {
    expect(
      problems(lines(...HEAD, '    request: { body: "{{ row.q }}" }', "    load: { duration: 1s }"))[0],
    ).toContain("row is read, but this scenario has no data file");
    const txt = lines(
      ...HEAD,
      "    data: { file: lines.txt }",
      '    request: { body: "{{ row.q }}" }',
      "    load: { duration: 1s }",
    );
    expect(problems(txt)[0]).toContain(
      "row.q: the rows of lines.txt are plain lines without fields: write {{ row }}",
    );
  });

  test("a data file that is missing or has a bad line", () => {
    const missing = lines(...HEAD, "    data: { file: nope.jsonl }", "    load: { duration: 1s }");
    expect(problems(missing)).toEqual([
      "5:19 scenarios[0].data.file: cannot read nope.jsonl (no such file): a data file's path is relative to the budget file's folder",
    ]);
    const bad = lines(...HEAD, "    data: { file: bad.jsonl }", "    load: { duration: 1s }");
    expect(problems(bad)[0]).toMatch(/^5:19 scenarios\[0\]\.data\.file: bad\.jsonl:2: /);
  });

  test("vars read before they are captured, and setup values setup does not capture", () => {
    const source = lines(
      ...HEAD,
      "    setup:",
      "      request: { method: POST, path: /token }",
      '      capture: { token: { json: "$.token" } }',
      "    steps:",
      '      - { name: one, request: { path: "/a/{{ vars.id }}" }, capture: { id: { header: location } } }',
      '      - { name: two, request: { path: "/b/{{ vars.idd }}", headers: { authorization: "Bearer {{ setup.tokn }}" } } }',
      "    load: { duration: 1s }",
    );
    const out = problems(source);
    expect(out).toHaveLength(3);
    expect(out[0]).toContain(
      'vars.id is not captured by a step before "one": no step before it captures anything',
    );
    expect(out[1]).toContain(
      'vars.idd is not captured by a step before "two": the steps before capture id (did you mean "id"?)',
    );
    expect(out[2]).toContain(
      'setup.tokn is not captured by setup: setup captures token (did you mean "token"?)',
    );
  });

  test("request and steps together, a duplicate step name, slo on a flow", () => {
    const source = lines(
      ...HEAD,
      "    request: { path: /x }",
      "    steps: [{ name: s, request: { path: /a } }, { name: s, request: { path: /b } }]",
      "    slo: { latency: 1s }",
      "    load: { duration: 1s }",
    );
    const out = problems(source).join("\n");
    expect(out).toContain("a scenario has request or steps, not both");
    expect(out).toContain('duplicate step name "s" (also step 1)');
    expect(out).toContain("slo is per request");
  });

  test("unique_prefix needs a stream and a prompt", () => {
    const out = problems(
      lines(...HEAD, "    request: { unique_prefix: true, json: { q: 1 } }", "    load: { duration: 1s }"),
    );
    expect(out[0]).toContain("unique_prefix needs a streamed request");
  });

  test("metrics inside a scenario: an unknown step with did-you-mean, a pass rate without its operator", () => {
    const source = lines(
      ...HEAD,
      "    steps:",
      "      - name: upload",
      "        request:",
      "          path: /items",
      "          checks: [{ status: [201] }]",
      "    load: { duration: 1s }",
      "    thresholds:",
      "      steps.uplaod.latency.p95: 200ms",
      "      checks.upload.status.pass_rate: 99%",
      "      iteration.p95: 1s",
    );
    const out = problems(source);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      /^12:7 scenarios\[0\]\.thresholds\.steps\.uplaod\.latency\.p95: no step "uplaod".*did you mean steps\.upload\.latency\.p95/,
    );
    expect(out[1]).toMatch(
      /^13:39 scenarios\[0\]\.thresholds\.checks\.upload\.status\.pass_rate: checks\.upload\.status\.pass_rate is higher-is-better: write the operator, e\.g\. ">= 99%", got "99%"$/,
    );
  });

  test("scoped metrics parse into thresholds and regression rules in the order written", () => {
    const source = lines(
      ...HEAD,
      "    steps:",
      "      - { name: upload, request: { path: /items, checks: [{ status: [201] }] } }",
      "    load: { duration: 1s }",
      "    thresholds:",
      "      latency.p99: 2s",
      '      checks.upload.status.pass_rate: ">= 99%"',
      "      iteration.p95: 1s",
      "    regression:",
      "      steps.upload.latency.p95: +10%",
    );
    const [scenario] = parse(source).scenarios;
    expect(scenario?.thresholds.map((t) => [t.metric, t.op, t.limit])).toEqual([
      ["latency.p99", "<=", 2000],
      ["checks.upload.status.pass_rate", ">=", 0.99],
      ["iteration.p95", "<=", 1000],
    ]);
    expect(scenario?.regression.map((r) => [r.metric, r.maxRelative])).toEqual([
      ["steps.upload.latency.p95", 0.1],
    ]);
  });
});
