import { beforeAll, describe, expect, it } from "vitest";
import type { MeasuredScenario } from "../../src/report/types.js";
import { generatorLimit } from "../../src/run-capacity.js";
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
