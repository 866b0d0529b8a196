/**
 * The `slo:` map of a scenario: per-request objectives. A request that is ok and meets every one
 * counts toward `goodput`. Which objectives need a streamed response is a cross-key rule
 * (stream-checks.ts).
 */
import * as z from "zod";
import { durationMsSchema } from "./duration-schema.js";
import { LOAD_LIMITS } from "./limits.js";

/** Objective keys, in the order messages list them. */
export const SLO_KEYS = ["ttfb", "ttft", "tpot", "latency"] as const;

/** Objectives that only a streamed response can be measured against. */
export const STREAMED_SLO_KEYS: readonly (typeof SLO_KEYS)[number][] = ["ttft", "tpot"];

const DESCRIPTIONS: Record<(typeof SLO_KEYS)[number], string> = {
  ttfb: "Largest time to first byte (response headers) of a good request.",
  ttft: "Largest time to first token of a good request. Needs request.stream.",
  tpot: "Largest time per output token of a good request (met by a one-token response). Needs request.stream.",
  latency: "Largest latency of a good request.",
};

const MAP_ERROR = "expected a map of objective to duration, like { ttft: 500ms, latency: 10s }";

/** The `slo:` map: objective → duration above 0, at least one, unknown keys rejected. */
export const sloSchema = z
  .strictObject(
    Object.fromEntries(
      SLO_KEYS.map((key) => [
        key,
        durationMsSchema(DESCRIPTIONS[key], { positive: true, max: LOAD_LIMITS.timeoutMs }).optional(),
      ]),
    ) as Record<(typeof SLO_KEYS)[number], z.ZodOptional<ReturnType<typeof durationMsSchema>>>,
    { error: MAP_ERROR },
  )
  .refine((slo) => Object.values(slo).some((ms) => ms !== undefined), {
    error: `expected at least one objective (${SLO_KEYS.join(", ")}), like { ttft: 500ms }`,
    // An unknown key is its own problem: "at least one" beside it would only repeat it.
    when: (payload) => payload.issues.length === 0,
  })
  .meta({
    title: "SLO",
    description:
      "Per-request objectives: a request is good when it is ok and meets every one; goodput is good " +
      "requests per second. ttfb, ttft and tpot need request.stream.",
    minProperties: 1,
  });
