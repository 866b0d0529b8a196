import { describe, expect, it } from "vitest";
import type { LiveProgress } from "../../src/load/types.js";
import { renderProgressLine, renderScenarioDoneLine } from "../../src/render/progress-line.js";
import { sampleReport } from "./sample-report.js";

const base: LiveProgress = {
  name: "chat",
  phase: "measure",
  elapsedMs: 12_000,
  totalMs: 30_000,
  ok: 580,
  errors: 0,
  rps: 48.66,
  p95Ms: 231.42,
};

describe("renderProgressLine", () => {
  it.each<[Partial<LiveProgress>, string]>([
    [{}, "chat  measure 12.0/30.0 s  48.7 req/s  p95 231.4 ms  errors 0"],
    [
      { phase: "warmup", elapsedMs: 1_234, totalMs: 5_000, p95Ms: null, rps: 0 },
      "chat  warmup 1.2/5.0 s  0.0 req/s  p95 n/a  errors 0",
    ],
    [
      { phase: "drain", errors: 17, p95Ms: 4.567 },
      "chat  drain 12.0/30.0 s  48.7 req/s  p95 4.57 ms  errors 17",
    ],
    [
      { ttftP95Ms: 219.13 },
      "chat  measure 12.0/30.0 s  48.7 req/s  p95 231.4 ms  ttft p95 219.1 ms  errors 0",
    ],
    [{ ttftP95Ms: null }, "chat  measure 12.0/30.0 s  48.7 req/s  p95 231.4 ms  ttft p95 n/a  errors 0"],
    // Several workers: the largest of their p95s, an upper bound of the pooled p95.
    [{ workers: 2 }, "chat  measure 12.0/30.0 s  48.7 req/s  p95 ≤231.4 ms  errors 0"],
    [
      { workers: 3, ttftP95Ms: 219.13 },
      "chat  measure 12.0/30.0 s  48.7 req/s  p95 ≤231.4 ms  ttft p95 ≤219.1 ms  errors 0",
    ],
    [{ workers: 2, p95Ms: null }, "chat  measure 12.0/30.0 s  48.7 req/s  p95 n/a  errors 0"],
  ])("%o → %s", (override, expected) => {
    const line = renderProgressLine({ ...base, ...override });
    expect(line).toBe(expected);
    expect(line).not.toContain("\n");
    // A wide terminal changes nothing.
    expect(renderProgressLine({ ...base, ...override }, 200)).toBe(expected);
  });

  // Issue 9: at 60 columns the line wrapped, and `\r` rewrote only its last row, so rewrites piled up.
  it.each([
    [60, {}],
    [60, { ttftP95Ms: 219.13, errors: 12_345, rps: 12_345.6 }],
    [60, { name: "a-scenario-with-a-very-long-name-that-alone-fills-the-line-and-more" }],
    [40, { ttftP95Ms: 219.13 }],
    [30, { name: "embeddings-batch-of-sixty-four" }],
    [12, {}],
  ] as const)("fits a %i-column terminal: never reaches the last column (%o)", (columns, override) => {
    const line = renderProgressLine({ ...base, ...override }, columns);
    expect([...line].length).toBeLessThanOrEqual(columns - 1);
    expect(line.length).toBeGreaterThan(0);
  });

  it("keeps the numbers and cuts the name first when room is short", () => {
    const long = { ...base, name: "a-scenario-with-a-very-long-name-that-alone-fills-the-line-and-more" };
    const line = renderProgressLine(long, 60);
    expect(line).toMatch(/^a-scenario-with-a-very.*… run 12\/30s 49\/s p95 231 ms$/);
    // Narrowed, a streamed line keeps every number while it can: single spaces, whole ms, short phase.
    expect(renderProgressLine({ ...base, ttftP95Ms: 219.13 }, 61)).toBe(
      "chat run 12.0/30.0 s 48.7 req/s p95 231 ms ttft 219 ms err 0",
    );
  });
});

describe("renderScenarioDoneLine", () => {
  it("sums a scenario up in one line: requests, time, req/s, errors, p95", async () => {
    const [chat, health] = (await sampleReport()).scenarios;
    if (!chat || !health) throw new Error("sampleReport has two scenarios");
    // chat: 102 requests in 4.0 s, 102 responses in the window (rps 25.5), 2 failed, p95 ≈ 950 ms.
    expect(renderScenarioDoneLine(chat)).toBe(
      `chat: done — 102 requests in 4.0 s (25.5 req/s), 2 errors, p95 ${chat.latency.p95.toFixed(1)} ms`,
    );
    expect(renderScenarioDoneLine(health)).toBe(
      "health: done — 40 requests in 4.0 s (10.0 req/s), 0 errors, p95 2.50 ms",
    );
    const big = { ...health, requests: { ...health.requests, total: 1_204, dropped: 1_479 }, rps: 120.4 };
    expect(renderScenarioDoneLine(big)).toBe(
      "health: done — 1,204 requests in 4.0 s (120.4 req/s), 0 errors, 1,479 dropped, p95 2.50 ms",
    );
    // A multi-step scenario counts iterations (regression: its total read "requests").
    const flow = { ...health, steps: [] };
    expect(renderScenarioDoneLine(flow)).toBe(
      "health: done — 40 iterations in 4.0 s (10.0 iterations/s), 0 errors, p95 2.50 ms",
    );
    const stopped = { ...health, incomplete: true, latency: { ...health.latency, count: 0 } };
    expect(renderScenarioDoneLine(stopped)).toMatch(/^health: stopped — .* p95 n\/a$/);
  });
});
