/**
 * The report fields of a capacity search (`capacity`, `capacity_search`) as report-schema.ts
 * checks them when a report is read back: the gate judges `regression: { capacity }` and
 * `creep: { capacity }` on a baseline's search record (capacity-compare.ts), so a corrupted one
 * must be a clear error at its field, never a wrong verdict or a crash.
 */
import * as z from "zod";

/** Most steps a search record may hold: a geometric phase over the widest rate range plus `MAX_STEPS`. */
export const MAX_CAPACITY_STEPS = 100;

const rate = z.number().positive();
const ms = z.number().nonnegative();
const count = z.number().int().nonnegative();

const objective = z.looseObject({
  metric: z.string(),
  op: z.enum(["<=", "<", ">=", ">"]),
  limit: z.number(),
  source: z.string(),
});

const step = z.looseObject({
  rate,
  duration_ms: ms,
  requests: count,
  ok: count,
  error_rate: z.number().min(0).max(1),
  rps: ms,
  latency_p50: ms,
  latency_p95: ms,
  latency_p99: ms,
  values: z.array(z.number().nullable()).max(MAX_CAPACITY_STEPS),
  met: z.boolean(),
  generator_limited: z.boolean(),
});

const search = z
  .looseObject({
    from_rate: rate,
    to_rate: rate,
    step_ms: z.number().positive(),
    slo: z.array(objective).min(1).max(MAX_CAPACITY_STEPS),
    steps: z.array(step).max(MAX_CAPACITY_STEPS, { error: `has more than ${MAX_CAPACITY_STEPS} steps` }),
    stopped_by: z.enum(["slo", "max_rate", "generator", "interrupted"]),
    reason: z.string(),
  })
  .superRefine((record, ctx) => {
    // Each step holds one value per objective, in `slo` order: the comparison and the summary read them by index.
    record.steps.forEach((s, i) => {
      if (s.values.length === record.slo.length) return;
      ctx.addIssue({
        code: "custom",
        path: ["steps", i, "values"],
        message: `holds ${s.values.length} values for ${record.slo.length} objectives`,
        params: { phrase: true },
      });
    });
  });

/** `capacity` (req/s, null: no step met) and `capacity_search`, both optional on any scenario. */
export const capacityFields = {
  capacity: rate.nullable().optional(),
  capacity_search: search.optional(),
};
