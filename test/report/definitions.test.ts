import { describe, expect, it } from "vitest";
import { findMetric, METRIC_CATALOGUE } from "../../src/metrics/catalogue.js";
import { TOKEN_ESTIMATE_FORMULA } from "../../src/metrics/token-estimate.js";
import {
  definitionsFor,
  PHASE_DEFINITIONS,
  STREAM_METRIC_DEFINITIONS,
} from "../../src/report/definitions.js";
import type { ScenarioReport } from "../../src/report/types.js";

const streams = { stream: {} } as unknown as ScenarioReport;
const hasSlo = { slo: {} } as unknown as ScenarioReport;
const plain = {} as unknown as ScenarioReport;

/**
 * The metric families and plain metrics that need a stream, token counts or an slo, from the catalogue. Not
 * `capacity` (requires a capacity search): the report's capacity_search records how it was found.
 */
function catalogueNames(): string[] {
  const names = METRIC_CATALOGUE.filter(
    (m) => m.requires === "stream" || m.requires === "slo" || m.requires === "tokens",
  ).map((m) => m.name.split(".")[0] ?? "");
  return [...new Set(names)];
}

/** The names defined only where a scenario reported reasoning or a prompt-cache count. */
const REPORTED_ONLY = ["ttfat", "reasoning_tokens", "answer_tokens", "prompt_cache_hit_rate"];

describe("STREAM_METRIC_DEFINITIONS", () => {
  it("defines every metric that needs a stream or an slo, and nothing else", () => {
    expect(Object.keys(STREAM_METRIC_DEFINITIONS).sort()).toEqual(catalogueNames().sort());
  });

  it("quotes the token estimator's own formula, so the report cannot drift from the code", () => {
    expect(STREAM_METRIC_DEFINITIONS.output_tokens).toContain(TOKEN_ESTIMATE_FORMULA);
  });

  it.each([
    ["ttft", /first chunk carrying non-empty generated content.*role-only chunk is not a token/],
    ["itl", /every gap between consecutive content-carrying chunks, pooled over all ok requests/i],
    ["tpot", /\(latency − ttft\) \/ \(output_tokens − 1\)/],
    ["output_tokens", /usage\.completion_tokens when sent, otherwise estimated/],
    ["request_output_tps", /output_tokens \/ latency/],
    ["output_tps", /total output tokens of ok requests \/ measured seconds/i],
    ["goodput", /meeting every slo objective \/ measured seconds/],
  ])("%s states its formula", (name, formula) => {
    expect(STREAM_METRIC_DEFINITIONS[name]).toMatch(formula);
    expect(STREAM_METRIC_DEFINITIONS[name]).toMatch(/Failed and cut-off requests are errors/);
  });
});

describe("PHASE_DEFINITIONS", () => {
  it.each([
    ["connect", /Per connection the run opened — warm-up and drain included.*connect call → TCP connected/],
    ["tls", /Per TLS connection the run opened \(warm-up included\), TCP connected → TLS handshake done/],
    ["ttfb", /the latency's origin \(due time; closed model: send time\) → response headers.*ttfb ≤ latency/],
    ["body", /response headers → end of the body.*ttfb \+ body = latency/],
  ])("%s states what it times and from when", (name, formula) => {
    expect(PHASE_DEFINITIONS[name]).toMatch(formula);
  });

  it("are stated when a scenario has phase blocks, not for a report written before them", () => {
    const phased = { connect: {}, body: {} } as unknown as ScenarioReport;
    expect(Object.keys(definitionsFor([plain, phased]) ?? {}).sort()).toEqual([
      "body",
      "connect",
      "tls",
      "ttfb",
    ]);
    expect(definitionsFor([plain])).toBeUndefined();
  });
});

describe("definitionsFor", () => {
  it.each([
    ["no scenario", [], []],
    ["a plain scenario", [plain], []],
    [
      "a streamed one",
      [plain, streams],
      catalogueNames().filter((n) => n !== "goodput" && !REPORTED_ONLY.includes(n)),
    ],
    ["one with an slo", [hasSlo], ["goodput"]],
    ["both", [streams, hasSlo], catalogueNames().filter((n) => !REPORTED_ONLY.includes(n))],
    [
      "a reasoning model with prompt-cache counts",
      [{ stream: {}, reasoning_tokens: {}, prompt_cache_hit_rate: 0.5 } as unknown as ScenarioReport, hasSlo],
      catalogueNames(),
    ],
  ] as const)("%s → %j", (_what, scenarios, names) => {
    const definitions = definitionsFor(scenarios);
    if (names.length === 0) expect(definitions).toBeUndefined();
    else expect(Object.keys(definitions ?? {}).sort()).toEqual([...names].sort());
  });

  it("a load shape adds what its stage blocks and its timeline's marks mean", () => {
    const staged = { stages: [] } as unknown as ScenarioReport;
    expect(Object.keys(definitionsFor([plain, staged]) ?? {})).toEqual([
      "stages",
      "timeline.stage",
      "timeline.latency_p50",
    ]);
    expect(definitionsFor([staged])?.["timeline.latency_p50"]).toMatch(
      /ok requests that COMPLETED in that second/,
    );
  });

  it("keys are catalogue metric names or families", () => {
    for (const name of Object.keys(STREAM_METRIC_DEFINITIONS)) {
      expect(findMetric(name) ?? findMetric(`${name}.p50`), name).toBeDefined();
    }
  });
});
