/**
 * `abort: true` thresholds as the budget validates them: only metrics the run can judge while it
 * goes on may abort, and the refusal is located at the `abort` key with the reason — for the
 * catalogue's keys and the scoped ones (`stages.<stage>.…`, `steps.<step>.…`) alike.
 */
import { describe, expect, it } from "vitest";
import { budgetMessage } from "./helpers.js";

const ABORT_ONLY = "expected abort only on error_rate or a latency, ttfb, ttft, itl or tpot p50…p999 or max";

describe("abort: true validation", () => {
  it("abort on rps is refused at thresholds.rps.abort, with the reason", () => {
    const message = budgetMessage([
      "  - name: a",
      "    load: { rate: 10, duration: 1s }",
      "    thresholds: { rps: { limit: '>= 5', abort: true } }",
    ]);
    expect(message).toContain(`b.yml:6:48 scenarios[0].thresholds.rps.abort: ${ABORT_ONLY}`);
  });

  it("abort on a stage's latency is refused at the abort key with the abort reason, not 'expected a duration'", () => {
    const message = budgetMessage([
      "  - name: a",
      "    load: { stages: [{ name: x, duration: 1s, rate: 10 }] }",
      "    thresholds: { stages.x.latency.p95: { limit: 200ms, abort: true } }",
    ]);
    expect(message).toContain(`scenarios[0].thresholds.stages.x.latency.p95.abort: ${ABORT_ONLY}`);
    expect(message).toContain("stages.x.latency.p95 cannot be judged before the run ends, got true");
    expect(message).not.toContain('expected a duration like "250ms"');
  });

  it("abort on a step's latency is refused the same way", () => {
    const message = budgetMessage([
      "  - name: a",
      "    steps: [{ name: s1, request: { path: /a } }, { name: s2, request: { path: /b } }]",
      "    load: { rate: 10, duration: 1s }",
      "    thresholds: { steps.s1.latency.p95: { limit: 200ms, abort: true } }",
    ]);
    expect(message).toContain(`scenarios[0].thresholds.steps.s1.latency.p95.abort: ${ABORT_ONLY}`);
  });

  it("a scoped limit in the map form without abort parses; a bad scoped limit still says what a limit is", () => {
    expect(
      budgetMessage([
        "  - name: a",
        "    load: { stages: [{ name: x, duration: 1s, rate: 10 }] }",
        "    thresholds: { stages.x.latency.p95: { limit: 200ms, abort: false } }",
      ]),
    ).toBe("");
    expect(
      budgetMessage([
        "  - name: a",
        "    load: { stages: [{ name: x, duration: 1s, rate: 10 }] }",
        "    thresholds: { stages.x.latency.p95: fast }",
      ]),
    ).toContain('scenarios[0].thresholds.stages.x.latency.p95: expected a duration like "250ms"');
  });
});

describe("abort: true with a capacity search", () => {
  it("is refused at the abort key (nothing watches it during the search's steps; it was silently ignored)", () => {
    const message = budgetMessage([
      "  - name: knee",
      "    load: { capacity: { rate: { from: 10, to: 100 }, step: 1s, slo: { latency.p95: 50ms } } }",
      "    thresholds: { error_rate: { limit: 5%, abort: true }, capacity: '>= 5' }",
    ]);
    expect(message).toContain(
      "scenarios[0].thresholds.error_rate.abort: abort is not watched in a capacity search (each step is judged on load.capacity.slo): remove abort, or put the limit in load.capacity.slo",
    );
  });

  it("a capacity scenario with a plain error_rate limit (or abort: false) parses", () => {
    expect(
      budgetMessage([
        "  - name: knee",
        "    load: { capacity: { rate: { from: 10, to: 100 }, step: 1s, slo: { latency.p95: 50ms } } }",
        "    thresholds: { error_rate: { limit: 5%, abort: false }, capacity: '>= 5' }",
      ]),
    ).toBe("");
  });
});

describe("start_rate without stages", () => {
  it("is refused at load.start_rate (a fixed rate ignored it silently)", () => {
    const message = budgetMessage(["  - name: a", "    load: { rate: 10, duration: 1s, start_rate: 5 }"]);
    expect(message).toContain(
      "scenarios[0].load.start_rate: start_rate is the rate the first of load.stages starts from: add stages, or remove start_rate",
    );
  });
});
