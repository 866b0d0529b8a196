import { beforeAll, describe, expect, it } from "vitest";
import { decodeResult, encodeResult } from "../../src/load/worker-codec.js";
import { createHistogram, encodeHistogram, initHistograms } from "../../src/metrics/histogram.js";
import type { ScenarioResult } from "../../src/metrics/types.js";

beforeAll(() => initHistograms());

function filled(values: readonly number[]) {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  return h;
}

describe("worker result codec", () => {
  it("carries every histogram exactly (same encoding after the trip) and every plain field as is", () => {
    const latency = filled([1200, 1500, 99_000, 3_600_000_000]);
    const ttft = filled([200_000, 210_000]);
    const step = filled([7, 8, 9]);
    const expected = [latency, ttft, step].map(encodeHistogram);
    const result = {
      name: "chat",
      requests: { total: 4, ok: 4 },
      status: { "200": 4 },
      timeline: [{ t: 0, ok: 4, errors: 0 }],
      latency,
      stream: { format: "openai", ttft, outputTokensTotal: 12 },
      steps: [{ name: "one", latency: step }],
    } as unknown as ScenarioResult;
    const { wire, transfer } = encodeResult(result);
    expect(transfer).toHaveLength(3);
    // A structured clone, as postMessage makes (transferring the buffers).
    const cloned = structuredClone(wire, { transfer });
    const back = decodeResult(cloned) as unknown as {
      name: string;
      requests: unknown;
      status: unknown;
      timeline: unknown;
      latency: ReturnType<typeof createHistogram>;
      stream: { format: string; ttft: ReturnType<typeof createHistogram>; outputTokensTotal: number };
      steps: { name: string; latency: ReturnType<typeof createHistogram> }[];
    };
    try {
      expect(
        [back.latency, back.stream.ttft, back.steps[0]?.latency].map((h) => h && encodeHistogram(h)),
      ).toEqual(expected);
      expect(back.latency.totalCount).toBe(4);
      expect(back.latency.maxValue).toBeGreaterThanOrEqual(3_599_000_000);
      expect(back).toMatchObject({
        name: "chat",
        requests: { total: 4, ok: 4 },
        status: { "200": 4 },
        timeline: [{ t: 0, ok: 4, errors: 0 }],
        stream: { format: "openai", outputTokensTotal: 12 },
        steps: [{ name: "one" }],
      });
    } finally {
      back.latency.destroy();
      back.stream.ttft.destroy();
      back.steps[0]?.latency.destroy();
    }
  });
});
