import { describe, expect, test } from "vitest";
import { compileCheck } from "../../src/checks/evaluate-check.js";
import type { CheckRule, ResponseView } from "../../src/checks/types.js";
import { SAMPLE_RAW_CHARS } from "../../src/metrics/types.js";

const BODY = JSON.stringify({
  results: [],
  choices: [{ message: { content: "Hello" } }],
  empty: "",
  nothing: null,
  list: [],
  map: {},
  n: 42,
  s: "42",
  ok: true,
  obj: { a: 1 },
});

function view(over: Partial<ResponseView> = {}): ResponseView {
  return { status: 200, headers: { "content-type": "application/json" }, body: BODY, ...over };
}
const stream = (outputTokens: number, finishReason: string | null): Partial<ResponseView> => ({
  stream: { outputTokens, finishReason },
});

function run(rule: CheckRule, over?: Partial<ResponseView>): string | null {
  return compileCheck({ name: "c", rule, line: 1, source: "" }).evaluate(view(over));
}

const json = (jsonPath: string, test: Extract<CheckRule, { kind: "json" }>["test"]): CheckRule => ({
  kind: "json",
  jsonPath,
  test,
});
const re = (source: string, flags = "") => ({ source, flags });

// [what, rule, response changes, reason (null: passes)]
const CASES: [string, CheckRule, Partial<ResponseView>, string | null][] = [
  ["status in the list", { kind: "status", statuses: [200, 201] }, { status: 201 }, null],
  [
    "status not in the list",
    { kind: "status", statuses: [200] },
    { status: 503 },
    "status 503 is not one of [200]",
  ],
  [
    "status not in a longer list",
    { kind: "status", statuses: [200, 201] },
    { status: 404 },
    "status 404 is not one of [200, 201]",
  ],
  [
    "header matches",
    { kind: "header", header: "content-type", match: { kind: "regex", ...re("json") } },
    {},
    null,
  ],
  [
    "header name is case-insensitive",
    { kind: "header", header: "Content-Type", match: { kind: "regex", ...re("JSON", "i") } },
    {},
    null,
  ],
  [
    "header does not match",
    { kind: "header", header: "content-type", match: { kind: "regex", ...re("json") } },
    { headers: { "content-type": "text/html" } },
    'header content-type "text/html" does not match /json/',
  ],
  [
    "header missing (regex)",
    { kind: "header", header: "x-id", match: { kind: "regex", ...re(".") } },
    {},
    "header x-id is missing",
  ],
  [
    "header equals",
    { kind: "header", header: "content-type", match: { kind: "equals", text: "application/json" } },
    {},
    null,
  ],
  [
    "header not equal",
    { kind: "header", header: "content-type", match: { kind: "equals", text: "application/json" } },
    { headers: { "content-type": "application/json; charset=utf-8" } },
    'header content-type "application/json; charset=utf-8" is not "application/json"',
  ],
  [
    "header missing (equals)",
    { kind: "header", header: "x-id", match: { kind: "equals", text: "1" } },
    {},
    "header x-id is missing",
  ],
  ["json not_empty passes", json("$.choices[0].message.content", { kind: "not_empty" }), {}, null],
  ["json not_empty on 0 passes", json("$.n", { kind: "not_empty" }), { body: '{"n":0}' }, null],
  ["json not_empty on false passes", json("$.n", { kind: "not_empty" }), { body: '{"n":false}' }, null],
  ["json not_empty: empty string", json("$.empty", { kind: "not_empty" }), {}, "$.empty is empty"],
  ["json not_empty: null", json("$.nothing", { kind: "not_empty" }), {}, "$.nothing is empty"],
  ["json not_empty: []", json("$.list", { kind: "not_empty" }), {}, "$.list is empty"],
  ["json not_empty: {}", json("$.map", { kind: "not_empty" }), {}, "$.map is empty"],
  [
    "json not_empty: missing",
    json("$.choices[1].message.content", { kind: "not_empty" }),
    {},
    "$.choices[1].message.content is missing",
  ],
  ["json exists", json("$.empty", { kind: "exists" }), {}, null],
  ["json exists: null is present", json("$.nothing", { kind: "exists" }), {}, null],
  ["json exists: missing", json("$.nope", { kind: "exists" }), {}, "$.nope is missing"],
  ["json equals number", json("$.n", { kind: "equals", value: 42 }), {}, null],
  ["json equals string", json("$.s", { kind: "equals", value: "42" }), {}, null],
  ["json equals true", json("$.ok", { kind: "equals", value: true }), {}, null],
  ["json equals null", json("$.nothing", { kind: "equals", value: null }), {}, null],
  [
    'json equals is strict: 42 vs "42"',
    json("$.n", { kind: "equals", value: "42" }),
    {},
    '$.n is 42, expected "42"',
  ],
  [
    'json equals is strict: "42" vs 42',
    json("$.s", { kind: "equals", value: 42 }),
    {},
    '$.s is "42", expected 42',
  ],
  [
    "json equals: an object is no scalar",
    json("$.obj", { kind: "equals", value: 1 }),
    {},
    '$.obj is {"a":1}, expected 1',
  ],
  ["json equals: missing", json("$.x", { kind: "equals", value: 1 }), {}, "$.x is missing"],
  [
    "json matches a string",
    json("$.choices[0].message.content", { kind: "matches", ...re("^hel", "i") }),
    {},
    null,
  ],
  ["json matches a number's text", json("$.n", { kind: "matches", ...re("^\\d+$") }), {}, null],
  ["json matches an object's JSON text", json("$.obj", { kind: "matches", ...re('"a":1') }), {}, null],
  [
    "json does not match",
    json("$.choices[0].message.content", { kind: "matches", ...re("^bye") }),
    {},
    '$.choices[0].message.content "Hello" does not match /^bye/',
  ],
  ["json matches: missing", json("$.x", { kind: "matches", ...re(".") }), {}, "$.x is missing"],
  [
    "json on a body that is not JSON",
    json("$.x", { kind: "exists" }),
    { body: "<html>" },
    "body is not JSON",
  ],
  ["json on a body not read", json("$.x", { kind: "exists" }), { body: null }, "body was not read"],
  ["body contains", { kind: "body", contains: '"results"' }, {}, null],
  [
    "body does not contain",
    { kind: "body", contains: '"results"' },
    { body: "{}" },
    'body does not contain "\\"results\\""',
  ],
  ["body matches", { kind: "body", matches: re('"n":\\s*42') }, {}, null],
  ["body does not match", { kind: "body", matches: re("^\\[", "m") }, {}, "body does not match /^\\[/m"],
  [
    "body contains and matches: contains fails first",
    { kind: "body", contains: "zzz", matches: re("zzz") },
    {},
    'body does not contain "zzz"',
  ],
  ["body not read", { kind: "body", contains: "x" }, { body: null }, "body was not read"],
  ["stream min_tokens met", { kind: "stream", minTokens: 1 }, stream(1, "stop"), null],
  [
    "stream min_tokens not met",
    { kind: "stream", minTokens: 1 },
    stream(0, null),
    "stream: 0 output tokens, at least 1 expected",
  ],
  ["stream finish_reason met", { kind: "stream", finishReason: "stop" }, stream(5, "stop"), null],
  [
    "stream finish_reason other",
    { kind: "stream", finishReason: "stop" },
    stream(5, "length"),
    'stream: finish_reason "length", expected "stop"',
  ],
  [
    "stream finish_reason absent",
    { kind: "stream", finishReason: "stop" },
    stream(5, null),
    'stream: no finish_reason, expected "stop"',
  ],
  [
    "stream both: tokens checked first",
    { kind: "stream", minTokens: 10, finishReason: "stop" },
    stream(3, "length"),
    "stream: 3 output tokens, at least 10 expected",
  ],
  [
    "stream on a response not streamed",
    { kind: "stream", minTokens: 1 },
    {},
    "stream: the response was not read as a stream",
  ],
];

describe("compileCheck: every kind passing and failing", () => {
  test.each(CASES)("%s", (_what, rule, over, reason) => {
    expect(run(rule, over)).toBe(reason);
  });

  test("a reason never quotes the body", () => {
    const secret = "sk-live-0123456789";
    const body = JSON.stringify({ token: secret, x: 1 });
    const failing: CheckRule[] = [
      { kind: "body", contains: "nope" },
      { kind: "body", matches: re("nope") },
      json("$.y", { kind: "exists" }),
    ];
    for (const rule of failing) expect(run(rule, { body })).not.toContain(secret);
  });

  test("a long header value is clipped in the reason, past the sample's length (the sample cuts first)", () => {
    const reason = run(
      { kind: "header", header: "x", match: { kind: "equals", text: "a" } },
      { headers: { x: "v".repeat(10_000) } },
    );
    expect(reason?.length).toBeGreaterThan(SAMPLE_RAW_CHARS);
    expect(reason?.length).toBeLessThan(SAMPLE_RAW_CHARS + 120);
  });

  test("a regex with the g flag gives the same answer on every response (no lastIndex carried over)", () => {
    const check = compileCheck({
      name: "b",
      rule: { kind: "body", matches: re("ok", "g") },
      line: 1,
      source: "",
    });
    const answers = [1, 2, 3].map(() => check.evaluate(view({ body: "ok" })));
    expect(answers).toEqual([null, null, null]);
  });

  test.each<[CheckRule["kind"], CheckRule, [boolean, boolean, boolean]]>([
    ["status", { kind: "status", statuses: [200] }, [false, false, false]],
    ["header", { kind: "header", header: "x", match: { kind: "equals", text: "1" } }, [false, true, false]],
    ["json", json("$", { kind: "exists" }), [true, false, false]],
    ["body", { kind: "body", contains: "x" }, [true, false, false]],
    ["stream", { kind: "stream", minTokens: 1 }, [false, false, true]],
  ])("%s needs body / headers / stream", (_kind, rule, [body, headers, streamed]) => {
    const check = compileCheck({ name: "c", rule, line: 1, source: "" });
    expect([check.needsBody, check.needsHeaders, check.needsStream]).toEqual([body, headers, streamed]);
  });

  test("json checks of different bodies each read their own body (the shared parse is per body text)", () => {
    const check = compileCheck({
      name: "j",
      rule: json("$.n", { kind: "equals", value: 1 }),
      line: 1,
      source: "",
    });
    const answers = ['{"n":1}', '{"n":2}', '{"n":1}', "nope"].map((body) => check.evaluate(view({ body })));
    expect(answers).toEqual([null, "$.n is 2, expected 1", null, "body is not JSON"]);
  });
});
