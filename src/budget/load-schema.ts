/**
 * The `load:` map of a scenario and the `untrusted:` policy (also a key of `defaults:`): what load
 * to send, within the bounds the engine can honour (limits.ts).
 */
import * as z from "zod";
import { BUDGET_DEFAULTS } from "./budget-defaults.js";
import { capacitySchema } from "./capacity-schema.js";
import { durationMsSchema as durationMs } from "./duration-schema.js";
import { type Bound, boundError, LOAD_LIMITS } from "./limits.js";
import type { UntrustedPolicy } from "./types.js";
import { workersSchema } from "./workers-schema.js";

/** Values of `untrusted:` (see `LoadSpec.untrusted`). */
export const UNTRUSTED_POLICIES = ["fail", "warn"] as const satisfies readonly UntrustedPolicy[];

/** `untrusted: fail | warn`, under a scenario's `load:` (wins) and under `defaults:`. */
export const untrustedSchema = z
  .enum(UNTRUSTED_POLICIES, { error: `expected one of ${UNTRUSTED_POLICIES.join(", ")}` })
  .meta({
    description:
      "What a run that could not produce the asked-for load does to the verdict: a scenario whose " +
      "achieved arrival rate is below 95 % of rate, that dropped arrivals, whose generator lagged, or " +
      "that got no ok response is untrusted. fail (default): it fails the gate. warn: only a warning.",
    default: BUDGET_DEFAULTS.untrusted,
  });

/**
 * `round: 5s`, under a scenario's `load:` (wins) and under `defaults:`: the measured length of one
 * round of a side-by-side run. Its bounds depend on the scenario's duration, so they are checked
 * with it (checks.ts: at least `MIN_ROUND_MS`, at most half the duration).
 */
export const roundSchema = durationMs(
  "Side-by-side runs (baseline_target) only: measured length of one round; each side runs duration / round rounds, interleaved A B B A …. At least 1s and at most duration / 2 (a side needs at least 2 rounds). Default: 2s (10s for a streamed request), or duration / 4 when shorter. Ignored without baseline_target.",
  { positive: true },
);

/**
 * A whole number from `min` to a bound of the engine. The bound is checked first and alone: 1e29
 * is "at most 50,000", not also "a whole number" (zod's int() refuses unsafe integers).
 */
function boundedWholeNumber(min: number, bound: Bound, unit: string) {
  const error = `expected a whole number of at least ${min}`;
  return z
    .number({ error })
    .max(bound.max, { error: boundError(bound, unit), abort: true })
    .int({ error })
    .min(min, { error });
}

const rateError = "expected a number of requests per second above 0";
/**
 * Step and stage names name metrics (`steps.<name>.latency.p95`, `stages.<name>.…`): letters,
 * digits, `_` and `-`, no dots, no spaces.
 */
export const PART_NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
const stageNameError = "expected a stage name of letters, digits, _ and - (at most 64), like spike";

/** One stage of `load.stages`: how long, and the rate (open model) or loops (closed) it ends at. */
const stageSchema = z
  .strictObject(
    {
      name: z
        .string({ error: stageNameError })
        .regex(PART_NAME_RE, { error: stageNameError })
        .meta({
          description: "Names the stage's metrics (stages.<name>.latency.p99). Default stage1, stage2 …",
        })
        .optional(),
      duration: durationMs("How long the stage lasts.", { positive: true, max: LOAD_LIMITS.runMs }),
      rate: z
        .number({ error: "expected a number of requests per second, 0 or more" })
        .nonnegative({ error: "expected a number of requests per second, 0 or more" })
        .max(LOAD_LIMITS.ratePerSec.max, { error: boundError(LOAD_LIMITS.ratePerSec, "requests per second") })
        .meta({
          description: "Open model: the rate reached at the stage's end (linear from the previous stage's).",
        })
        .optional(),
      connections: boundedWholeNumber(1, LOAD_LIMITS.connections, "connections")
        .meta({ description: "Closed model: the loop count reached at the stage's end." })
        .optional(),
    },
    { error: "expected a stage: a map with name, duration, rate or connections" },
  )
  .meta({ title: "Stage" });

/** A scenario's `load:` map. */
export const loadSchema = z
  .strictObject(
    {
      connections: boundedWholeNumber(1, LOAD_LIMITS.connections, "connections")
        .meta({
          description: "Closed model: request loops. Open model: pool cap.",
          default: BUDGET_DEFAULTS.connections,
        })
        .optional(),
      rate: z
        .number({ error: "expected a number of requests per second above 0" })
        .positive({ error: "expected a number of requests per second above 0" })
        .max(LOAD_LIMITS.ratePerSec.max, { error: boundError(LOAD_LIMITS.ratePerSec, "requests per second") })
        .meta({
          description: "Open model: arrivals per second on an absolute schedule. Absent: closed model.",
        })
        .optional(),
      arrival: z
        .enum(["constant", "poisson"], { error: "expected one of constant, poisson" })
        .meta({ description: "Spacing of arrivals in the open model.", default: BUDGET_DEFAULTS.arrival })
        .optional(),
      seed: boundedWholeNumber(0, LOAD_LIMITS.seed, "")
        .meta({
          description: "Seed of the Poisson schedule (reproducible runs).",
          default: BUDGET_DEFAULTS.seed,
        })
        .optional(),
      duration: durationMs(
        "Length of the measured phase, after warm-up. Not with stages; not needed with capacity.",
        {
          positive: true,
          max: LOAD_LIMITS.runMs,
          maxWith: "warmup",
        },
      ).optional(),
      stages: z
        .array(stageSchema, { error: "expected a list of stages" })
        .min(1, { error: "expected a list of at least one stage" })
        .meta({
          description:
            "A load shape instead of rate and duration: each stage moves the rate (or the loop count) linearly to its own over its duration.",
        })
        .optional(),
      start_rate: z
        .number({ error: rateError.replace("above 0", "0 or more") })
        .nonnegative({ error: rateError.replace("above 0", "0 or more") })
        .max(LOAD_LIMITS.ratePerSec.max, { error: boundError(LOAD_LIMITS.ratePerSec, "requests per second") })
        .meta({
          description: "Open-model stages: the rate the first stage starts from (and the warm-up's).",
          default: 0,
        })
        .optional(),
      warmup: durationMs("Sent but not recorded.", {
        positive: false,
        fallback: BUDGET_DEFAULTS.warmup,
        max: LOAD_LIMITS.runMs,
        maxWith: "duration",
      }).optional(),
      untrusted: untrustedSchema.optional(),
      round: roundSchema.optional(),
      capacity: capacitySchema.optional(),
      workers: workersSchema.optional(),
    },
    {
      error:
        "expected a map with connections, rate, arrival, seed, duration, stages, start_rate, warmup, untrusted, round, capacity, workers",
    },
  )
  .superRefine((load, ctx) => {
    // A capacity search picks its own rates and step lengths: rate and duration would be ignored.
    if (load.capacity !== undefined && load.rate !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["rate"],
        input: load.rate,
        message:
          "rate and capacity exclude each other: the capacity search chooses the rates itself (capacity.rate.from … to); remove rate",
      });
    }
    if (load.capacity === undefined && load.stages === undefined && load.duration === undefined) {
      // Worded and located like zod's own missing keys: issues.ts adds `missing required key`.
      ctx.addIssue({
        code: "invalid_type",
        expected: "string",
        path: ["duration"],
        input: undefined,
        message:
          'expected a duration like "250ms" (the measured length; not needed with load.stages or load.capacity)',
      });
    }
  })
  .meta({ title: "Load" });
