/**
 * Problems with streamed requests and slo objectives: each row is a broken scenario and the exact
 * `line:col key.path: message` problems it must produce, in file order.
 */
import { describe, expect, test } from "vitest";
import { budgetError, lines } from "./helpers.js";

const HEAD = ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", "  - name: a"]; // lines 1–4
/** A one-scenario budget whose keys start at line 5; its load comes last. */
const scenario = (...keys: string[]) => lines(...HEAD, ...keys, "    load: { duration: 1s }");

const R = "scenarios[0].request";
const SET_STREAM = "set request.stream: openai (or sse) in this scenario";
const NEEDS_STREAM_BODY =
  'request.stream is openai, so the json body needs "stream": true (the server streams only when asked)';

// [what, scenario keys from line 5, every problem as "line:col path: message"]
const ROWS: [string, string[], string[]][] = [
  [
    "unknown stream format",
    ["    request:", "      stream: openAI"],
    [`6:15 ${R}.stream: expected one of openai, openai-responses, anthropic, sse, got "openAI"`],
  ],
  [
    "misspelt stream key",
    ["    request:", "      strem: openai"],
    [`6:7 ${R}.strem: unknown key "strem", did you mean "stream"?`],
  ],
  [
    "include_usage that is not a boolean",
    ["    request:", "      stream: openai", "      include_usage: yes"],
    [`7:22 ${R}.include_usage: expected true or false, got "yes"`],
  ],
  [
    "idle_timeout of zero",
    ["    request:", "      stream: sse", "      idle_timeout: 0s"],
    [`7:21 ${R}.idle_timeout: expected a duration above 0, like "250ms", got "0s"`],
  ],
  [
    "idle_timeout without a unit",
    ["    request:", "      stream: sse", "      idle_timeout: 5"],
    [`7:21 ${R}.idle_timeout: expected a duration like "250ms", got 5`],
  ],
  [
    "include_usage without stream",
    ["    request:", "      include_usage: true"],
    [`6:7 ${R}.include_usage: include_usage applies to stream: openai: set request.stream: openai`],
  ],
  [
    "idle_timeout without stream",
    ["    request:", "      idle_timeout: 2s"],
    [`6:7 ${R}.idle_timeout: idle_timeout applies to streamed responses: ${SET_STREAM}, or use timeout`],
  ],
  [
    "include_usage with an sse stream",
    ["    request:", "      stream: sse", "      include_usage: false"],
    [
      `7:7 ${R}.include_usage: include_usage applies to stream: openai only (an sse stream has no usage to ask for)`,
    ],
  ],
  [
    "include_usage with an anthropic stream",
    ["    request:", "      stream: anthropic", "      include_usage: true"],
    [
      `7:7 ${R}.include_usage: include_usage applies to stream: openai only (an Anthropic stream always reports its usage)`,
    ],
  ],
  [
    "include_usage with an openai-responses stream",
    ["    request:", "      stream: openai-responses", "      include_usage: true"],
    [
      `7:7 ${R}.include_usage: include_usage applies to stream: openai only (a Responses stream reports its usage in response.completed)`,
    ],
  ],
  [
    "openai-responses json body with stream: false",
    ["    request:", "      stream: openai-responses", "      json: { model: m, stream: false }"],
    [
      `7:33 ${R}.json.stream: request.stream is openai-responses, so the json body needs "stream": true (the server streams only when asked), got false`,
    ],
  ],
  [
    "anthropic json body without stream",
    ["    request:", "      stream: anthropic", "      json: { model: m, max_tokens: 64 }"],
    [
      `7:7 ${R}.json: request.stream is anthropic, so the json body needs "stream": true (the server streams only when asked), got a json body without "stream"`,
    ],
  ],
  [
    "openai json body without stream",
    ["    request:", "      stream: openai", "      json: { model: m }"],
    [`7:7 ${R}.json: ${NEEDS_STREAM_BODY}, got a json body without "stream"`],
  ],
  [
    "openai json body with stream: false",
    ["    request:", "      stream: openai", "      json: { model: m, stream: false }"],
    [`7:33 ${R}.json.stream: ${NEEDS_STREAM_BODY}, got false`],
  ],
  [
    'openai json body with stream: "true" (text)',
    ["    request:", "      stream: openai", '      json: { stream: "true" }'],
    [`7:23 ${R}.json.stream: ${NEEDS_STREAM_BODY}, got "true"`],
  ],
  [
    "openai json body that is not a map",
    ["    request:", "      stream: openai", "      json: [1, 2]"],
    [`7:13 ${R}.json: ${NEEDS_STREAM_BODY}, got a json body that is not a map`],
  ],
  [
    "include_usage that contradicts the body's own",
    [
      "    request:",
      "      stream: openai",
      "      include_usage: false",
      "      json: { stream: true, stream_options: { include_usage: true } }",
    ],
    [
      `7:7 ${R}.include_usage: include_usage is false but the json body sets stream_options.include_usage: true: keep one of them`,
    ],
  ],
  [
    "a stream threshold without a stream",
    ["    thresholds:", "      latency.p95: 1s", "      ttft.p95: 500ms"],
    [`7:7 scenarios[0].thresholds.ttft.p95: ttft.p95 needs a streamed response: ${SET_STREAM}`],
  ],
  [
    "a token threshold on a request that does not stream and refuses to read its usage",
    ["    request: { usage: false }", "    thresholds:", '      output_tps: ">= 100"'],
    [
      "7:7 scenarios[0].thresholds.output_tps: output_tps needs token counts, and request.usage is false: set request.stream: openai (or another format), or read a non-streamed body's usage with request.usage: true",
    ],
  ],
  [
    "usage on a streamed request",
    ["    request: { stream: sse, usage: true }"],
    [
      `5:29 ${R}.usage: usage applies to non-streamed responses (with stream: sse, usage is read from the events): remove it`,
    ],
  ],
  [
    "a stream regression rule without a stream",
    ["    regression:", "      itl.p99: +10%"],
    [`6:7 scenarios[0].regression.itl.p99: itl.p99 needs a streamed response: ${SET_STREAM}`],
  ],
  [
    "goodput without slo (no stream: the example objective is latency)",
    ["    thresholds:", '      goodput: ">= 5"'],
    [
      "6:7 scenarios[0].thresholds.goodput: goodput counts requests that meet every slo objective: add slo: { latency: 2s, … } to this scenario",
    ],
  ],
  [
    "goodput without slo in a streamed scenario",
    ["    request: { stream: sse }", "    regression:", "      goodput: -10%"],
    [
      "7:7 scenarios[0].regression.goodput: goodput counts requests that meet every slo objective: add slo: { ttft: 500ms, … } to this scenario",
    ],
  ],
  [
    "stream objectives without a stream",
    ["    slo:", "      ttft: 500ms", "      latency: 2s", "      tpot: 50ms"],
    [
      `6:7 scenarios[0].slo.ttft: slo ttft needs a streamed response: ${SET_STREAM}, or use latency`,
      `8:7 scenarios[0].slo.tpot: slo tpot needs a streamed response: ${SET_STREAM}, or use latency`,
    ],
  ],
  [
    "slo with no objective",
    ["    slo: {}"],
    [
      "5:10 scenarios[0].slo: expected at least one objective (ttfb, ttft, tpot, latency), like { ttft: 500ms }, got an empty map",
    ],
  ],
  [
    "slo left empty",
    ["    slo:"],
    [
      "5:9 scenarios[0].slo: expected a map of objective to duration, like { ttft: 500ms, latency: 10s }, got nothing",
    ],
  ],
  [
    "misspelt objective",
    ["    request: { stream: openai }", "    slo:", "      tft: 500ms"],
    ['7:7 scenarios[0].slo.tft: unknown key "tft", did you mean "ttft"?'],
  ],
  [
    "unknown objective",
    ["    slo:", "      error_rate: 1%"],
    [
      '6:7 scenarios[0].slo.error_rate: unknown key "error_rate" (expected one of: ttfb, ttft, tpot, latency)',
    ],
  ],
  [
    "objective that is not a duration",
    ["    slo: { latency: fast }"],
    ['5:21 scenarios[0].slo.latency: expected a duration like "250ms", got "fast"'],
  ],
  [
    "objective of zero",
    ["    slo: { latency: 0ms }"],
    ['5:21 scenarios[0].slo.latency: expected a duration above 0, like "250ms", got "0ms"'],
  ],
  [
    "misspelt stream metric (swapped digits)",
    ["    request: { stream: sse }", "    thresholds:", "      ttft.p59: 1s"],
    ['7:7 scenarios[0].thresholds.ttft.p59: unknown metric "ttft.p59", did you mean "ttft.p95"?'],
  ],
  [
    "misspelt stream metric in a regression rule",
    ["    request: { stream: sse }", "    regression:", "      tpop.p95: +10%"],
    ['7:7 scenarios[0].regression.tpop.p95: unknown metric "tpop.p95", did you mean "tpot.p95"?'],
  ],
  [
    "a regression rule on a token count (one problem, even without a stream)",
    ["    regression:", "      output_tokens.p50: -10%"],
    [
      "6:7 scenarios[0].regression.output_tokens.p50: output_tokens.p50 cannot have a regression rule: token counts describe the workload sent, not performance (use a threshold)",
    ],
  ],
  [
    "a rise on output_tps",
    ["    request: { stream: sse }", "    regression:", "      output_tps: +10%"],
    [
      '7:19 scenarios[0].regression.output_tps: expected a drop like "-10%" or -5 (output_tps is higher-is-better: a regression is a decrease), got "+10%"',
    ],
  ],
  [
    "a duration on a per-request token rate",
    ["    request: { stream: sse }", "    regression:", "      request_output_tps.p50: -5ms"],
    [
      '7:31 scenarios[0].regression.request_output_tps.p50: expected "%" (relative) or a plain number of tokens per second, like "-10%" or -5, got "-5ms"',
    ],
  ],
  [
    "a stream rule beside a schema error elsewhere: both are reported",
    ["    request:", "      method: FETCH", "      idle_timeout: 2s"],
    [
      `6:15 ${R}.method: expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, got "FETCH"`,
      `7:7 ${R}.idle_timeout: idle_timeout applies to streamed responses: ${SET_STREAM}, or use timeout`,
    ],
  ],
];

describe("stream and slo problems", () => {
  test.each(ROWS)("%s", (_what, keys, problems) => {
    const error = budgetError(scenario(...keys));
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual(problems);
  });

  test("the full message names file, line, column and key path", () => {
    const error = budgetError(scenario("    thresholds:", "      ttft.p95: 500ms"));
    expect(error.message).toBe(
      `invalid budget (1 problem):\n  perf-budget.yml:6:7 scenarios[0].thresholds.ttft.p95: ttft.p95 needs a streamed response: ${SET_STREAM}`,
    );
  });
});
