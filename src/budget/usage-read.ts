/**
 * When a non-streamed response's body is read for its token `usage` (`request.usage`): the one
 * rule the validator, the metric scope and the builder share, on raw budget data (the cross-key
 * checks run even where the schema failed).
 *
 * A request without `stream` reads its body (the first `USAGE_BODY_MAX_BYTES`, the rest discarded)
 * and parses `usage` at the end when `usage: true`, or when `usage` is not set and either its json
 * body has a `model` key (an LLM API call: OpenAI chat/completions, Responses, Anthropic Messages,
 * embeddings) or its scenario names a token metric (`output_tokens.p50`, `output_tps`, …) in
 * `thresholds`, `regression`, `creep` or `load.capacity.slo`. `usage: false` never reads it. Every
 * other plain request keeps the lean handler, which discards bodies unread.
 */
import { findMetric } from "../metrics/catalogue.js";
import { asMap, type PlainMap } from "./plain-map.js";

/**
 * Bytes of a non-streamed body kept whole for its usage (parsed whole: a completion, its
 * reasoning text included); a longer body (an embeddings batch) is not parsed, its last 64 KiB
 * are scanned for `"usage"`. 256 KiB bounds the parse per response and the memory per slot.
 */
export const USAGE_BODY_MAX_BYTES = 256 * 1024;

/** True when a metric named in `map` needs token counts (`requires: "tokens"`). */
function namesTokenMetric(map: unknown): boolean {
  return Object.keys(asMap(map) ?? {}).some((name) => findMetric(name)?.requires === "tokens");
}

/** True when scenario `scenario` (raw) names a token metric anywhere a metric is named. */
export function scenarioNamesTokenMetric(scenario: PlainMap | undefined): boolean {
  if (scenario === undefined) return false;
  const capacitySlo = asMap(asMap(scenario.load)?.capacity)?.slo;
  return [scenario.thresholds, scenario.regression, scenario.creep, capacitySlo].some(namesTokenMetric);
}

/**
 * True when the non-streamed `request` (raw) reads its body for usage (see the file's header);
 * false for a streamed one (its events carry the usage). `namesTokens`: its scenario names a token
 * metric (`scenarioNamesTokenMetric`; false for a step or a setup request).
 */
export function readsUsage(request: PlainMap | undefined, namesTokens: boolean): boolean {
  if (request === undefined || request.stream !== undefined) return false;
  if (typeof request.usage === "boolean") return request.usage;
  return asMap(request.json)?.model !== undefined || namesTokens;
}
