/**
 * Cross-key rules of streamed responses and objectives: stream keys need `stream`, an openai
 * stream needs a body that asks for one, and metrics or objectives that only a streamed response
 * (or an `slo:`) produces need it in the same scenario. Like checks.ts, they read the raw data,
 * so they run even when the schema failed elsewhere.
 */
import { findMetric } from "../metrics/catalogue.js";
import { NEEDS_CAPACITY, TOKENS_FIX } from "../metrics/scenario-metrics.js";
import { describeFound, type PathProblem } from "./issues.js";
import { asMap, type PlainMap } from "./plain-map.js";
import { REGRESSION_METRICS } from "./regression-schema.js";
import { STREAMED_SLO_KEYS } from "./slo-schema.js";
import { STREAM_FORMATS } from "./stream-schema.js";
import { readsUsage } from "./usage-read.js";
import type { Anchor, KeyPath } from "./yaml-source.js";

const REGRESSION_NAMES = new Set(REGRESSION_METRICS.map((def) => def.name));
const SET_STREAM = "set request.stream: openai (or sse) in this scenario";

/** Every stream and slo problem of scenario `index`. */
export function checkStreamRules(scenario: PlainMap, index: number): PathProblem[] {
  const at = (...path: (string | number)[]): KeyPath => ["scenarios", index, ...path];
  const request = asMap(scenario.request) ?? {};
  return [
    ...checkStreamKeys(request, at("request")),
    ...checkSseKey(request, at("request")),
    ...checkOpenAiBody(request, at("request")),
    ...checkMetrics(scenario, request.stream !== undefined, readsUsage(request, true), index),
    ...checkSlo(scenario.slo, request.stream !== undefined, at("slo")),
  ];
}

/** `include_usage` and `idle_timeout` mean nothing without `stream`, `include_usage` nothing with sse. */
function checkStreamKeys(request: PlainMap, path: KeyPath): PathProblem[] {
  const problems: PathProblem[] = [];
  const problem = (key: string, message: string) =>
    problems.push({ path: [...path, key], anchor: "key", message });
  if (request.stream !== undefined && request.usage !== undefined) {
    problem(
      "usage",
      `usage applies to non-streamed responses (with stream: ${request.stream}, usage is read from the events): remove it`,
    );
  }
  if (request.stream === undefined) {
    if (request.include_usage !== undefined)
      problem("include_usage", "include_usage applies to stream: openai: set request.stream: openai");
    if (request.idle_timeout !== undefined)
      problem("idle_timeout", `idle_timeout applies to streamed responses: ${SET_STREAM}, or use timeout`);
  } else if (request.stream !== "openai" && request.include_usage !== undefined) {
    problem(
      "include_usage",
      request.stream === "anthropic"
        ? "include_usage applies to stream: openai only (an Anthropic stream always reports its usage)"
        : request.stream === "openai-responses"
          ? "include_usage applies to stream: openai only (a Responses stream reports its usage in response.completed)"
          : "include_usage applies to stream: openai only (an sse stream has no usage to ask for)",
    );
  }
  return problems;
}

/**
 * `sse:` describes a format perf-gate has no reader for, so it means something with `stream: sse`
 * only: the named formats read their own events, and a body read whole has no events at all.
 */
function checkSseKey(request: PlainMap, path: KeyPath): PathProblem[] {
  const stream = request.stream;
  if (request.sse === undefined || stream === "sse") return [];
  // A stream value that is no format already has its problem; this one would only repeat it.
  if (stream !== undefined && !(STREAM_FORMATS as readonly unknown[]).includes(stream)) return [];
  const message =
    stream === undefined
      ? "sse describes the events of a generic SSE stream: set request.stream: sse"
      : `sse applies to stream: sse only (stream: ${stream} reads its own events): remove sse, or set request.stream: sse`;
  return [{ path: [...path, "sse"], anchor: "key", message }];
}

/**
 * An OpenAI-compatible (chat or Responses) or Anthropic server streams only when the body says `"stream": true`:
 * without it the run would time a whole JSON response as if it were one chunk.
 */
function checkOpenAiBody(request: PlainMap, path: KeyPath): PathProblem[] {
  const streamsWhenAsked = ["openai", "openai-responses", "anthropic"];
  if (!streamsWhenAsked.includes(String(request.stream)) || request.json === undefined) return [];
  const needsStreamTrue = `request.stream is ${request.stream}, so the json body needs "stream": true (the server streams only when asked)`;
  const needs = (found: string, at: KeyPath, anchor: Anchor): PathProblem[] => [
    { path: [...path, ...at], anchor, message: `${needsStreamTrue}, got ${found}` },
  ];
  const json = asMap(request.json);
  if (!json) return needs("a json body that is not a map", ["json"], "value");
  if (json.stream === undefined) return needs('a json body without "stream"', ["json"], "key");
  if (json.stream !== true) return needs(describeFound(json.stream, []), ["json", "stream"], "value");
  return checkUsageConflict(request.include_usage, asMap(json.stream_options)?.include_usage, path);
}

/** `include_usage` and the body's own `stream_options.include_usage` must not say opposite things. */
function checkUsageConflict(written: unknown, inBody: unknown, path: KeyPath): PathProblem[] {
  if (typeof written !== "boolean" || typeof inBody !== "boolean" || written === inBody) return [];
  const message = `include_usage is ${written} but the json body sets stream_options.include_usage: ${inBody}: keep one of them`;
  return [{ path: [...path, "include_usage"], anchor: "key", message }];
}

/**
 * Threshold, regression and creep metrics that only a streamed response, or an slo, produces; the
 * token metrics also a non-streamed body read for its usage (`tokens`: the request would read it
 * once it names one, i.e. unless `request.usage: false`).
 */
function checkMetrics(scenario: PlainMap, streams: boolean, tokens: boolean, index: number): PathProblem[] {
  const slo = scenario.slo !== undefined;
  return (["thresholds", "regression", "creep"] as const).flatMap((section) =>
    Object.keys(asMap(scenario[section]) ?? {}).flatMap((metric): PathProblem[] => {
      // A metric a regression (or creep) rule cannot take already has its "unknown metric" problem.
      if (section !== "thresholds" && !REGRESSION_NAMES.has(metric)) return [];
      const requires = findMetric(metric)?.requires;
      const path = ["scenarios", index, section, metric];
      if (requires === "stream" && !streams)
        return [{ path, anchor: "key", message: `${metric} needs a streamed response: ${SET_STREAM}` }];
      if (requires === "tokens" && !streams && !tokens) {
        const message = `${metric} needs token counts, and request.usage is false: ${TOKENS_FIX}`;
        return [{ path, anchor: "key", message }];
      }
      if (requires === "capacity" && asMap(scenario.load)?.capacity === undefined)
        return [{ path, anchor: "key", message: NEEDS_CAPACITY(metric) }];
      if (requires === "slo" && !slo) {
        const example = streams ? "ttft: 500ms" : "latency: 2s";
        const message = `${metric} counts requests that meet every slo objective: add slo: { ${example}, … } to this scenario`;
        return [{ path, anchor: "key", message }];
      }
      return [];
    }),
  );
}

/** ttft and tpot are measured on streamed responses only; ttfb and latency on any. */
function checkSlo(slo: unknown, streams: boolean, path: KeyPath): PathProblem[] {
  if (streams) return [];
  return Object.keys(asMap(slo) ?? {})
    .filter((key) => (STREAMED_SLO_KEYS as readonly string[]).includes(key))
    .map((key) => ({
      path: [...path, key],
      anchor: "key",
      message: `slo ${key} needs a streamed response: ${SET_STREAM}, or use latency`,
    }));
}
