import { beforeAll, describe, expect, it } from "vitest";
import type { Threshold } from "../../src/budget/types.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { brokeBeyondLag, generatorLimit } from "../../src/run-capacity.js";
import { measuredScenario } from "../gate/gate-fixtures.js";

let base: MeasuredScenario;
beforeAll(async () => {
  // 1000 ok over 10 s at 100/s: the load that was asked for.
  base = await measuredScenario({
    latencyMs: Array.from({ length: 1000 }, () => 10),
    load: { ratePerSec: 100 },
  });
});

describe("generatorLimit (capacity steps)", () => {
  it("is null for a step that produced its load", () => {
    expect(generatorLimit(base, true)).toBeNull();
  });

  it("names dropped arrivals of a step that met its objectives: the step says nothing of the server", () => {
    const dropped = { ...base, requests: { ...base.requests, dropped: 12 } };
    expect(generatorLimit(dropped, true)).toBe("12 arrivals dropped");
  });

  it("names a step that started under 95 % of its due requests", () => {
    const short = { ...base, requests: { ...base.requests, total: 900 } };
    expect(generatorLimit(short, true)).toBe("only 900 of 1000 due requests started");
  });

  it("counts dropped arrivals of a step that broke its objectives as broken, not as the generator's", () => {
    const dropped = { ...base, requests: { ...base.requests, dropped: 12 } };
    expect(generatorLimit(dropped, false)).toBeNull();
  });

  it("names a lagging generator whether or not the step met", () => {
    const lagged = { ...base, generator: { ...base.generator, lagged: true, event_loop_delay_p99_ms: 45.2 } };
    expect(generatorLimit(lagged, false)).toBe("the generator lagged, event-loop delay p99 45.2 ms");
  });
});

describe("brokeBeyondLag (a lagged step that broke its objectives anyway)", () => {
  const slo: Threshold[] = [
    { metric: "latency.p95", op: "<=", limit: 50, source: "50ms", line: 7 },
    { metric: "error_rate", op: "<=", limit: 0.01, source: "1%", line: 7 },
  ];
  const lagged = (maxMs: number, lateReleases = 0) => ({
    ...base,
    generator: {
      ...base.generator,
      lagged: true,
      event_loop_delay_p99_ms: 30,
      event_loop_delay_max_ms: maxMs,
      late_releases: { released: 1000, late: lateReleases, late_ms: 10 },
    },
  });

  it("calls a step broken by the server when p95 740 ms exceeds 50 ms by more than 2 × a 60 ms stall (it was a 'generator' floor)", () => {
    const step = lagged(60);
    expect(brokeBeyondLag(step, slo, [740, 0])).toBe(true);
    expect(generatorLimit(step, false, brokeBeyondLag(step, slo, [740, 0]))).toBeNull();
  });

  it("keeps a step the stall could explain generator-limited: p95 88 ms, 2 × 60 ms of stall", () => {
    const step = lagged(60);
    expect(brokeBeyondLag(step, slo, [88, 0])).toBe(false);
    expect(generatorLimit(step, false, false)).toBe("the generator lagged, event-loop delay p99 30.0 ms");
  });

  it("keeps a step generator-limited when it got to 5 % of its arrivals late, however far p95 broke (a steadily late generator)", () => {
    const step = lagged(20, 50);
    expect(brokeBeyondLag(step, slo, [2000, 0])).toBe(false);
    const unknown = { ...step, generator: { ...step.generator, late_releases: undefined } };
    expect(brokeBeyondLag(unknown, slo, [2000, 0])).toBe(false);
    expect(brokeBeyondLag(lagged(20, 10), slo, [2000, 0])).toBe(true);
  });

  it("never clears an error_rate break of lag (a stall can cause timeouts), nor a value with no data", () => {
    expect(brokeBeyondLag(lagged(1), slo, [20, 0.5])).toBe(false);
    expect(brokeBeyondLag(lagged(1), slo, [null, null])).toBe(false);
  });
});
