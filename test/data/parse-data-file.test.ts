/**
 * `parseDataFile`: rows, fields and line-located problems of each accepted format.
 */
import { describe, expect, test } from "vitest";
import { MAX_DATA_PROBLEMS, parseDataFile, rowMissingField } from "../../src/data/index.js";

const lines = (...text: string[]) => text.join("\n");

describe("rows and fields of each format", () => {
  test.each([
    // [file, text, format, rows, fields, lines]
    [
      "queries.jsonl",
      lines('{"q": "red shoes", "n": 1}', "", '{"q": "blue hat", "extra": true}', ""),
      "jsonl",
      [
        { q: "red shoes", n: 1 },
        { q: "blue hat", extra: true },
      ],
      ["q"],
      [1, 3],
    ],
    ["q.ndjson", '{"q": "a"}\r\n{"q": "b"}\r\n', "jsonl", [{ q: "a" }, { q: "b" }], ["q"], [1, 2]],
    [
      "users.csv",
      lines("name,city,note", 'Ann,"Paris, FR","said ""hi"""', "", "Bob,Oslo,007", ""),
      "csv",
      [
        { name: "Ann", city: "Paris, FR", note: 'said "hi"' },
        { name: "Bob", city: "Oslo", note: "007" },
      ],
      ["name", "city", "note"],
      [2, 4],
    ],
    [
      "multi.csv",
      lines("id,text", '1,"two', 'lines"', "2,x"),
      "csv",
      [
        { id: "1", text: "two\nlines" },
        { id: "2", text: "x" },
      ],
      ["id", "text"],
      [2, 4],
    ],
    [
      "prompts.txt",
      lines("first prompt", "", "  second, indented ", "\r"),
      "txt",
      ["first prompt", "  second, indented "],
      [],
      [1, 3],
    ],
    [
      "sharegpt.json",
      lines(
        "[",
        '  {"id": "a", "conversations": [{"from": "human", "value": "hi"}]},',
        '  {"id": "b", "conversations": []}',
        "]",
      ),
      "json",
      [
        { id: "a", conversations: [{ from: "human", value: "hi" }] },
        { id: "b", conversations: [] },
      ],
      ["id", "conversations"],
      [2, 3],
    ],
    ["strings.json", '["a", "b,c"]', "json", ["a", "b,c"], [], [1, 1]],
    ["BOM.JSONL", '\ufeff{"q": "x"}', "jsonl", [{ q: "x" }], ["q"], [1]],
    ["bom.csv", "\ufeffq\nx", "csv", [{ q: "x" }], ["q"], [2]],
  ])("%s", (file, text, format, rows, fields, rowLines) => {
    const parsed = parseDataFile(text, file);
    expect(parsed.problems).toEqual([]);
    expect(parsed).toMatchObject({ format, rows, fields, lines: rowLines });
  });

  test("a field is listed only when every row has it", () => {
    const parsed = parseDataFile(lines('{"a": 1, "b": 2}', '{"b": 3, "a": 4}', '{"a": 5}'), "d.jsonl");
    expect(parsed.fields).toEqual(["a"]);
  });
});

describe("problems are located at a line of the file", () => {
  test.each([
    // [file, text, problems]
    [
      "q.jsonl",
      lines('{"q": "a"}', '{"q": "b"', "", '"just a string"', "[1, 2]", "42"),
      [
        {
          line: 2,
          // Never a quote of the line: a data file can hold credentials.
          message: "expected a JSON object, got text that is not JSON",
        },
        { line: 4, message: 'expected a JSON object like {"q": "…"}, got a string' },
        { line: 5, message: 'expected a JSON object like {"q": "…"}, got an array' },
        { line: 6, message: 'expected a JSON object like {"q": "…"}, got a number' },
      ],
    ],
    [
      "ragged.csv",
      lines("a,b", "1,2", "3", "4,5,6", "7,8"),
      [
        {
          line: 3,
          message: "expected 2 values (the header's columns: a,b), got 1; quote a value that holds a comma",
        },
        {
          line: 4,
          message: "expected 2 values (the header's columns: a,b), got 3; quote a value that holds a comma",
        },
      ],
    ],
    [
      "open.csv",
      lines("a,b", '1,"never closed', "2,3"),
      [
        {
          line: 3,
          message:
            "not valid CSV: quote not closed; quote a value that holds a comma, a quote or a line break",
        },
      ],
    ],
    [
      "header.csv",
      lines("a,,a", "1,2,3"),
      [
        { line: 1, message: "column 2 of the header has no name: name every column" },
        { line: 1, message: 'column "a" appears twice in the header: rename one' },
      ],
    ],
    ["bad.json", lines("[", '  {"a": 1},', "  {oops}", "]"), [{ line: 3, message: "not valid JSON" }]],
    [
      "object.json",
      '{"rows": []}',
      [
        {
          line: 1,
          message:
            "expected a JSON array of objects or strings (e.g. a ShareGPT dump), got an object; for one object per line, name the file .jsonl",
        },
      ],
    ],
    [
      "mixed.json",
      lines("[", '  {"a": 1},', '  "text",', "  null", "]"),
      [
        { line: 3, message: "element [1]: expected an object like element [0], got a string" },
        { line: 4, message: "element [2]: expected an object like element [0], got null" },
      ],
    ],
    [
      "empty.jsonl",
      "\n\n  \n",
      [
        {
          line: 1,
          message: 'no rows: the file is empty; expected one JSON object per line, like {"q": "red shoes"}',
        },
      ],
    ],
    ["empty.txt", "", [{ line: 1, message: "no rows: the file is empty; expected one value per line" }]],
    [
      "empty.json",
      "[]",
      [{ line: 1, message: "no rows: the file is empty; expected a JSON array of objects or strings" }],
    ],
    [
      "head.csv",
      "a,b\n",
      [
        {
          line: 1,
          message:
            "no rows: the file has a header and no rows below it; expected a header row, then one row of values per line",
        },
      ],
    ],
    [
      "prompts.yaml",
      "- a",
      [
        {
          line: 1,
          message: 'unknown data file type ".yaml": expected one of .jsonl, .ndjson, .csv, .txt, .json',
        },
      ],
    ],
    [
      "prompts",
      "a",
      [
        {
          line: 1,
          message: 'unknown data file type "prompts": expected one of .jsonl, .ndjson, .csv, .txt, .json',
        },
      ],
    ],
  ])("%s", (file, text, problems) => {
    expect(parseDataFile(text, file).problems).toEqual(problems);
  });

  test(`at most ${MAX_DATA_PROBLEMS} problems are listed, then one that counts the rest`, () => {
    const text = Array.from({ length: 100 }, (_, i) => `not json ${i}`).join("\n");
    const { problems } = parseDataFile(text, "wrong.jsonl");
    expect(problems).toHaveLength(MAX_DATA_PROBLEMS + 1);
    expect(problems[MAX_DATA_PROBLEMS]).toEqual({
      line: 21,
      message: "… and 80 more problems like these from here on",
    });
  });
});

describe("rowMissingField", () => {
  const parsed = parseDataFile(lines('{"q": "a"}', "", '{"q": "b"}', '{"p": "c"}'), "d.jsonl");

  test.each([
    ["q", { index: 2, line: 4 }],
    ["p", { index: 0, line: 1 }],
  ])("%s → %j", (field, expected) => {
    expect(rowMissingField(parsed.rows, field, parsed.lines)).toEqual(expected);
  });

  test("undefined when every row has the field; a string row has no fields", () => {
    expect(rowMissingField([{ q: 1 }, { q: null }], "q")).toBeUndefined();
    expect(rowMissingField(["text"], "q")).toEqual({ index: 0 });
    expect(rowMissingField([{}], "constructor")).toEqual({ index: 0 });
  });
});

describe("problems never quote a data file's content", () => {
  test.each([
    ["users.jsonl", lines('{"user": "ann", "password": "hunter2-SECRET"', '"hunter2-SECRET"')],
    ["users.csv", lines("user,password", 'ann,"hunter2-SECRET', "bob,x")],
    [
      "users.json",
      lines("[", '  {"password": "hunter2-SECRET"},', '  "hunter2-SECRET",', "  {oops hunter2-SECRET}", "]"),
    ],
  ])("%s (regression: a bad line was quoted, and a users file can hold passwords)", (file, text) => {
    const { problems } = parseDataFile(text, file);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message).not.toContain("hunter2");
  });
});
