import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { findJsonError } from "../../src/har/json-error.js";
import { parseHar } from "../../src/har/parse-har.js";
import { APP_HAR, appHarText } from "./har-builder.js";

/** The InputError `parseHar` throws for `text`. */
function errorOf(text: string, file = "rec.har"): InputError {
  try {
    parseHar(text, file);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error("parseHar accepted the text");
}

describe("parseHar", () => {
  it("reads the Chromium recording: every entry in file order, bodies, resource types, the page title", () => {
    const har = parseHar(appHarText(), APP_HAR);
    expect(har.pageTitles).toEqual(["Items app"]);
    expect(har.entries.map((e) => `${e.method} ${new URL(e.url).pathname}`)).toEqual([
      "GET /",
      "GET /static/app.css",
      "GET /static/logo.png",
      "GET /static/app.js",
      "POST /api/items",
      "GET /api/items/41",
      "GET /ping",
    ]);
    const post = har.entries[4];
    expect(post?.postData).toEqual({
      mimeType: "application/json",
      text: '{"name":"n1","tags":["a","b"],"count":2}',
      params: [],
    });
    expect(har.entries.map((e) => e.resourceType)).toEqual([
      "document",
      "stylesheet",
      "image",
      "script",
      "fetch",
      "fetch",
      "fetch",
    ]);
    expect(har.entries[1]?.responseMimeType).toBe("text/css");
    expect(har.entries[0]?.responseMimeType).toBe("text/html");
  });

  it("accepts a byte-order mark before the JSON", () => {
    expect(parseHar(`\uFEFF${appHarText()}`, APP_HAR).entries).toHaveLength(7);
  });

  it.each([
    [
      "a budget (YAML)",
      "version: 1\ntarget: http://h\n",
      "rec.har:1:1 not a HAR file: invalid JSON: expected a JSON value, found 'v'",
    ],
    [
      "JSON cut short",
      '{"log": {"entries": [\n  {"request": ',
      "rec.har:2:15 not a HAR file: invalid JSON: the JSON ends too early",
    ],
    [
      "a missing comma",
      '{"log": {}\n "x": 1}',
      `rec.har:2:2 not a HAR file: invalid JSON: expected ',' or '}', found '"'`,
    ],
    [
      "an unclosed string",
      '{"log": "abc\n"}',
      "rec.har:1:13 not a HAR file: invalid JSON: a line break or control character inside a string",
    ],
    [
      "text after the value",
      '{"log": {}} x',
      "rec.har:1:13 not a HAR file: invalid JSON: unexpected 'x' after the JSON value",
    ],
    ["an empty file", "", "rec.har:1:1 not a HAR file: invalid JSON: the JSON ends too early"],
  ])("says where %s stops being JSON, in one line", (_what, text, message) => {
    const err = errorOf(text);
    expect(err.message).toBe(message);
    expect(err.exitCode).toBe(2);
  });

  it.each([
    [
      "JSON that is no HAR",
      '{"name": "x", "items": []}',
      'rec.har:1:1 not a HAR file: expected a JSON object with a "log" object (HAR 1.2, as a browser\'s "Save all as HAR" writes), found an object with keys "name", "items"',
    ],
    ["a list", "[1, 2]", /^rec\.har:1:1 not a HAR file: .* found a list$/],
    [
      "a log without entries",
      '{"log": {"version": "1.2"}}',
      /^rec\.har:1:9 log: not a HAR file: expected "entries", a list of requests, found nothing$/,
    ],
    [
      "no requests",
      '{"log": {\n  "entries": []}}',
      "rec.har:2:14 log.entries: the recording has no requests: record again, with the page's requests in it",
    ],
    [
      "a URL that is a number",
      '{"log": {"entries": [\n {"request": {"method": "GET", "url": 42}}]}}',
      "rec.har:2:39 log.entries[0].request.url: expected an absolute URL, found a number",
    ],
    [
      "an entry without a method",
      '{"log": {"entries": [{"request": {"url": "http://h/"}}]}}',
      /^rec\.har:1:34 log\.entries\[0\]\.request\.method: expected the HTTP method as text, found nothing$/,
    ],
  ])("rejects %s with a located one-line message", (_what, text, message) => {
    const err = errorOf(text);
    if (typeof message === "string") expect(err.message).toBe(message);
    else expect(err.message).toMatch(message);
    expect(err.message).not.toContain("\n");
  });

  it("never quotes the file's text in a JSON error (it holds cookies and tokens)", () => {
    const secret = "Bearer sk-live-0123456789abcdef";
    const err = errorOf(`{"log": {"entries": [{"request": {"headers": [{"value": "${secret}" x}]}}]}}`);
    expect(err.message).toMatch(
      /^rec\.har:1:\d+ not a HAR file: invalid JSON: expected ',' or '}', found 'x'$/,
    );
    expect(err.message).not.toContain("sk-live");
    const typed = errorOf(`{"log": {"entries": [{"request": {"method": "GET", "url": "${secret}"}}]}}`);
    expect(typed.message).toContain("expected an absolute URL, found text");
    expect(typed.message).not.toContain("sk-live");
  });
});

describe("findJsonError", () => {
  it.each([
    "{}",
    "[]",
    ' {"a": [1, -2.5e+3, true, false, null, "x\\"\\u00e9\\n"]} ',
    '"text"',
    "0",
    '{"a": {"b": {}}, "c": []}',
  ])("finds nothing wrong in valid JSON %j (JSON.parse agrees)", (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonError(text)).toBeUndefined();
  });

  it.each([
    ["{,}", 1],
    ['{"a" 1}', 5],
    ["[1,]", 3],
    ["[01]", 2],
    ['"\\x"', 1],
    ["{'a': 1}", 1],
    ["[1] [2]", 4],
    ["tru", 0],
  ])("finds the first error of %j at offset %i (JSON.parse rejects it too)", (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonError(text)?.offset).toBe(offset);
  });

  it("survives a nesting depth that would overflow a recursive parser", () => {
    const text = "[".repeat(200_000);
    expect(findJsonError(text)).toEqual({ offset: 200_000, message: "the JSON ends too early" });
  });
});
