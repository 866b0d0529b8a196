/**
 * A report read back (a baseline) with a capacity search: `capacity` and `capacity_search` are
 * validated field by field, since the gate judges `regression: { capacity }` on them. They were
 * passed through unchecked: a corrupted search record reached capacity-compare.ts.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import type { CapacitySearchRecord, Report } from "../../src/report/types.js";
import { readReport } from "../../src/report/write-report.js";
import { capacityStep, reportOf, scenarioReport } from "../gate/gate-fixtures.js";

const SEARCH: CapacitySearchRecord = {
  from_rate: 10,
  to_rate: 1000,
  step_ms: 1000,
  slo: [{ metric: "latency.p95", op: "<=", limit: 50, source: "50ms" }],
  steps: [capacityStep(100, true), capacityStep(105, false)],
  stopped_by: "slo",
  reason: "capacity 100/s: 100/s met every objective, 105/s broke latency.p95",
};

let dir: string;
let report: Report;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-capacity-report-"));
  const scenario = await scenarioReport({ latencyMs: [10, 11, 12], load: { ratePerSec: 100 } });
  report = reportOf([{ ...scenario, capacity: 100, capacity_search: SEARCH }]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `report` with its scenario's search record changed by `patch`, written and read back. */
async function readPatched(name: string, patch: (s: Record<string, unknown>) => unknown): Promise<unknown> {
  const scenario = report.scenarios[0] as unknown as Record<string, unknown>;
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ ...report, scenarios: [patch(scenario)] }));
  return readReport(path).catch((e: unknown) => e);
}

const withSearch = (over: Record<string, unknown>) => (s: Record<string, unknown>) => ({
  ...s,
  capacity_search: { ...SEARCH, ...over },
});
const withStep = (over: Record<string, unknown>) =>
  withSearch({ steps: [{ ...SEARCH.steps[0], ...over }, SEARCH.steps[1]] });

describe("capacity fields of a report read back", () => {
  it("reads a sound search back as written", async () => {
    const read = (await readPatched("sound.json", (s) => s)) as Report;
    expect(read.scenarios[0]?.capacity).toBe(100);
    expect(read.scenarios[0]?.capacity_search).toEqual(SEARCH);
  });

  it.each([
    [
      "capacity as text",
      (s: Record<string, unknown>) => ({ ...s, capacity: "100/s" }),
      "scenarios[0].capacity",
    ],
    ["a step rate as text", withStep({ rate: "100" }), "scenarios[0].capacity_search.steps[0].rate"],
    ["met missing from a step", withStep({ met: undefined }), "scenarios[0].capacity_search.steps[0].met"],
    [
      "an error rate above 1",
      withStep({ error_rate: 3 }),
      "scenarios[0].capacity_search.steps[0].error_rate",
    ],
    ["an unknown stopped_by", withSearch({ stopped_by: "bored" }), "scenarios[0].capacity_search.stopped_by"],
    ["steps that are not a list", withSearch({ steps: { 0: 1 } }), "scenarios[0].capacity_search.steps"],
    ["no objectives", withSearch({ slo: [] }), "scenarios[0].capacity_search.slo"],
    ["a negative from_rate", withSearch({ from_rate: -5 }), "scenarios[0].capacity_search.from_rate"],
  ])("%s is an InputError naming the file and the field", async (what, patch, field) => {
    const err = await readPatched(`bad-${what.replace(/\W+/g, "-")}.json`, patch);
    expect(err).toBeInstanceOf(InputError);
    const message = (err as InputError).message;
    expect(message).toContain(`bad-${what.replace(/\W+/g, "-")}.json: `);
    expect(message).toContain(field);
    expect(message).not.toContain("\n");
  });

  it("a step with fewer values than objectives says so at the step", async () => {
    const err = await readPatched("values.json", withStep({ values: [] }));
    expect((err as InputError).message).toContain(
      "scenarios[0].capacity_search.steps[0].values holds 0 values for 1 objectives",
    );
  });

  it("checks the baseline side of a side-by-side report too", async () => {
    const path = join(dir, "side.json");
    const scenario = report.scenarios[0];
    await writeFile(
      path,
      JSON.stringify({
        ...report,
        side_by_side: {
          baseline_target: "http://127.0.0.1:2",
          scenarios: [{ ...scenario, capacity_search: { ...SEARCH, steps: "none" } }],
        },
      }),
    );
    const err = await readReport(path).catch((e: unknown) => e);
    expect((err as InputError).message).toContain("side_by_side.scenarios[0].capacity_search.steps");
  });
});
