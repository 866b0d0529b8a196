import { describe, expect, test } from "vitest";
import * as z from "zod";
import { buildCaptures, captureSchema } from "../../src/budget/capture-schema.js";
import { lines } from "./helpers.js";
import { parsePiece } from "./schema-piece.js";

describe("capture: every form", () => {
  test("each source, in the order written, with its line", () => {
    const { source, data, problems } = parsePiece(
      captureSchema,
      lines(
        'id: { json: "$.id" }',
        "loc: { header: Location }",
        'num: { regex: "id=(\\\\d+)" }',
        'flag: { regex: "/ID=(\\\\w+)/i" }',
        "_last: { json: \"$.data[-1]['x-y']\" }",
      ),
    );
    expect(problems).toEqual([]);
    expect(buildCaptures(data ?? {}, [], source)).toEqual([
      { name: "id", from: { kind: "json", jsonPath: "$.id" }, line: 1 },
      { name: "loc", from: { kind: "header", header: "location" }, line: 2 },
      { name: "num", from: { kind: "regex", source: "id=(\\d+)", flags: "" }, line: 3 },
      { name: "flag", from: { kind: "regex", source: "ID=(\\w+)", flags: "i" }, line: 4 },
      { name: "_last", from: { kind: "json", jsonPath: "$.data[-1]['x-y']" }, line: 5 },
    ]);
  });

  test("lines are found under the map's path in a whole document", () => {
    const { source } = parsePiece(
      captureSchema,
      lines("steps:", "  - capture:", '      id: { json: "$.id" }'),
    );
    const parsed = { id: { kind: "json", jsonPath: "$.id" } } as const;
    expect(buildCaptures(parsed, ["steps", 0, "capture"], source)[0]?.line).toBe(3);
  });

  test("the schema exports to JSON Schema as the budget does it (io: input)", () => {
    const schema = z.toJSONSchema(captureSchema, {
      target: "draft-2020-12",
      io: "input",
      unrepresentable: "any",
    });
    expect(schema).toMatchObject({ type: "object", title: "Captures" });
  });
});

// [what, the map, the exact problems]
const ERRORS: [string, string[], string[]][] = [
  [
    "unknown source, did you mean",
    ["id: { jsn: $.id }"],
    ['1:7 id.jsn: unknown key "jsn", did you mean "json"?'],
  ],
  [
    "two sources in one entry",
    ["id: { json: $.id, header: x }"],
    ["1:27 id.header: a capture has one source, this one has json and header: keep one"],
  ],
  [
    "no source",
    ["id: {}"],
    [
      '1:5 id: expected where to capture from: { json: "$.id" }, { header: location } or { regex: "id=(\\d+)" }, got an empty map',
    ],
  ],
  [
    "a bare path instead of a map",
    ["id: $.id"],
    [
      '1:5 id: expected where to capture from: { json: "$.id" }, { header: location } or { regex: "id=(\\d+)" }, got "$.id"',
    ],
  ],
  [
    "bad JSONPath",
    ["id: { json: '$.a[*]' }"],
    [
      "1:13 id.json: expected a JSONPath: at character 5, wildcards ([*]) are not supported; a path is $ followed by .name, ['name'], [n] or [-n], got \"$.a[*]\"",
    ],
  ],
  [
    "bad regex",
    ["id: { regex: '(' }"],
    ['1:14 id.regex: expected a valid regular expression: Unterminated group, got "("'],
  ],
  [
    "regex with the y flag",
    ["id: { regex: '/a/y' }"],
    [
      '1:14 id.regex: expected a valid regular expression: flag y is not supported (flags: i, m, s, u, v), got "/a/y"',
    ],
  ],
  [
    "bad header name",
    ["id: { header: 'a b' }"],
    ['1:15 id.header: expected a header name (letters, digits and !#$%&\'*+-.^_`|~), got "a b"'],
  ],
  [
    "name starting with a digit",
    ["1id: { json: $.id }"],
    [
      '1:1 1id: expected a capture name: letters, digits and _, not starting with a digit (at most 64), got "1id"',
    ],
  ],
  [
    "name with a dash",
    ["a-b: { json: $.id }"],
    [
      '1:1 a-b: expected a capture name: letters, digits and _, not starting with a digit (at most 64), got "a-b"',
    ],
  ],
  [
    "empty map",
    ["{}"],
    ['1:1 : expected at least one capture, like { id: { json: "$.id" } }, got an empty map'],
  ],
  ["a list", ["- id"], ['1:1 : expected a map of name to source, like { id: { json: "$.id" } }, got a list']],
];

describe("capture: problems", () => {
  test.each(ERRORS)("%s", (_what, text, problems) => {
    expect(parsePiece(captureSchema, lines(...text)).problems).toEqual(problems);
  });
});
