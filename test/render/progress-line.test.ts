import { describe, expect, it } from "vitest";
import type { LiveProgress } from "../../src/load/types.js";
import { renderProgressLine } from "../../src/render/progress-line.js";

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
    [{}, "chat  measure 12.0s/30.0s  48.7 req/s  p95 231.4 ms  errors 0"],
    [
      { phase: "warmup", elapsedMs: 1_234, totalMs: 5_000, p95Ms: null, rps: 0 },
      "chat  warmup 1.2s/5.0s  0.0 req/s  p95 n/a  errors 0",
    ],
    [
      { phase: "drain", errors: 17, p95Ms: 4.567 },
      "chat  drain 12.0s/30.0s  48.7 req/s  p95 4.57 ms  errors 17",
    ],
    [
      { ttftP95Ms: 219.13 },
      "chat  measure 12.0s/30.0s  48.7 req/s  p95 231.4 ms  ttft p95 219.1 ms  errors 0",
    ],
    [{ ttftP95Ms: null }, "chat  measure 12.0s/30.0s  48.7 req/s  p95 231.4 ms  ttft p95 n/a  errors 0"],
  ])("%o → %s", (override, expected) => {
    const line = renderProgressLine({ ...base, ...override });
    expect(line).toBe(expected);
    expect(line).not.toContain("\n");
  });
});
