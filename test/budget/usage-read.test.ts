/**
 * When a non-streamed request reads its JSON body for usage (`request.usage`, usage-read.ts), and
 * which token metrics that makes valid: a json body with a model key or a token metric reads it,
 * `usage: false` never does, a plain request pays nothing.
 */
import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { budgetError, lines } from "./helpers.js";

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"];
const parse = (...keys: string[]) =>
  parseBudget(lines(...HEAD, ...keys, "    load: { duration: 1s }"), { file: "b.yml", env: {} });
const formatOf = (...keys: string[]) => parse(...keys).scenarios[0]?.request.stream?.format;

describe("request.usage: which non-streamed requests read their body for usage", () => {
  it.each<[string, string[], string | undefined]>([
    [
      "a json body with a model key",
      ["    request: { method: POST, json: { model: m, input: hi } }"],
      "json",
    ],
    [
      "a token threshold on a plain request",
      ["    request: { path: /x }", '    thresholds: { output_tps: ">= 1" }'],
      "json",
    ],
    ["usage: true on a raw body", ["    request: { method: POST, body: hi, usage: true }"], "json"],
    ["a plain GET: the lean handler, bodies discarded unread", ["    request: { path: /health }"], undefined],
    ["a json body without a model key", ["    request: { method: POST, json: { q: 1 } }"], undefined],
    [
      "usage: false beside a model key",
      ["    request: { method: POST, json: { model: m }, usage: false }"],
      undefined,
    ],
    ["a streamed request (its events carry usage)", ["    request: { stream: sse }"], "sse"],
  ])("%s → %s", (_what, keys, format) => {
    expect(formatOf(...keys)).toBe(format);
  });

  it("reads a step's body when its json has a model key, and makes its token metrics valid", () => {
    const b = parse(
      "    steps:",
      "      - name: ask",
      "        request: { method: POST, json: { model: m } }",
      "    thresholds: { steps.ask.output_tokens.p50: '>= 1' }",
    );
    expect(b.scenarios[0]?.steps?.[0]?.request.stream?.format).toBe("json");
  });

  it("refuses a stream timing on a body read for its usage, and says it has no token timings", () => {
    const error = budgetError(
      lines(
        ...HEAD,
        "    request: { method: POST, json: { model: m } }",
        "    thresholds: { ttft.p95: 1s }",
        "    load: { duration: 1s }",
      ),
    );
    expect(error.problems[0]?.message).toMatch(/ttft\.p95 needs a streamed response/);
  });

  it("takes stages.<stage>.output_tokens of a body read for its usage", () => {
    const source = lines(
      ...HEAD,
      "    request: { method: POST, json: { model: m } }",
      "    thresholds: { stages.up.output_tokens.p50: '>= 1' }",
      "    load: { stages: [{ name: up, duration: 1s, rate: 5 }] }",
    );
    const b = parseBudget(source, { file: "b.yml", env: {} });
    expect(b.scenarios[0]?.thresholds.map((t) => t.metric)).toEqual(["stages.up.output_tokens.p50"]);
  });

  it("refuses usage that is not a boolean", () => {
    const error = budgetError(lines(...HEAD, "    request: { usage: yes }", "    load: { duration: 1s }"));
    expect(error.problems[0]?.message).toMatch(/expected true or false/);
  });
});
