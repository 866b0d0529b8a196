import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BUFFERED_GAPS, StreamReader } from "../../src/load/stream-reader.js";
import { createHistogram, initHistograms } from "../../src/metrics/histogram.js";
import { startSseServer } from "../fixtures/sse-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makeStreamPlan } from "./stream-plan.js";

const h = useEngineHarness();
beforeAll(() => initHistograms());

const chunk = (text: string): string =>
  JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta: { content: text } }],
  });

describe("memory per in-flight stream", () => {
  it("keeps at most MAX_BUFFERED_GAPS gaps of a 100,000-chunk stream (every gap was kept), ITL still exact", () => {
    const reader = new StreamReader("openai");
    const event = chunk(" tok");
    for (let i = 0; i < 100_000; i++) {
      // One read per chunk, 1 ms apart, except every 10th chunk, which arrives 5 ms after the last.
      reader.readMs = i + 4 * Math.floor(i / 10);
      reader.onEvent(event, "message");
      expect(reader.gaps.gapsUs.length).toBeLessThanOrEqual(MAX_BUFFERED_GAPS);
    }
    expect(reader.failure).toBeNull();
    expect(reader.gapTotal()).toBe(99_999);
    const itl = createHistogram();
    reader.recordGaps(itl);
    expect(itl.totalCount).toBe(99_999);
    // Exact counts per value, buffered and spilled alike: 9,999 gaps of 5 ms, the rest 1 ms.
    // (90,000 of 99,999 is 90.0009 %: p90 is still 1 ms, p90.01 already 5 ms.)
    expect(itl.getValueAtPercentile(90)).toBe(1000);
    expect(Math.abs(itl.getValueAtPercentile(90.01) - 5000)).toBeLessThan(5);
    expect(itl.minNonZeroValue).toBe(1000);
    // A reset forgets the spilled gaps as well: the next request starts from none.
    reader.reset();
    expect(reader.gapTotal()).toBe(0);
    itl.destroy();
    reader.dispose();
  });

  it("records ITL of a 100,000-chunk stream exactly: chunks − 1 gaps", async () => {
    const server = h.serve(await startSseServer({ flood: 100_000, usage: true }));
    // One connection, one request: the phase ends long before the flood does; it is the drain.
    const r = await h.run(makeStreamPlan(server.url, { load: { durationMs: 100 }, timeoutMs: 20_000 }));
    expect(r.requests.ok).toBe(1);
    expect(r.stream?.itl.totalCount).toBe(99_999);
    expect(r.stream?.outputTokensTotal).toBe(100_000);
  }, 30_000);
});
