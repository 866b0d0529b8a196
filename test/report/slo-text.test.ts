import { describe, expect, it } from "vitest";
import { describeSlo } from "../../src/report/slo-text.js";
import type { ScenarioReport } from "../../src/report/types.js";

describe("describeSlo", () => {
  it.each<[ScenarioReport["slo"], string]>([
    [undefined, ""],
    [{ ttft_ms: 500, tpot_ms: 50 }, "ttft ≤ 500 ms, tpot ≤ 50 ms"],
    [{ latency_ms: 10_000, ttfb_ms: 12.5 }, "ttfb ≤ 12.5 ms, latency ≤ 10 s"],
    [{ latency_ms: 1_500 }, "latency ≤ 1.5 s"],
  ])("%o → %s", (slo, text) => {
    expect(describeSlo(slo)).toBe(text);
  });
});
