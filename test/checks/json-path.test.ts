import { describe, expect, test } from "vitest";
import {
  compileJsonPath,
  JSON_PATH_FORMS,
  type JsonPathStep,
  selectJson,
} from "../../src/checks/json-path.js";

const m = (name: string): JsonPathStep => ({ kind: "member", name });
const i = (index: number): JsonPathStep => ({ kind: "index", index });

describe("compileJsonPath: every supported form", () => {
  test.each<[string, JsonPathStep[]]>([
    ["$", []],
    ["$.id", [m("id")]],
    ["$._a9", [m("_a9")]],
    ["$.choices[0].message.content", [m("choices"), i(0), m("message"), m("content")]],
    ["$.data[-1].id", [m("data"), i(-1), m("id")]],
    ["$['x-request-id']", [m("x-request-id")]],
    ['$["a b"]', [m("a b")]],
    ["$['it\\'s']", [m("it's")]],
    ['$["say \\"hi\\""]', [m('say "hi"')]],
    ["$['back\\\\slash']", [m("back\\slash")]],
    ["$['']", [m("")]],
    ["$[0][12][-3]", [i(0), i(12), i(-3)]],
    ["$.a['b'].c[2]", [m("a"), m("b"), m("c"), i(2)]],
  ])("%s", (text, steps) => {
    expect(compileJsonPath(text)).toEqual({ path: { text, steps } });
  });
});

describe("compileJsonPath: every problem, with its offset", () => {
  test.each<[string, number, string]>([
    ["", 0, "the path must start with $"],
    ["choices[0]", 0, "the path must start with $"],
    [".id", 0, "the path must start with $"],
    ["$id", 1, 'unexpected "i" (a step starts with . or [)'],
    ["$.a ", 3, 'unexpected " " (a step starts with . or [)'],
    ["$..id", 1, "recursive descent (..) is not supported"],
    ["$.*", 2, "wildcards (*) are not supported"],
    ["$.a[*]", 4, "wildcards ([*]) are not supported"],
    ["$.a[?(@.x)]", 4, "filters ([?…]) are not supported"],
    ["$.a[1:2]", 5, "slices ([a:b]) are not supported"],
    ["$.a[0,1]", 5, "unions ([a,b]) are not supported"],
    ["$['a','b']", 5, "unions ([a,b]) are not supported"],
    [
      "$.",
      2,
      "a name must follow . (letters, digits, _, not starting with a digit; write ['name'] for any other name)",
    ],
    ["$.x-y", 3, 'unexpected "-" (a step starts with . or [)'],
    [
      "$.0",
      2,
      "a name must follow . (letters, digits, _, not starting with a digit; write ['name'] for any other name)",
    ],
    ["$[", 2, "an index like [0] or [-1], or a quoted name, must follow ["],
    ["$[]", 2, "an index like [0] or [-1], or a quoted name, must follow ["],
    ["$[a]", 2, "an index like [0] or [-1], or a quoted name, must follow ["],
    ["$[-]", 3, "an index like [0] or [-1], or a quoted name, must follow ["],
    ["$[0", 3, "] must follow the index"],
    ["$[0 ]", 3, "] must follow the index"],
    ["$[-0]", 2, "[-0] is not an index: the last element is [-1]"],
    ["$[99999999999999999999]", 2, "an index must be below 2^53"],
    ["$['abc", 2, "the closing ' of the name is missing"],
    ['$["abc\\"]', 2, 'the closing " of the name is missing'],
    ["$['a'", 5, "] must follow the closing '"],
  ])("%j", (text, offset, what) => {
    expect(compileJsonPath(text)).toEqual({ problem: { offset, message: `${what}; ${JSON_PATH_FORMS}` } });
  });

  test("every problem names the supported forms", () => {
    expect(JSON_PATH_FORMS).toBe("a path is $ followed by .name, ['name'], [n] or [-n]");
  });
});

const DOC = {
  id: "abc",
  n: null,
  zero: 0,
  choices: [{ message: { content: "hi" } }, { message: { content: "" } }],
  data: [{ id: 1 }, { id: 2 }, { id: 3 }],
  "x-y": { z: true },
};

describe("selectJson", () => {
  test.each<[string, unknown, { found: boolean; value?: unknown }]>([
    ["$", DOC, { found: true, value: DOC }],
    ["$.id", DOC, { found: true, value: "abc" }],
    ["$.n", DOC, { found: true, value: null }],
    ["$.zero", DOC, { found: true, value: 0 }],
    ["$.choices[0].message.content", DOC, { found: true, value: "hi" }],
    ["$.choices[1].message.content", DOC, { found: true, value: "" }],
    ["$.choices[-1].message.content", DOC, { found: true, value: "" }],
    ["$.data[-1].id", DOC, { found: true, value: 3 }],
    ["$.data[-3].id", DOC, { found: true, value: 1 }],
    ["$['x-y'].z", DOC, { found: true, value: true }],
    ["$[1]", ["a", "b"], { found: true, value: "b" }],
    // Not found: missing member, out of range, wrong container, through a scalar or null.
    ["$.missing", DOC, { found: false }],
    ["$.data[3]", DOC, { found: false }],
    ["$.data[-4]", DOC, { found: false }],
    ["$.data.id", DOC, { found: false }],
    ["$.id[0]", DOC, { found: false }],
    ["$.id.length", DOC, { found: false }],
    ["$.n.x", DOC, { found: false }],
    ["$[0]", { "0": "x" }, { found: false }],
    ["$.constructor", DOC, { found: false }],
    ["$.toString", {}, { found: false }],
    ["$.a", "text", { found: false }],
  ])("%s", (text, value, expected) => {
    const { path } = compileJsonPath(text);
    if (path === undefined) throw new Error(`does not compile: ${text}`);
    expect(selectJson(path, value)).toEqual(expected);
  });
});
