import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadBudget } from "../../src/budget/load-budget.js";

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

describe("the load-shape examples parse, with the shapes they describe", () => {
  test("ramp: 0 → 200/s over 60 s, then a 60 s hold", async () => {
    const load = (await loadBudget(example("ramp-budget.yml"), { env: {} })).scenarios[0]?.load;
    expect(load?.stages?.map((s) => [s.name, s.durationMs, s.ratePerSec])).toEqual([
      ["up", 60_000, 200],
      ["hold", 60_000, 200],
    ]);
    expect(load).toMatchObject({ durationMs: 120_000, startRatePerSec: 0, ratePerSec: 200 });
  });

  test("step: 50/s, a 1 ms step to 150/s, held; a stage regression rule", async () => {
    const scenario = (await loadBudget(example("step-budget.yml"), { env: {} })).scenarios[0];
    expect(scenario?.load.stages?.map((s) => s.ratePerSec)).toEqual([50, 150, 150]);
    expect(scenario?.load).toMatchObject({ startRatePerSec: 50, warmupMs: 5000 });
    expect(scenario?.regression.map((r) => r.metric)).toEqual(["stages.high.latency.p95"]);
  });

  test("spike: a 10 s burst to 500/s between two 50/s holds", async () => {
    const load = (await loadBudget(example("spike-budget.yml"), { env: {} })).scenarios[0]?.load;
    expect(load?.stages?.map((s) => s.name)).toEqual(["before", "rise", "spike", "fall", "after"]);
    expect(load?.ratePerSec).toBe(500);
  });
});

describe("the scale-out example parses", () => {
  test("4000/s over 256 connections in worker threads (auto)", async () => {
    const load = (await loadBudget(example("scale-out-budget.yml"), { env: {} })).scenarios[0]?.load;
    expect(load).toMatchObject({ ratePerSec: 4000, connections: 256, workers: "auto", warmupMs: 5000 });
  });
});

describe("the Anthropic example parses", () => {
  test("a streamed /v1/messages scenario read as stream: anthropic, its body sent as written", async () => {
    const env = { ANTHROPIC_BASE_URL: "https://api.example.com", ANTHROPIC_API_KEY: "sk-ant-test-0000" };
    const scenario = (await loadBudget(example("anthropic-budget.yml"), { env })).scenarios[0];
    expect(scenario?.request.stream).toMatchObject({ format: "anthropic", includeUsage: false });
    expect(scenario?.request.path).toBe("/v1/messages");
    // No stream_options is added to a Messages body (only chat/completions has include_usage).
    expect(JSON.parse(scenario?.request.body ?? "{}")).not.toHaveProperty("stream_options");
  });
});

describe("the Responses API example parses", () => {
  test("a streamed /v1/responses scenario read as stream: openai-responses, its body sent as written", async () => {
    const env = { OPENAI_BASE_URL: "https://api.example.com", OPENAI_API_KEY: "sk-test-000000" };
    const scenario = (await loadBudget(example("openai-responses-budget.yml"), { env })).scenarios[0];
    expect(scenario?.request.stream).toMatchObject({ format: "openai-responses", includeUsage: false });
    expect(JSON.parse(scenario?.request.body ?? "{}")).not.toHaveProperty("stream_options");
  });
});
