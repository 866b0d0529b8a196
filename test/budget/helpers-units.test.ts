import { describe, expect, test } from "vitest";
import { editDistance, suggest } from "../../src/budget/did-you-mean.js";
import { fallbackError } from "../../src/budget/issues.js";
import { redactSecrets } from "../../src/budget/secrets.js";
import { parseDurationMs, splitLimit, toMetricUnit } from "../../src/budget/units.js";

describe("editDistance (optimal string alignment)", () => {
  test.each([
    ["", "", 0],
    ["abc", "", 3],
    ["timout", "timeout", 1],
    ["latency.p59", "latency.p95", 1], // a swap is one edit
    ["kitten", "sitting", 3],
    ["ca", "abc", 3],
  ])("%s → %s is %d", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("suggest", () => {
  const keys = ["connections", "rate", "arrival", "seed", "duration", "warmup"];
  test.each([
    ["conections", keys, "connections"],
    ["Duration", keys, "duration"],
    ["rates", keys, "rate"],
    ["warm_up", keys, "warmup"],
    ["stages", keys, undefined],
    ["latency.p59", ["latency.p50", "latency.p95"], "latency.p95"], // same letters beat an equal distance
    ["x", ["y"], "y"], // one edit is always allowed
  ])("%s among %o → %s", (word, candidates, expected) => {
    expect(suggest(word, candidates)).toBe(expected);
  });
});

describe("units", () => {
  test.each([
    ["250ms", 250],
    ["1.5s", 1500],
    [" 2 m ", 120_000],
    ["3us", 0.003],
    ["0s", 0],
    ["250", undefined],
    ["-1s", undefined],
    ["1d", undefined],
    ["<= 1s", undefined],
  ])("parseDurationMs(%j) = %s", (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  test.each([
    [">= 40", { op: ">=", value: 40, unit: "" }],
    ["<500ms", { op: "<", value: 500, unit: "ms" }],
    ["0.5%", { op: undefined, value: 0.5, unit: "%" }],
    ["fast", undefined],
    [">= ", undefined],
  ])("splitLimit(%j)", (text, parts) => {
    expect(splitLimit(text)).toEqual(parts);
  });

  test("toMetricUnit converts to ms, fractions and plain numbers", () => {
    expect([toMetricUnit(1.5, "s"), toMetricUnit(50, "%"), toMetricUnit(40, "")]).toEqual([1500, 0.5, 40]);
  });
});

describe("redactSecrets", () => {
  test.each([
    ["Bearer sk-abc", ["sk-abc"], "Bearer ***"],
    ["key sk-abc-def and sk-abc", ["sk-abc", "sk-abc-def"], "key *** and ***"], // longest first: no tail left
    ["a.b*c a.b*c", ["a.b*c"], "*** ***"], // regex metacharacters are literal
    ["nothing here", ["", "zzz"], "nothing here"], // empty secrets are ignored
    ["no secrets", [], "no secrets"],
    ["GET /x?key=a%20b%2Fc", ["a b/c"], "GET /x?key=***"], // percent-encoded, as new URL writes it
    ['{"key":"a\\"b"}', ['a"b'], '{"key":"***"}'], // JSON-escaped, as in report.json or a json: body
  ])("%j with %o → %j", (text, secrets, expected) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });
});

describe("fallbackError (checks without a message of their own still speak the user's words)", () => {
  test.each([
    [{ code: "invalid_type", expected: "object" }, "expected a map"],
    [{ code: "invalid_type", expected: "array" }, "expected a list"],
    [{ code: "invalid_type", expected: "bigint" }, "expected a valid value"],
    [{ code: "too_small" }, "expected a valid value"],
  ])("%o → %s", (issue, message) => {
    expect(fallbackError(issue)).toBe(message);
  });
});
