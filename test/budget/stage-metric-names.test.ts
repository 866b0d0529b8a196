/**
 * Metrics a stage does not have (`stages.<stage>.<metric>`): the refusal says why for that metric
 * and names the whole scenario's metric when it has one.
 */
import { describe, expect, it } from "vitest";
import { budgetMessage } from "./helpers.js";

const STAGES = "    load: { stages: [{ name: x, duration: 1s, rate: 10 }] }";

describe("a metric a stage does not have", () => {
  it("stages.x.ttft.p95 and stages.x.goodput in a streamed scenario with an slo parse (stage stream metrics are measured)", () => {
    expect(
      budgetMessage([
        "  - name: a",
        "    request: { method: POST, path: /v1/chat, stream: openai }",
        "    slo: { ttft: 100ms }",
        STAGES,
        "    thresholds: { stages.x.ttft.p95: 200ms, stages.x.itl.p99: 50ms, stages.x.goodput: '>= 5' }",
        "    regression: { stages.x.ttft.p95: +10%, stages.x.goodput: -10% }",
        "    creep: { stages.x.ttft.p95: +20% }",
      ]),
    ).toBe("");
  });

  it("stages.x.ttft.p95 in a scenario that does not stream says how to make it stream", () => {
    const message = budgetMessage(["  - name: a", STAGES, "    thresholds: { stages.x.ttft.p95: 200ms }"]);
    expect(message).toContain(
      "stages.x.ttft.p95: a stage has no ttft.p95 (this scenario's request does not stream: set request.stream: openai (or sse))",
    );
  });

  it("stages.x.goodput in a scenario without an slo says to add one", () => {
    const message = budgetMessage(["  - name: a", STAGES, "    thresholds: { stages.x.goodput: '>= 5' }"]);
    expect(message).toContain(
      "stages.x.goodput: a stage has no goodput (this scenario has no slo: add slo: { latency: 2s, … })",
    );
  });

  it("stages.x.requests.dropped is not called a stream or slo metric", () => {
    const message = budgetMessage([
      "  - name: a",
      STAGES,
      "    thresholds: { stages.x.requests.dropped: 0 }",
    ]);
    expect(message).toContain(
      "a stage has no requests.dropped (dropped arrivals are counted for the whole scenario only; the whole scenario's is requests.dropped)",
    );
    expect(message).not.toContain("stream and slo");
  });

  it("stages.x.capacity says a capacity search and a load shape exclude each other", () => {
    const message = budgetMessage(["  - name: a", STAGES, "    thresholds: { stages.x.capacity: '>= 5' }"]);
    expect(message).toContain(
      "a stage has no capacity (capacity is the result of a capacity search, which a load shape excludes)",
    );
  });
});

describe("closed-model stages and load.connections", () => {
  it("load.connections beside connections stages is refused (the shape's highest count silently replaced it)", () => {
    const message = budgetMessage([
      "  - name: a",
      "    load: { connections: 64, stages: [{ duration: 1s, connections: 8 }] }",
    ]);
    expect(message).toContain(
      "scenarios[0].load.connections: connections stages set the loop count themselves (each stage's connections, the highest is the pool): remove load.connections",
    );
  });

  it("connections beside rate stages stays the pool cap and parses", () => {
    expect(
      budgetMessage(["  - name: a", "    load: { connections: 64, stages: [{ duration: 1s, rate: 8 }] }"]),
    ).toBe("");
  });
});
