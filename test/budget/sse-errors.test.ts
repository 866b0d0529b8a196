/**
 * `request.sse` (the generic SSE format): each row is a broken scenario and the exact
 * `line:col key.path: message` problems it must produce; and what a valid `sse:` compiles to.
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { budgetError, lines } from "./helpers.js";

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"]; // lines 1–4
/** A one-scenario budget whose keys start at line 5; its load comes last. */
const scenario = (...keys: string[]) => lines(...HEAD, ...keys, "    load: { duration: 1s }");

const R = "scenarios[0].request";
const FORMS = "a path is $ followed by .name, ['name'], [n] or [-n]";

// [what, scenario keys from line 5, every problem as "line:col path: message"]
const ROWS: [string, string[], string[]][] = [
  [
    "sse without stream",
    ["    request:", "      sse: { text: $.delta.text }"],
    [`6:7 ${R}.sse: sse describes the events of a generic SSE stream: set request.stream: sse`],
  ],
  [
    "sse with stream: openai",
    ["    request:", "      stream: openai", "      sse: { text: $.delta.text }"],
    [
      `7:7 ${R}.sse: sse applies to stream: sse only (stream: openai reads its own events): remove sse, or set request.stream: sse`,
    ],
  ],
  [
    "sse with stream: anthropic",
    ["    request:", "      stream: anthropic", "      sse: { event: delta }"],
    [
      `7:7 ${R}.sse: sse applies to stream: sse only (stream: anthropic reads its own events): remove sse, or set request.stream: sse`,
    ],
  ],
  [
    "sse with an unknown stream format: only the format's problem",
    ["    request:", "      stream: custom", "      sse: { event: delta }"],
    [`6:15 ${R}.stream: expected one of openai, openai-responses, anthropic, sse, got "custom"`],
  ],
  [
    "a text path with a wildcard",
    // Quoted: inside a flow map, an unquoted [ would be YAML's.
    ["    request:", "      stream: sse", '      sse: { text: "$.delta[*].text" }'],
    [
      `7:20 ${R}.sse.text: expected a JSONPath: at character 9, wildcards ([*]) are not supported; ${FORMS}, got "$.delta[*].text"`,
    ],
  ],
  [
    "a usage path without $",
    ["    request:", "      stream: sse", "      sse: { usage: usage.output_tokens }"],
    [
      `7:21 ${R}.sse.usage: expected a JSONPath: at character 1, the path must start with $; ${FORMS}, got "usage.output_tokens"`,
    ],
  ],
  [
    "a prompt_usage path with recursive descent",
    ["    request:", "      stream: sse", "      sse: { prompt_usage: $..input_tokens }"],
    [
      `7:28 ${R}.sse.prompt_usage: expected a JSONPath: at character 2, recursive descent (..) is not supported; ${FORMS}, got "$..input_tokens"`,
    ],
  ],
  [
    "misspelt key",
    ["    request:", "      stream: sse", "      sse: { txt: $.delta.text }"],
    [`7:14 ${R}.sse.txt: unknown key "txt", did you mean "text"?`],
  ],
  [
    "an empty event list",
    ["    request:", "      stream: sse", "      sse: { event: [] }"],
    [
      `7:21 ${R}.sse.event: expected an SSE event type (the "event:" field), like delta, or a list of them, got an empty list`,
    ],
  ],
  [
    "an event type that is a number",
    ["    request:", "      stream: sse", "      sse: { event: 5 }"],
    [
      `7:21 ${R}.sse.event: expected an SSE event type (the "event:" field), like delta, or a list of them, got 5`,
    ],
  ],
  [
    "sse that is not a map",
    ["    request:", "      stream: sse", "      sse: $.delta.text"],
    [
      `7:12 ${R}.sse: expected a map with event, text, usage, prompt_usage, end, like { event: delta, text: $.delta.text }, got "$.delta.text"`,
    ],
  ],
];

describe("request.sse problems", () => {
  test.each(ROWS)("%s", (_what, keys, problems) => {
    const error = budgetError(scenario(...keys));
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual(problems);
  });
});

describe("request.sse compiles once, with the budget", () => {
  const streamOf = (...keys: string[]) =>
    parseBudget(scenario(...keys), { file: "b.yml", env: {} }).scenarios[0]?.request.stream;

  test("the issue's form: one event type, text and usage paths compiled to their steps", () => {
    const stream = streamOf(
      "    request:",
      "      stream: sse",
      "      sse: { event: delta, text: $.delta.text, usage: $.usage.output_tokens }",
    );
    expect(stream?.format).toBe("sse");
    expect(stream?.sse).toEqual({
      events: ["delta"],
      text: {
        text: "$.delta.text",
        steps: [
          { kind: "member", name: "delta" },
          { kind: "member", name: "text" },
        ],
      },
      usage: {
        text: "$.usage.output_tokens",
        steps: [
          { kind: "member", name: "usage" },
          { kind: "member", name: "output_tokens" },
        ],
      },
    });
    // Plain data, so it survives a structured clone (a worker rebuilds it from the file anyway).
    expect(structuredClone(stream?.sse)).toEqual(stream?.sse);
  });

  test("a list of event types, prompt_usage and end", () => {
    const stream = streamOf(
      "    request:",
      "      stream: sse",
      "      sse: { event: [token, final], prompt_usage: \"$['usage']['in']\", end: done }",
    );
    expect(stream?.sse).toEqual({
      events: ["token", "final"],
      promptUsage: {
        text: "$['usage']['in']",
        steps: [
          { kind: "member", name: "usage" },
          { kind: "member", name: "in" },
        ],
      },
      end: "done",
    });
  });

  test("stream: sse without sse: has no spec (every data event is content, as before)", () => {
    expect(streamOf("    request: { stream: sse }")).not.toHaveProperty("sse");
  });
});
