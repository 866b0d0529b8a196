import { describe, expect, it } from "vitest";
import { mergeChecks, mergeScenarioResults } from "../../src/metrics/merge-results.js";
import type { CheckCount, ScenarioResult } from "../../src/metrics/types.js";
import { makeStepResult } from "../report/step-fixtures.js";

function destroyAll(result: ScenarioResult): void {
  for (const h of [result.latency, result.latencyUncorrected, result.queueTime, result.latencyFailed])
    h.destroy();
  for (const step of result.steps ?? []) destroyAll(step);
}

const check = (name: string, evaluated: number, failed: number, step?: string): CheckCount => ({
  name,
  ...(step === undefined ? {} : { step }),
  line: 3,
  source: name,
  evaluated,
  failed,
});

describe("mergeScenarioResults: multi-step results", () => {
  it("merges steps index by index: counts summed, histograms added exactly", async () => {
    // Two rounds of the two-step fixture; the second's read step is 2x slower.
    const a = await makeStepResult();
    const b = await makeStepResult({ readScale: 2 });
    const merged = mergeScenarioResults([a, b]);
    try {
      const [upload, read] = merged.steps ?? [];
      expect(merged.steps?.length).toBe(2);
      expect(upload?.requests.ok).toBe(200);
      expect(read?.requests.ok).toBe(196);
      expect(read?.requests.failed).toBe(4);
      expect(read?.errors).toEqual({ capture_failed: 4 });
      expect(upload?.latency.totalCount).toBe(200);
      // Read: 2..196 step 2 and 4..392 step 4; the max is the slow round's 392 ms (µs, 3 digits).
      expect(Math.abs((read?.latency.maxValue ?? 0) - 392_000)).toBeLessThanOrEqual(392);
      expect(read?.measuredDurationMs).toBe(20_000);
      // The scenario's own (iteration) counts are merged as before.
      expect(merged.requests.ok).toBe(196);
    } finally {
      destroyAll(merged);
    }
  });

  it("destroys the parts' step histograms (ownership moves to the merged result)", async () => {
    const a = await makeStepResult();
    const merged = mergeScenarioResults([a]);
    try {
      expect(() => a.steps?.[0]?.latency.totalCount).toThrow(/destroyed/);
    } finally {
      destroyAll(merged);
    }
  });

  it("merges response checks by name, summing evaluated and failed", async () => {
    const a = await makeStepResult({
      checks: [check("status", 10, 1, "upload"), check("body", 8, 0, "read")],
    });
    const b = await makeStepResult({
      checks: [check("body", 5, 2, "read"), check("status", 10, 0, "upload")],
    });
    const merged = mergeScenarioResults([a, b]);
    try {
      expect(merged.checks).toEqual([check("status", 20, 1, "upload"), check("body", 13, 2, "read")]);
    } finally {
      destroyAll(merged);
    }
  });
});

describe("mergeChecks", () => {
  it("is undefined when no part has checks, and keeps a check only one part has", () => {
    const bare = { checks: undefined } as unknown as ScenarioResult;
    expect(mergeChecks([bare, bare])).toBeUndefined();
    const one = { checks: [check("status", 3, 1)] } as unknown as ScenarioResult;
    expect(mergeChecks([bare, one])).toEqual([check("status", 3, 1)]);
  });
});
