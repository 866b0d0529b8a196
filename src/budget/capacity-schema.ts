/**
 * `load.capacity`: the capacity search of a scenario (`{ rate: { from, to }, step, slo }`). The
 * `slo` map takes the same metric → limit pairs as `thresholds:` (one schema per metric, from the
 * catalogue), so an objective is written and checked exactly like a threshold.
 */
import * as z from "zod";
import { METRIC_CATALOGUE } from "../metrics/catalogue.js";
import { durationMsSchema } from "./duration-schema.js";
import { boundError, LOAD_LIMITS, MIN_ROUND_MS } from "./limits.js";
import { limitSchema } from "./thresholds-schema.js";

const RATE_ERROR = "expected a number of requests per second above 0";

function rateSchema(description: string) {
  return z
    .number({ error: RATE_ERROR })
    .positive({ error: RATE_ERROR })
    .max(LOAD_LIMITS.ratePerSec.max, { error: boundError(LOAD_LIMITS.ratePerSec, "requests per second") })
    .meta({ description });
}

/** Metrics an objective may name: every catalogue metric but `capacity` itself (the search's result). */
export const CAPACITY_SLO_METRICS = METRIC_CATALOGUE.filter((def) => def.name !== "capacity");

/** `capacity.slo`: metric → limit, at least one, unknown metrics rejected (with "did you mean"). */
export const capacitySloSchema = z
  .strictObject(
    Object.fromEntries(CAPACITY_SLO_METRICS.map((def) => [def.name, limitSchema(def).optional()])),
    { error: "expected a map of metric to limit, like { latency.p95: 50ms, error_rate: 1% }" },
  )
  .refine((slo) => Object.values(slo).some((limit) => limit !== undefined), {
    error: "expected at least one objective, like { latency.p95: 50ms, error_rate: 1% }",
    when: (payload) => payload.issues.length === 0,
  })
  .meta({
    description:
      "What a step must meet to count as served: metric → limit, written like thresholds (latency.p95: 50ms, error_rate: 1%).",
    minProperties: 1,
  });

/** `load.capacity`. */
export const capacitySchema = z
  .strictObject(
    {
      rate: z
        .strictObject(
          {
            from: rateSchema("First rate tried, requests per second."),
            to: rateSchema("Highest rate tried, requests per second."),
          },
          { error: "expected a map with from and to, like { from: 10, to: 1000 }" },
        )
        .refine((rate) => rate.to > rate.from, {
          error: "expected to above from (the search raises the rate from from towards to)",
          path: ["to"],
          when: (payload) => payload.issues.length === 0,
        }),
      step: durationMsSchema("Measured length of each step of the search. At least 1s.", {
        positive: true,
        max: LOAD_LIMITS.runMs,
      }).refine((ms) => !(ms < MIN_ROUND_MS), {
        error: "expected a step of at least 1s: a shorter step measures too few requests to judge",
      }),
      slo: capacitySloSchema,
    },
    {
      error:
        "expected a map with rate, step and slo, like { rate: { from: 10, to: 1000 }, step: 5s, slo: { latency.p95: 50ms } }",
    },
  )
  .meta({
    title: "Capacity search",
    description:
      "Instead of one run at rate: run the open model at rising rates (×2 from rate.from, then a bisection), one step each, and report capacity = the highest rate whose step met every objective in slo. Excludes rate. With baseline_target, both targets are searched the same way, their steps interleaved (A B B A …), and regression: { capacity } compares the two searches.",
  });
