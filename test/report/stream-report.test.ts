import { describe, expect, it } from "vitest";
import { buildSseSpec } from "../../src/budget/stream-body.js";
import type { Budget, Slo, StreamSpec } from "../../src/budget/types.js";
import { InputError } from "../../src/errors.js";
import { evaluateThresholds } from "../../src/gate/evaluate-thresholds.js";
import { buildReport, buildScenarioReport, SAMPLE_REPORT_CHARS } from "../../src/report/build-report.js";
import { outputTokensSource } from "../../src/report/stream-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { checkReport } from "../../src/report/write-report.js";
import {
  judged,
  makeResult,
  makeScenario,
  range,
  type StreamPartSpec,
  threshold,
  withinHdr,
} from "./fixtures.js";

const URL_ = "http://127.0.0.1:8080/v1/chat/completions";
const OPENAI: StreamSpec = { format: "openai", idleTimeoutMs: 30_000, includeUsage: true };
const SLO: Slo = { ttftMs: 500, tpotMs: 50, line: 9 };

/**
 * 100 ok requests over 10 s with known per-request values: ttft 100, 110, … 1090 ms (p50 = 590,
 * p95 = 1040), 10 output tokens each (1000 in all), prompts of 20 … 119 tokens.
 */
const STREAM: StreamPartSpec = {
  ttfbMs: Array(100).fill(40),
  ttftMs: range(100, 1090, 10),
  itlMs: range(1, 900), // p50 = 450, p99 = 891
  tpotMs: Array(100).fill(25),
  outputTokens: Array(100).fill(10),
  promptTokens: range(20, 119),
  requestOutputTps: range(1, 100), // p50 = 50 tokens/s
  streamsWithoutDone: 2,
};

async function streamed(stream: StreamPartSpec = STREAM, extras = {}, slo?: Slo): Promise<MeasuredScenario> {
  const result = await makeResult({ latencyMs: Array(100).fill(1200), stream, ...extras });
  return buildScenarioReport(result, makeScenario([], {}, { stream: OPENAI, ...(slo ? { slo } : {}) }), URL_);
}

describe("buildScenarioReport of a streamed scenario", () => {
  it("summarizes each stream histogram like latency, in its own unit", async () => {
    const r = await streamed();
    const known: [number | undefined, number][] = [
      [r.ttft?.p50, 590],
      [r.ttft?.p95, 1040],
      [r.ttft?.min, 100],
      [r.ttfb?.p99, 40],
      [r.itl?.p50, 450],
      [r.itl?.p99, 891],
      [r.tpot?.p50, 25],
      [r.output_tokens?.p50, 10],
      [r.prompt_tokens?.p50, 69],
      [r.prompt_tokens?.max, 119],
      [r.request_output_tps?.p50, 50],
    ];
    for (const [actual, expected] of known)
      expect(withinHdr(actual ?? null, expected), `${actual}`).toBe(true);
    expect([r.ttft?.count, r.itl?.count, r.prompt_tokens?.count]).toEqual([100, 900, 100]);
  });

  it("reports token counts as whole tokens, not HDR bucket tops (45 tokens is 45, not 45.023)", async () => {
    const outputTokens = [...Array(50).fill(45), ...Array(49).fill(64), 463];
    const r = await streamed({ ...STREAM, outputTokens, promptTokens: Array(100).fill(1999) });
    expect(r.output_tokens).toMatchObject({ min: 45, p50: 45, p90: 64, p99: 64, max: 463 });
    expect(r.prompt_tokens).toMatchObject({ min: 1999, p50: 1999, max: 1999 });
    // The mean stays a mean: 50 × 45 + 49 × 64 + 463 over 100 requests.
    expect(r.output_tokens?.mean).toBeCloseTo((50 * 45 + 49 * 64 + 463) / 100, 0);
  });

  it("reports output_tps = output tokens / measured seconds (1000 tokens over 10 s → 100/s)", async () => {
    const r = await streamed();
    expect(r.output_tps).toBe(100);
    expect((await streamed({ ...STREAM, outputTokensTotal: 250 })).output_tps).toBe(25);
  });

  it("describes the stream: format, usage asked for, token totals, streams without [DONE]", async () => {
    expect((await streamed()).stream).toEqual({
      format: "openai",
      usage_requested: true,
      output_tokens_source: "usage",
      output_tokens_total: 1000,
      requests_with_usage: 100,
      requests_estimated: 0,
      streams_without_done: 2,
    });
  });

  it.each([
    [100, 0, "usage"],
    [0, 100, "estimated"],
    [60, 40, "mixed"],
    [0, 0, "none"],
  ] as const)(
    "%i requests with usage and %i estimated → output_tokens_source %s",
    async (usage, estimated, source) => {
      expect(outputTokensSource(usage, estimated)).toBe(source);
      const r = await streamed({ ...STREAM, requestsWithUsage: usage, requestsEstimated: estimated });
      expect(r.stream?.output_tokens_source).toBe(source);
    },
  );

  it("has no prompt_tokens block when the server never reported usage", async () => {
    const r = await streamed({ ...STREAM, promptTokens: [], requestsWithUsage: 0, requestsEstimated: 100 });
    expect(r).not.toHaveProperty("prompt_tokens");
    expect(r.output_tokens?.count).toBe(100);
  });

  it("echoes the slo in ms and reports goodput = good requests / measured seconds (30 over 10 s → 3)", async () => {
    const r = await streamed(STREAM, { goodRequests: 30 }, SLO);
    expect(r.slo).toEqual({ ttft_ms: 500, tpot_ms: 50 });
    expect(r.goodput).toBe(3);
  });

  it("carries the timeline's output tokens and good requests where the engine kept them", async () => {
    const timeline = [
      { t: 0, ok: 5, errors: 1, outputTokens: 50, good: 4 },
      { t: 1, ok: 3, errors: 0, outputTokens: 30, good: 0 },
    ];
    const r = await streamed(STREAM, { timeline });
    expect(r.timeline).toEqual([
      { t: 0, ok: 5, errors: 1, output_tokens: 50, good: 4 },
      { t: 1, ok: 3, errors: 0, output_tokens: 30, good: 0 },
    ]);
  });

  it("feeds the new metrics to the thresholds (ttft.p95 ≤ 1000 ms fails at 1040 ms)", async () => {
    const result = await makeResult({ latencyMs: [1200], stream: STREAM });
    const scenario = makeScenario(
      [threshold("ttft.p95", "<=", 1000, "1s"), threshold("output_tps", ">=", 50)],
      {},
      {
        stream: OPENAI,
      },
    );
    const r = buildScenarioReport(result, scenario, URL_);
    const checks = evaluateThresholds(r, scenario.thresholds);
    expect(checks.map((c) => c.pass)).toEqual([false, true]);
  });

  it("destroys the stream histograms too, even when building the report throws", async () => {
    for (const throws of [false, true]) {
      const made = await makeResult({ latencyMs: [1], stream: STREAM });
      const result = throws
        ? {
            ...made,
            get status(): Record<string, number> {
              throw new InputError("unreadable status counts");
            },
          }
        : made;
      const build = () => buildScenarioReport(result, makeScenario([], {}, { stream: OPENAI }), URL_);
      if (throws) expect(build).toThrow(InputError);
      else build();
      const { ttft, itl, tpot, outputTokens, promptTokens, requestOutputTps } = result.stream ?? {};
      for (const h of [result.ttfb, ttft, itl, tpot, outputTokens, promptTokens, requestOutputTps]) {
        expect(() => h?.totalCount).toThrow(/destroyed/);
      }
    }
  });
});

describe("buildScenarioReport of a scenario that does not stream", () => {
  it("has exactly the keys of a plain scenario: no stream key appears", async () => {
    const timeline = [{ t: 0, ok: 1, errors: 0 }];
    const r = buildScenarioReport(await makeResult({ latencyMs: [5], timeline }), makeScenario(), URL_);
    expect(Object.keys(r).sort()).toEqual(
      [
        "name",
        "request",
        "load",
        "incomplete",
        "duration_ms",
        "started_at_ms",
        "warmup_requests",
        "requests",
        "errors",
        "status",
        "error_rate",
        "rps",
        "ok_rps",
        "rps_stdev",
        "bytes",
        "latency",
        "latency_uncorrected",
        "queue_time",
        "latency_failed",
        "timeline",
        "generator",
      ].sort(),
    );
    expect(Object.keys(r.timeline[0] ?? {})).toEqual(["t", "ok", "errors"]);
  });

  it("still reports goodput with an slo on latency alone", async () => {
    const result = await makeResult({ latencyMs: [5], goodRequests: 12, measuredDurationMs: 4_000 });
    const r = buildScenarioReport(result, makeScenario([], {}, { slo: { latencyMs: 250, line: 7 } }), URL_);
    expect(r).toMatchObject({ slo: { latency_ms: 250 }, goodput: 3 });
    expect(r).not.toHaveProperty("stream");
  });
});

describe("buildReport with streamed scenarios", () => {
  const times = {
    startedAt: new Date(0),
    finishedAt: new Date(10_000),
    incomplete: false,
    toolVersion: "0.1.0",
  };
  const budget = (secrets: readonly string[] = []): Budget => ({
    version: 1,
    file: "perf-budget.yml",
    target: "http://127.0.0.1:8080",
    scenarios: [],
    secrets,
  });

  it("redacts the budget's secrets from error samples", async () => {
    const key = "sk-CANARY-77ab";
    const errorSamples = [
      { kind: "stream_error" as const, message: `malformed chunk: {"echo":"Bearer ${key}"` },
    ];
    const s = await streamed(STREAM, { errorSamples });
    expect(s.error_samples?.[0]?.message).toContain(key); // stored as given, redacted by buildReport
    const report = buildReport({ budget: budget([key]), scenarios: [s], ...times });
    expect(report.scenarios[0]?.error_samples).toEqual([
      { kind: "stream_error", message: 'malformed chunk: {"echo":"Bearer ***"' },
    ]);
    expect(JSON.stringify(report)).not.toContain(key);
  });

  it("redacts a secret at the cut edge of a sample before cutting: no piece of it survives (it left 18 of 19 characters)", async () => {
    const key = "sk-CANARY1234567890";
    for (let at = SAMPLE_REPORT_CHARS - key.length - 2; at <= SAMPLE_REPORT_CHARS + 2; at++) {
      // The engine keeps the raw text longer than the report shows; the secret straddles the cut.
      const raw = `HTTP 401 response: ${"x".repeat(at - 19)}${key}${"y".repeat(400)}`;
      const s = await streamed(STREAM, { errorSamples: [{ kind: "http_4xx", message: raw, status: 401 }] });
      const report = buildReport({ budget: budget([key]), scenarios: [s], ...times });
      const shown = report.scenarios[0]?.error_samples?.[0]?.message ?? "";
      for (let i = 0; i + 6 <= key.length; i++) expect(shown).not.toContain(key.slice(i, i + 6));
      expect(report.scenarios[0]?.error_samples?.[0]?.status).toBe(401);
    }
  });

  it("has no error_samples key when nothing failed worth showing", async () => {
    expect(await streamed()).not.toHaveProperty("error_samples");
  });

  it("states the formulas of the metrics the run has: stream metrics, goodput with an slo", async () => {
    const plain = buildScenarioReport(await makeResult({ latencyMs: [5] }), makeScenario(), URL_);
    expect(buildReport({ budget: budget(), scenarios: [plain], ...times })).not.toHaveProperty("definitions");

    const withStream = buildReport({ budget: budget(), scenarios: [plain, await streamed()], ...times });
    // ttfb is a phase timing now (PHASE_DEFINITIONS): these made-up results have no phases.
    expect(Object.keys(withStream.definitions ?? {})).toEqual([
      "ttft",
      "itl",
      "tpot",
      "output_tokens",
      "prompt_tokens",
      "request_output_tps",
      "output_tps",
    ]);
    expect(withStream.definitions?.ttft).toMatch(/role-only chunk is not a token/);

    const both = buildReport({ budget: budget(), scenarios: [await streamed(STREAM, {}, SLO)], ...times });
    expect(both.definitions?.goodput).toMatch(/every slo objective \/ measured seconds/);
  });
});

describe("a non-streamed body read for its usage (format json)", () => {
  const JSON_SPEC: StreamSpec = { format: "json", idleTimeoutMs: 30_000, includeUsage: false };
  const report = async (stream: StreamPartSpec) =>
    buildScenarioReport(
      await makeResult({ latencyMs: Array(10).fill(50), stream }),
      makeScenario([], {}, { stream: JSON_SPEC }),
      URL_,
    );

  it("has no output_tps when no response's usage had an output count (embeddings): no data, not 0 tok/s", async () => {
    const r = await report({
      format: "json",
      promptTokens: Array(10).fill(7),
      requestsWithUsage: 0,
      requestsEstimated: 10,
    });
    expect(r.output_tps).toBeUndefined();
    const [check] = evaluateThresholds(r, [threshold("output_tps", ">=", 1)]);
    expect(check).toMatchObject({ actual: null, pass: false });
    expect(check?.no_data).toBe(
      "no ok response reported output tokens (usage had prompt tokens only, as embeddings do)",
    );
  });

  it("has output_tps when the usage counted output tokens", async () => {
    const r = await report({
      format: "json",
      outputTokens: Array(10).fill(4),
      outputTokensTotal: 40,
      requestsWithUsage: 10,
    });
    expect(r.output_tps).toBeDefined();
  });
});

describe("how a stream: sse scenario was read (stream.sse)", () => {
  const sseScenario = (sse?: Parameters<typeof buildSseSpec>[0]) =>
    makeScenario(
      [],
      {},
      {
        stream: {
          format: "sse",
          idleTimeoutMs: 30_000,
          includeUsage: false,
          ...(sse === undefined ? {} : { sse: buildSseSpec(sse) }),
        },
      },
    );
  const build = async (scenario: ReturnType<typeof sseScenario>) =>
    buildScenarioReport(
      await makeResult({ latencyMs: Array(10).fill(100), stream: { format: "sse" } }),
      scenario,
      URL_,
    );

  it("records the request.sse keys, JSONPaths as written, and {} without one; nothing for other formats", async () => {
    const described = await build(
      sseScenario({
        event: "delta",
        text: "$.delta.text",
        prompt_usage: "$.usage['input_tokens']",
        end: "stop",
      }),
    );
    expect(described.stream?.sse).toEqual({
      event: ["delta"],
      text: "$.delta.text",
      prompt_usage: "$.usage['input_tokens']",
      end: "stop",
    });
    expect((await build(sseScenario())).stream?.sse).toEqual({});
    expect(await streamed()).not.toHaveProperty("stream.sse");
  });

  it("a report with the record, and one from before it, both pass the report schema; a malformed one does not", async () => {
    const block = await build(sseScenario({ event: ["delta", "content"], usage: "$.n" }));
    const stream = block.stream;
    if (stream === undefined) throw new Error("no stream block");
    const { sse: _sse, ...before } = stream;
    const reportWith = (s: MeasuredScenario): unknown => {
      const budget: Budget = { version: 1, file: "b.yml", target: URL_, scenarios: [], secrets: [] };
      const measured = buildReport({
        budget,
        scenarios: [s],
        startedAt: new Date(0),
        finishedAt: new Date(1000),
        incomplete: false,
        toolVersion: "0",
      });
      return JSON.parse(JSON.stringify(judged(measured)));
    };
    const read = checkReport(reportWith(block), "r.json");
    if (typeof read === "string") throw new Error(read);
    expect(read.scenarios[0]?.stream?.sse).toEqual({ event: ["delta", "content"], usage: "$.n" });
    expect(typeof checkReport(reportWith({ ...block, stream: before }), "r.json")).not.toBe("string");
    const bad = { ...block, stream: { ...stream, sse: { event: "delta" } } } as unknown as MeasuredScenario;
    expect(checkReport(reportWith(bad), "r.json")).toMatch(/sse/);
  });

  it("redacts a secret written into request.sse from the report's stream.sse (was: an event name from the environment in clear)", async () => {
    const secret = "end-event-from-env-1234";
    const block = await build(sseScenario({ event: ["delta", secret], end: secret }));
    const budget: Budget = { version: 1, file: "b.yml", target: URL_, scenarios: [], secrets: [secret] };
    const measured = buildReport({
      budget,
      scenarios: [block],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0",
    });
    const sse = measured.scenarios[0]?.stream?.sse;
    expect(sse?.event?.[0]).toBe("delta");
    expect(sse?.end).toBeDefined();
    expect(JSON.stringify(measured)).not.toContain(secret);
  });
});
