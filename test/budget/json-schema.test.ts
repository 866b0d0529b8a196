import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { budgetJsonSchema } from "../../src/budget/index.js";
import { budgetJsonSchemaText, SCHEMA_PATH } from "../../src/budget/json-schema.js";
import { LOAD_LIMITS } from "../../src/budget/limits.js";
import { REGRESSION_METRICS } from "../../src/budget/regression-schema.js";
import { METRIC_CATALOGUE } from "../../src/metrics/catalogue.js";

const CHECKED_IN = new URL(`../../${SCHEMA_PATH}`, import.meta.url);

describe("JSON Schema of the budget", () => {
  test("carries the engine's bounds, so editors flag rate: 1e12 and connections: 1e9 (was: no maximum)", () => {
    const load = (
      budgetJsonSchema() as {
        properties: {
          scenarios: { items: { properties: { load: { properties: Record<string, object> } } } };
        };
      }
    ).properties.scenarios.items.properties.load.properties;
    expect(load.rate).toMatchObject({ maximum: LOAD_LIMITS.ratePerSec.max });
    expect(load.connections).toMatchObject({ maximum: LOAD_LIMITS.connections.max });
    expect(load.duration).toMatchObject({ description: expect.stringContaining("At most 24h with warmup.") });
  });

  test("the checked-in schema is the one the validator generates", async () => {
    const onDisk = await readFile(CHECKED_IN, "utf8");
    expect(
      onDisk === budgetJsonSchemaText(),
      `${SCHEMA_PATH} is stale: run \`npm run schema\` and commit it`,
    ).toBe(true);
  });

  test("is draft 2020-12, rejects unknown keys and lets editors complete every metric", () => {
    const schema = budgetJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      required: string[];
      properties: {
        scenarios: {
          items: {
            properties: {
              thresholds: { properties: Record<string, unknown> };
              regression: { properties: Record<string, unknown> };
            };
          };
        };
      };
    };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["version", "scenarios"]);
    const scenario = schema.properties.scenarios.items.properties;
    expect(Object.keys(scenario.thresholds.properties)).toEqual(METRIC_CATALOGUE.map((m) => m.name));
    expect(Object.keys(scenario.regression.properties)).toEqual(REGRESSION_METRICS.map((m) => m.name));
  });

  test("describes what users write (durations as text), with defaults and descriptions", () => {
    const text = budgetJsonSchemaText();
    const load = (
      budgetJsonSchema() as {
        properties: {
          scenarios: { items: { properties: { load: { properties: Record<string, object> } } } };
        };
      }
    ).properties.scenarios.items.properties.load.properties;
    expect(load.duration).toMatchObject({ type: "string", description: expect.any(String) });
    expect(load.warmup).toMatchObject({ type: "string", default: "0s" });
    expect(load.connections).toMatchObject({ type: "integer", minimum: 1, default: 10 });
    expect(load.rate).toMatchObject({ type: "number", exclusiveMinimum: 0 });
    expect(load.untrusted).toMatchObject({ enum: ["fail", "warn"], default: "fail" });
    expect(text).toContain('"title": "perf-gate budget"');
  });

  test("lets editors complete the stream keys and slo, with descriptions and the usage default", () => {
    const scenario = (
      budgetJsonSchema() as {
        properties: {
          scenarios: {
            items: {
              properties: {
                request: { properties: Record<string, object>; dependentRequired: object };
                slo: { properties: Record<string, object>; minProperties: number };
              };
            };
          };
        };
      }
    ).properties.scenarios.items.properties;
    const request = scenario.request.properties;
    const described = { description: expect.any(String) };
    expect(request.stream).toMatchObject({
      type: "string",
      enum: ["openai", "openai-responses", "anthropic", "sse"],
      ...described,
    });
    expect(request.include_usage).toMatchObject({ type: "boolean", default: true, ...described });
    expect(request.idle_timeout).toMatchObject({ type: "string", ...described });
    expect(scenario.request.dependentRequired).toEqual({
      include_usage: ["stream"],
      idle_timeout: ["stream"],
      sse: ["stream"],
    });
    expect(request.sse).toMatchObject({ type: "object", additionalProperties: false, ...described });
    expect(Object.keys((request.sse as { properties: object }).properties)).toEqual([
      "event",
      "text",
      "usage",
      "prompt_usage",
      "end",
    ]);
    expect(Object.keys(scenario.slo.properties)).toEqual(["ttfb", "ttft", "tpot", "latency"]);
    expect(scenario.slo.properties.ttft).toMatchObject({ type: "string", ...described });
    expect(scenario.slo.minProperties).toBe(1);
  });
});
