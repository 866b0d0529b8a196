import { beforeAll, describe, expect, it } from "vitest";
import { initHistograms } from "../../src/metrics/histogram.js";
import { StreamRecorder } from "../../src/metrics/stream-recorder.js";

beforeAll(() => initHistograms());

describe("StreamRecorder.recordTokens", () => {
  it("counts usage vs estimates, prompt tokens only when sent, tokens/s only with a token", () => {
    const s = new StreamRecorder("openai");
    s.recordTokens(20, true, 7, true, 500_000); // 20 tokens in 0.5 s: 40 tokens/s
    s.recordTokens(3.5, false, -1, false, 1_000_000);
    s.recordTokens(0, false, -1, true, 100_000);
    expect(s.outputTokensTotal).toBe(23.5);
    expect(s.requestsWithUsage).toBe(1);
    expect(s.requestsEstimated).toBe(2);
    expect(s.streamsWithoutDone).toBe(1);
    expect(s.outputTokens.totalCount).toBe(3);
    expect(s.promptTokens.totalCount).toBe(1);
    expect(s.promptTokens.maxValue).toBeGreaterThanOrEqual(7000);
    expect(s.promptTokens.maxValue).toBeLessThan(7010);
    // The empty request has no rate; the others: 40 and 3.5 tokens/s, in thousandths.
    expect(s.requestOutputTps.totalCount).toBe(2);
    expect(s.requestOutputTps.minNonZeroValue).toBeGreaterThanOrEqual(3500);
    expect(s.requestOutputTps.minNonZeroValue).toBeLessThan(3505);
    expect(s.requestOutputTps.maxValue).toBeGreaterThanOrEqual(40_000);
    expect(s.requestOutputTps.maxValue).toBeLessThan(40_050);
    const result = s.result();
    expect(result.format).toBe("openai");
    expect(result.outputTokensTotal).toBe(23.5);
    expect(result.ttft).toBe(s.ttft);
    s.destroy();
  });
});
