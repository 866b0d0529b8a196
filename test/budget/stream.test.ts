// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * Streamed responses in the budget: `request.stream`, `include_usage`, `idle_timeout` and `slo:`
 * become the typed StreamSpec and Slo, and an openai json body asks the server for usage.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { parseBudget, type Scenario } from "../../src/budget/index.js";
import { lines } from "./helpers.js";

const STREAM = new URL("../fixtures/budgets/stream.yml", import.meta.url);
const KEY = "sk-proj-CANARY-5d1e";

describe("a streamed budget becomes the typed Budget", () => {
  test("stream, idle_timeout, slo, stream thresholds and regression rules, with lines", async () => {
    const budget = parseBudget(await readFile(STREAM, "utf8"), {
      file: "stream.yml",
      env: { OPENAI_API_KEY: KEY },
    });
    const [chat, events] = budget.scenarios;
    expect(chat?.request).toEqual({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o-mini",
        stream: true,
        stream_options: { continuous_usage_stats: false, include_usage: true },
        messages: [{ role: "user", content: "Summarise ticket 42" }],
      }),
      timeoutMs: 60_000,
      expectStatus: [],
      stream: { format: "openai", idleTimeoutMs: 2000, includeUsage: true },
    });
    expect(chat?.slo).toEqual({ ttftMs: 500, tpotMs: 50, latencyMs: 10_000, line: 23 });
    expect(chat?.thresholds).toEqual([
      { metric: "ttft.p95", op: "<=", limit: 400, source: "400ms", line: 25 },
      { metric: "itl.p99", op: "<=", limit: 100, source: "100ms", line: 26 },
      { metric: "output_tokens.p50", op: ">=", limit: 16, source: ">= 16", line: 27 },
      { metric: "output_tps", op: ">=", limit: 200, source: ">= 200", line: 28 },
      { metric: "goodput", op: ">=", limit: 4, source: ">= 4", line: 29 },
      { metric: "prompt_tokens.max", op: "<=", limit: 2000, source: "2000", line: 30 },
    ]);
    expect(chat?.regression).toEqual([
      { metric: "ttft.p95", maxRelative: 0.1, floor: 20, source: "{ max: +10%, floor: 20ms }", line: 32 },
      { metric: "tpot.p50", maxAbsolute: 2, source: "+2ms", line: 33 },
      { metric: "request_output_tps.p50", maxRelative: 0.1, source: "-10%", line: 34 },
      { metric: "output_tps", maxAbsolute: 15, source: "-15", line: 35 },
      { metric: "goodput", maxRelative: 0.1, floor: 0.5, source: "{ max: -10%, floor: 0.5 }", line: 36 },
    ]);
    // An sse stream has no usage to ask for; its idle timeout defaults to the request's timeout.
    expect(events?.request.stream).toEqual({ format: "sse", idleTimeoutMs: 60_000, includeUsage: false });
    expect(events?.slo).toEqual({ ttfbMs: 100, line: 43 });
  });

  test("a key from ${OPENAI_API_KEY} in the headers is still a secret", async () => {
    const budget = parseBudget(await readFile(STREAM, "utf8"), {
      file: "stream.yml",
      env: { OPENAI_API_KEY: KEY },
    });
    expect(budget.secrets).toEqual([KEY]);
  });

  test("a budget without stream or slo has neither (non-streaming budgets are unchanged)", () => {
    const scenario = scenarioOf(["    request: { method: POST, json: { stream: true } }"]);
    expect(scenario.request.stream).toBeUndefined();
    expect(scenario.request.body).toBe('{"stream":true}');
    expect("slo" in scenario).toBe(false);
  });
});

/** The only scenario of a budget whose scenario keys are `keys` (from line 5). */
function scenarioOf(keys: readonly string[]): Scenario {
  const source = lines(
    "version: 1",
    "target: http://h",
    "scenarios:",
    "  - name: a",
    ...keys,
    "    load: { duration: 1s }",
  );
  const scenario = parseBudget(source, { file: "b.yml", env: {} }).scenarios[0];
  if (!scenario) throw new Error("no scenario");
  return scenario;
}

/** A POST of `json` (YAML flow) with `stream: openai` and the extra request keys. */
const openai = (json: string, extra = "") =>
  scenarioOf([`    request: { method: POST, stream: openai, json: ${json}${extra} }`]).request;

describe("include_usage: an openai body asks for usage unless told not to", () => {
  test.each<[string, string, string, unknown, boolean]>([
    [
      "added when the body streams",
      "{ stream: true }",
      "",
      { stream: true, stream_options: { include_usage: true } },
      true,
    ],
    [
      "added next to the body's other stream_options",
      "{ stream: true, stream_options: { continuous_usage_stats: true } }",
      "",
      { stream: true, stream_options: { continuous_usage_stats: true, include_usage: true } },
      true,
    ],
    [
      "include_usage: true is the default",
      "{ stream: true }",
      ", include_usage: true",
      { stream: true, stream_options: { include_usage: true } },
      true,
    ],
    ["include_usage: false opts out", "{ stream: true }", ", include_usage: false", { stream: true }, false],
    [
      "the body's own include_usage: false is respected",
      "{ stream: true, stream_options: { include_usage: false } }",
      "",
      { stream: true, stream_options: { include_usage: false } },
      false,
    ],
    [
      "the body's own include_usage: true is kept as written",
      "{ stream: true, stream_options: { include_usage: true } }",
      "",
      { stream: true, stream_options: { include_usage: true } },
      true,
    ],
    [
      "a stream_options that is not a map is sent as written",
      "{ stream: true, stream_options: on }",
      "",
      { stream: true, stream_options: "on" },
      false,
    ],
  ])("%s", (_what, json, extra, sent, includeUsage) => {
    const request = openai(json, extra);
    expect(JSON.parse(request.body ?? "")).toEqual(sent);
    expect(request.stream?.includeUsage).toBe(includeUsage);
  });

  test("a raw body is sent as written: nothing added, no usage asked", () => {
    const body = '{"stream":true,"model":"m"}';
    const request = scenarioOf([`    request: { method: POST, stream: openai, body: '${body}' }`]).request;
    expect(request.body).toBe(body);
    expect(request.stream).toEqual({ format: "openai", idleTimeoutMs: 30_000, includeUsage: false });
  });

  test("an sse stream's json body is sent as written", () => {
    const request = scenarioOf([
      "    request: { method: POST, stream: sse, json: { stream: true } }",
    ]).request;
    expect(request.body).toBe('{"stream":true}');
    expect(request.stream?.includeUsage).toBe(false);
  });
});

describe("idle_timeout", () => {
  test.each<[string, string, string, number]>([
    ["defaults to the built-in request timeout", "", "", 30_000],
    ["defaults to defaults.timeout", "", "defaults: { timeout: 20s }", 20_000],
    ["defaults to the request's own timeout", ", timeout: 90s", "defaults: { timeout: 20s }", 90_000],
    ["is its own when set", ", timeout: 90s, idle_timeout: 1.5s", "", 1500],
  ])("%s", (_what, requestKeys, defaults, idleTimeoutMs) => {
    const source = lines(
      "version: 1",
      "target: http://h",
      defaults,
      "scenarios:",
      "  - name: a",
      `    request: { stream: sse${requestKeys} }`,
      "    load: { duration: 1s }",
    );
    const request = parseBudget(source, { file: "b.yml", env: {} }).scenarios[0]?.request;
    expect(request?.stream?.idleTimeoutMs).toBe(idleTimeoutMs);
  });
});

describe("slo", () => {
  test.each<[string, Record<string, number>]>([
    ["{ latency: 2s }", { latencyMs: 2000 }],
    [
      "{ ttfb: 80ms, ttft: 0.5s, tpot: 40ms, latency: 1m }",
      { ttfbMs: 80, ttftMs: 500, tpotMs: 40, latencyMs: 60_000 },
    ],
  ])("slo: %s", (written, objectives) => {
    const scenario = scenarioOf(["    request: { stream: sse }", `    slo: ${written}`]);
    expect(scenario.slo).toEqual({ ...objectives, line: 6 });
  });

  test("latency works without a stream", () => {
    expect(scenarioOf(["    slo: { latency: 300ms }"]).slo).toEqual({ latencyMs: 300, line: 5 });
  });
});
