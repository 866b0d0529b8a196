import { describe, expect, test } from "vitest";
import { compileCapture } from "../../src/checks/extract-capture.js";
import type { CaptureFrom, ResponseView } from "../../src/checks/types.js";

const BODY = JSON.stringify({
  id: "item-7",
  n: 42,
  f: 1.5,
  ok: false,
  nothing: null,
  empty: "",
  obj: { a: [1, 2] },
  list: ["x"],
});

function extract(from: CaptureFrom, over: Partial<ResponseView> = {}): string | undefined {
  const view: ResponseView = {
    status: 201,
    headers: { location: "/items/7", "x-empty": "" },
    body: BODY,
    ...over,
  };
  return compileCapture({ name: "v", from, line: 1 }).extract(view);
}

const json = (jsonPath: string): CaptureFrom => ({ kind: "json", jsonPath });
const regex = (source: string, flags = ""): CaptureFrom => ({ kind: "regex", source, flags });

// [what, from, response changes, value (undefined: nothing found)]
const CASES: [string, CaptureFrom, Partial<ResponseView>, string | undefined][] = [
  ["json string as is", json("$.id"), {}, "item-7"],
  ["json number as JSON text", json("$.n"), {}, "42"],
  ["json fraction as JSON text", json("$.f"), {}, "1.5"],
  ["json boolean as JSON text", json("$.ok"), {}, "false"],
  ["json object as JSON text", json("$.obj"), {}, '{"a":[1,2]}'],
  ["json list as JSON text", json("$.list"), {}, '["x"]'],
  ["json list element", json("$.obj.a[-1]"), {}, "2"],
  ["json empty string is a value", json("$.empty"), {}, ""],
  ["json null is nothing", json("$.nothing"), {}, undefined],
  ["json absent is nothing", json("$.missing"), {}, undefined],
  ["json on a body that is not JSON", json("$.id"), { body: "<html>" }, undefined],
  ["json on a body not read", json("$.id"), { body: null }, undefined],
  ["header", { kind: "header", header: "location" }, {}, "/items/7"],
  ["header name is case-insensitive", { kind: "header", header: "Location" }, {}, "/items/7"],
  ["header empty is a value", { kind: "header", header: "x-empty" }, {}, ""],
  ["header absent", { kind: "header", header: "x-id" }, {}, undefined],
  ["regex first group", regex('"id":"item-(\\d+)"'), {}, "7"],
  ["regex first of two groups", regex('"(n)":(\\d+)'), {}, "n"],
  ["regex named group counts as the first", regex('"n":(?<num>\\d+)'), {}, "42"],
  ["regex without a group: the whole match", regex("item-\\d+"), {}, "item-7"],
  ["regex with only a non-capturing group: the whole match", regex("(?:item)-\\d+"), {}, "item-7"],
  ["regex with flags", regex('"ID":"(.*?)"', "i"), {}, "item-7"],
  ["regex with the u flag", regex("\\p{L}+-(\\d)", "u"), {}, "7"],
  ["regex that does not match", regex("nope=(\\d+)"), {}, undefined],
  ["regex whose group took no part", regex('(zzz)?"id"'), {}, undefined],
  ["regex on a body not read", regex("id"), { body: null }, undefined],
];

describe("compileCapture: every source, found and not found", () => {
  test.each(CASES)("%s", (_what, from, over, expected) => {
    expect(extract(from, over)).toBe(expected);
  });

  test.each<[string, CaptureFrom, boolean]>([
    ["json", json("$.id"), true],
    ["regex", regex("x"), true],
    ["header", { kind: "header", header: "location" }, false],
  ])("%s needs the body: %s (and headers: the opposite)", (_what, from, needsBody) => {
    const capture = compileCapture({ name: "v", from, line: 1 });
    expect([capture.needsBody, capture.needsHeaders]).toEqual([needsBody, !needsBody]);
  });
});
