// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
import { describe, expect, test } from "vitest";
import * as z from "zod";
import { buildChecks, checksSchema } from "../../src/budget/checks-schema.js";
import type { CheckSpec } from "../../src/checks/types.js";
import { lines } from "./helpers.js";
import { parsePiece } from "./schema-piece.js";

function checksOf(...text: string[]): CheckSpec[] {
  const { source, data, problems } = parsePiece(checksSchema, lines(...text));
  expect(problems).toEqual([]);
  return buildChecks(data ?? [], [], source);
}

describe("checks: every form", () => {
  test("each form, its rule, default name, line and source", () => {
    expect(
      checksOf(
        "- status: [200, 201]",
        "- status: 204",
        "- header: { content-type: /json/ }",
        "- header: { X-Id: abc }",
        "- header: { x-count: 5 }",
        '- json: { "$.choices[0].message.content": { not_empty: true } }',
        '- json: { "$.id": { exists: true } }',
        '- json: { "$.n": 5 }',
        '- json: { "$.a": null }',
        '- json: { "$.a": { equals: "x" } }',
        '- json: { "$.a": { matches: "/^a/i" } }',
        "- body: { contains: '\"results\"' }",
        '- body: { matches: "ok" }',
        "- stream: { min_tokens: 1, finish_reason: stop }",
        "- name: my-check",
        "  status: 200",
      ),
    ).toEqual([
      {
        name: "status",
        rule: { kind: "status", statuses: [200, 201] },
        line: 1,
        source: "status: [ 200, 201 ]",
      },
      { name: "status_2", rule: { kind: "status", statuses: [204] }, line: 2, source: "status: 204" },
      {
        name: "header",
        rule: { kind: "header", header: "content-type", match: { kind: "regex", source: "json", flags: "" } },
        line: 3,
        source: "header: { content-type: /json/ }",
      },
      {
        name: "header_2",
        rule: { kind: "header", header: "x-id", match: { kind: "equals", text: "abc" } },
        line: 4,
        source: "header: { X-Id: abc }",
      },
      {
        name: "header_3",
        rule: { kind: "header", header: "x-count", match: { kind: "equals", text: "5" } },
        line: 5,
        source: "header: { x-count: 5 }",
      },
      {
        name: "json",
        rule: { kind: "json", jsonPath: "$.choices[0].message.content", test: { kind: "not_empty" } },
        line: 6,
        source: 'json: { "$.choices[0].message.content": { not_empty: true } }',
      },
      {
        name: "json_2",
        rule: { kind: "json", jsonPath: "$.id", test: { kind: "exists" } },
        line: 7,
        source: 'json: { "$.id": { exists: true } }',
      },
      {
        name: "json_3",
        rule: { kind: "json", jsonPath: "$.n", test: { kind: "equals", value: 5 } },
        line: 8,
        source: 'json: { "$.n": 5 }',
      },
      {
        name: "json_4",
        rule: { kind: "json", jsonPath: "$.a", test: { kind: "equals", value: null } },
        line: 9,
        source: 'json: { "$.a": null }',
      },
      {
        name: "json_5",
        rule: { kind: "json", jsonPath: "$.a", test: { kind: "equals", value: "x" } },
        line: 10,
        source: 'json: { "$.a": { equals: "x" } }',
      },
      {
        name: "json_6",
        rule: { kind: "json", jsonPath: "$.a", test: { kind: "matches", source: "^a", flags: "i" } },
        line: 11,
        source: 'json: { "$.a": { matches: "/^a/i" } }',
      },
      {
        name: "body",
        rule: { kind: "body", contains: '"results"' },
        line: 12,
        source: "body: { contains: '\"results\"' }",
      },
      {
        name: "body_2",
        rule: { kind: "body", matches: { source: "ok", flags: "" } },
        line: 13,
        source: 'body: { matches: "ok" }',
      },
      {
        name: "stream",
        rule: { kind: "stream", minTokens: 1, finishReason: "stop" },
        line: 14,
        source: "stream: { min_tokens: 1, finish_reason: stop }",
      },
      {
        name: "my-check",
        rule: { kind: "status", statuses: [200] },
        line: 15,
        source: "name: my-check, status: 200",
      },
    ]);
  });

  test.each<[string, string[], Partial<CheckSpec>]>([
    [
      "json equals false",
      ['- json: { "$.ok": false }'],
      { rule: { kind: "json", jsonPath: "$.ok", test: { kind: "equals", value: false } } },
    ],
    [
      "json equals 0",
      ['- json: { "$.n": { equals: 0 } }'],
      { rule: { kind: "json", jsonPath: "$.n", test: { kind: "equals", value: 0 } } },
    ],
    [
      "body contains and matches",
      ["- body: { contains: a, matches: b }"],
      { rule: { kind: "body", contains: "a", matches: { source: "b", flags: "" } } },
    ],
    [
      "stream finish_reason alone",
      ["- stream: { finish_reason: length }"],
      { rule: { kind: "stream", finishReason: "length" } },
    ],
    [
      "block style item",
      ["- json:", '    "$.data[-1].id": { exists: true }'],
      { source: 'json: { "$.data[-1].id": { exists: true } }', line: 1 },
    ],
  ])("%s", (_what, text, expected) => {
    expect(checksOf(...text)[0]).toMatchObject(expected);
  });

  test("default names are numbered around names given explicitly, and never hold a dot", () => {
    const names = checksOf(
      "- name: body_2",
      "  status: 200",
      "- body: { contains: a }",
      "- body: { contains: b }",
      "- name: status",
      "  body: { contains: c }",
      "- status: 201",
    ).map((c) => c.name);
    expect(names).toEqual(["body_2", "body", "body_3", "status", "status_2"]);
  });

  test("the source of a long item is clipped to one line of at most 120 characters", () => {
    const [check] = checksOf(`- body: { contains: "${"x".repeat(500)}" }`);
    expect(check?.source.length).toBe(120);
    expect(check?.source).toMatch(/^body: \{ contains: "x+\.\.\.$/);
  });

  test("the source is the item as written, before ${VAR} interpolation", () => {
    expect(checksOf('- header: { authorization: "Bearer ${TOKEN}" }')[0]?.source).toBe(
      'header: { authorization: "Bearer ${TOKEN}" }',
    );
  });

  test("an empty list is no checks", () => {
    expect(checksOf("[]")).toEqual([]);
  });

  test("the schema exports to JSON Schema as the budget does it (io: input)", () => {
    const schema = z.toJSONSchema(checksSchema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
    });
    expect(schema).toMatchObject({
      type: "array",
      title: "Checks",
      items: {
        // Editors flag an item with no kind or two, as the validator does.
        oneOf: ["status", "header", "json", "body", "stream"].map((kind) => ({ required: [kind] })),
        properties: {
          header: { minProperties: 1, maxProperties: 1 },
          json: { minProperties: 1, maxProperties: 1, propertyNames: { pattern: "^\\$" } },
        },
      },
    });
  });
});

// [what, the list, the exact problems]
const ERRORS: [string, string[], string[]][] = [
  [
    "unknown kind, did you mean",
    ["- staus: 200"],
    ['1:3 [0].staus: unknown key "staus", did you mean "status"?'],
  ],
  [
    "two kinds in one item",
    ["- status: 200", "  body: { contains: x }"],
    ["2:9 [0].body: a check has one kind, this item has status and body: write each as its own list item"],
  ],
  [
    "three kinds in one item",
    ["- status: 200", "  body: { contains: x }", "  stream: { min_tokens: 1 }"],
    [
      "2:9 [0].body: a check has one kind, this item has status, body and stream: write each as its own list item",
    ],
  ],
  [
    "no kind",
    ["- name: x"],
    ["1:3 [0]: expected a check: one of status, header, json, body, stream, got a map"],
  ],
  [
    "an empty item",
    ["- {}"],
    ["1:3 [0]: expected a check: one of status, header, json, body, stream, got an empty map"],
  ],
  [
    "an item that is not a map",
    ["- status"],
    [
      '1:3 [0]: expected a check: a map with one of status, header, json, body, stream (and optionally name), like { status: [200] }, got "status"',
    ],
  ],
  ["not a list", ["status: 200"], ["1:1 : expected a list of checks, like [{ status: [200] }], got a map"]],
  [
    "status out of range",
    ["- status: 99"],
    ["1:11 [0].status: expected an HTTP status from 100 to 599 or a list of them, like [200, 201], got 99"],
  ],
  [
    "status list with one out of range",
    ["- status: [200, 700]"],
    [
      "1:17 [0].status[1]: expected an HTTP status from 100 to 599 or a list of them, like [200, 201], got 700",
    ],
  ],
  [
    "status empty list",
    ["- status: []"],
    [
      "1:11 [0].status: expected an HTTP status from 100 to 599 or a list of them, like [200, 201], got an empty list",
    ],
  ],
  [
    "status as text",
    ["- status: '200'"],
    [
      '1:11 [0].status: expected an HTTP status from 100 to 599 or a list of them, like [200, 201], got "200"',
    ],
  ],
  [
    "header with a bad regex",
    ["- header: { content-type: /(/ }"],
    ['1:27 [0].header.content-type: expected a valid regular expression: Unterminated group, got "/(/"'],
  ],
  [
    "header regex with the g flag",
    ["- header: { content-type: /json/g }"],
    [
      '1:27 [0].header.content-type: expected a valid regular expression: flag g is not supported (flags: i, m, s, u, v), got "/json/g"',
    ],
  ],
  [
    "two headers in one item",
    ["- header: { a: x, b: y }"],
    [
      "1:11 [0].header: expected one header per check (write another item for another header), like { content-type: /json/ }, got a map",
    ],
  ],
  [
    "bad header name",
    ["- header: { 'bad name': x }"],
    [
      '1:13 [0].header.bad name: expected a header name (letters, digits and !#$%&\'*+-.^_`|~), got "bad name"',
    ],
  ],
  [
    "JSONPath with a wildcard",
    ["- json: { '$.a[*]': { exists: true } }"],
    [
      "1:11 [0].json.$.a[*]: expected a JSONPath: at character 5, wildcards ([*]) are not supported; a path is $ followed by .name, ['name'], [n] or [-n], got \"$.a[*]\"",
    ],
  ],
  [
    "JSONPath without $",
    ["- json: { 'a.b': { exists: true } }"],
    [
      "1:11 [0].json.a.b: expected a JSONPath: at character 1, the path must start with $; a path is $ followed by .name, ['name'], [n] or [-n], got \"a.b\"",
    ],
  ],
  [
    "JSONPath with recursive descent",
    ["- json: { '$..id': { exists: true } }"],
    [
      "1:11 [0].json.$..id: expected a JSONPath: at character 2, recursive descent (..) is not supported; a path is $ followed by .name, ['name'], [n] or [-n], got \"$..id\"",
    ],
  ],
  [
    "json test misspelt, did you mean",
    ["- json: { '$.a': { not_emtpy: true } }"],
    ['1:31 [0].json.$.a.not_emtpy: unknown key "not_emtpy", did you mean "not_empty"?'],
  ],
  [
    "json exists: false",
    ["- json: { '$.a': { exists: false } }"],
    ["1:28 [0].json.$.a.exists: expected exists: true (remove the check to drop it), got false"],
  ],
  [
    "two json tests in one item",
    ["- json: { '$.a': { not_empty: true, matches: x } }"],
    [
      "1:46 [0].json.$.a.matches: a json check makes one test, this one has not_empty and matches: write each as its own item",
    ],
  ],
  [
    "json matches with a bad regex",
    ["- json: { '$.a': { matches: '[' } }"],
    ['1:29 [0].json.$.a.matches: expected a valid regular expression: Unterminated character class, got "["'],
  ],
  [
    "json test that is a list",
    ["- json: { '$.a': [1] }"],
    [
      '1:18 [0].json.$.a: expected a test: { not_empty: true }, { exists: true }, { equals: <value> }, { matches: "<regex>" } or a value it must equal, got a list',
    ],
  ],
  [
    "json test that is an empty map",
    ["- json: { '$.a': {} }"],
    [
      '1:18 [0].json.$.a: expected a test: { not_empty: true }, { exists: true }, { equals: <value> }, { matches: "<regex>" } or a value it must equal, got an empty map',
    ],
  ],
  [
    "two JSONPaths in one item",
    ["- json: { '$.a': 1, '$.b': 2 }"],
    ["1:9 [0].json: expected one JSONPath per check (write another item for another path), got a map"],
  ],
  [
    "body contains empty",
    ["- body: { contains: '' }"],
    ['1:21 [0].body.contains: expected the text the body must contain (not empty), got ""'],
  ],
  [
    "body empty map",
    ["- body: {}"],
    ['1:9 [0].body: expected { contains: "<text>" } or { matches: "<regex>" }, got an empty map'],
  ],
  [
    "body key misspelt",
    ["- body: { contain: x }"],
    ['1:11 [0].body.contain: unknown key "contain", did you mean "contains"?'],
  ],
  [
    "body matches with a bad regex",
    ["- body: { matches: '(?<n>a)(?<n>b)' }"],
    [
      '1:20 [0].body.matches: expected a valid regular expression: Duplicate capture group name, got "(?<n>a)(?<n>b)"',
    ],
  ],
  [
    "stream empty map",
    ["- stream: {}"],
    [
      "1:11 [0].stream: expected { min_tokens: <n> } and/or { finish_reason: <reason> }, like { min_tokens: 1 }, got an empty map",
    ],
  ],
  [
    "stream min_tokens 0",
    ["- stream: { min_tokens: 0 }"],
    ["1:25 [0].stream.min_tokens: expected a whole number of at least 1, got 0"],
  ],
  [
    "stream unknown key",
    ["- stream: { finish: stop }"],
    ['1:13 [0].stream.finish: unknown key "finish" (expected one of: min_tokens, finish_reason)'],
  ],
  [
    "name with a dot",
    ["- name: a.b", "  status: 200"],
    ['1:9 [0].name: expected a check name: 1 to 64 letters, digits, _ or -, got "a.b"'],
  ],
  [
    "duplicate explicit names",
    ["- name: x", "  status: 200", "- name: x", "  body: { contains: a }"],
    ['3:9 [1].name: duplicate check name "x" (also item 1): names must be unique'],
  ],
];

describe("checks: problems", () => {
  test.each(ERRORS)("%s", (_what, text, problems) => {
    expect(parsePiece(checksSchema, lines(...text)).problems).toEqual(problems);
  });
});
