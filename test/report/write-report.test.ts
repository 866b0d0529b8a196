import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import { InputError, RunError } from "../../src/errors.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import { MAX_TIMELINE_POINTS } from "../../src/report/report-schema.js";
import type { Report } from "../../src/report/types.js";
import { MAX_REPORT_BYTES, readReport, writeReport } from "../../src/report/write-report.js";
import { HDR_DAMAGE, withDamagedHdr, withLongTimeline } from "../cli/corrupt-reports.js";
import { judged, makeResult, makeScenario, range, threshold } from "./fixtures.js";

/** A report of one streamed scenario with an slo, every new optional block filled in. */
async function streamedReport(): Promise<Report> {
  const result = await makeResult({
    latencyMs: range(100, 199),
    goodRequests: 80,
    timeline: [{ t: 0, ok: 100, errors: 0, outputTokens: 1234.5, good: 80 }],
    errorSamples: [{ kind: "stream_error", message: "malformed chunk: {nope" }],
    stream: {
      ttfbMs: range(1, 100),
      ttftMs: range(50, 149),
      itlMs: range(1, 500),
      tpotMs: range(10, 109),
      outputTokens: range(1, 100),
      promptTokens: range(20, 119),
      requestOutputTps: range(5, 104),
      requestsWithUsage: 60,
      requestsEstimated: 40,
    },
  });
  const scenario = makeScenario(
    [threshold("ttft.p95", "<=", 500, "500ms")],
    {},
    {
      stream: { format: "openai", idleTimeoutMs: 5_000, includeUsage: true },
      slo: { ttftMs: 500, latencyMs: 10_000, line: 8 },
    },
  );
  return judged(
    buildReport({
      budget: { version: 1, file: "b.yml", target: "http://127.0.0.1:1", scenarios: [], secrets: [] },
      scenarios: [buildScenarioReport(result, scenario, "http://127.0.0.1:1/v1/chat/completions")],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0.1.0",
    }),
    new Map([["chat", scenario.thresholds]]),
  );
}

let dir: string;
let report: Report;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-report-"));
  const scenario = makeScenario([threshold("latency.p95", "<=", 500, "500ms")], { ratePerSec: 20 });
  const result = await makeResult({ latencyMs: range(1, 200), failedMs: [5], errors: { timeout: 1 } });
  const budget: Budget = {
    version: 1,
    file: "b.yml",
    target: "http://127.0.0.1:1",
    scenarios: [],
    secrets: [],
  };
  report = judged(
    buildReport({
      budget,
      scenarios: [buildScenarioReport(result, scenario, "http://127.0.0.1:1/v1/chat")],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0.1.0",
    }),
    new Map([["chat", scenario.thresholds]]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeReport / readReport", () => {
  it("round-trips a report through a file, creating parent directories", async () => {
    const path = join(dir, "nested", "deeper", "report.json");
    await writeReport(path, report, []);
    const text = await readFile(path, "utf8");
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(await readReport(path)).toEqual(report);
  });

  it("round-trips a streamed report with every new block (stream, slo, goodput, definitions)", async () => {
    const streamed = await streamedReport();
    const scenario = streamed.scenarios[0];
    // The fixture must really hold every optional block, or the round trip proves nothing.
    for (const key of [
      "ttfb",
      "ttft",
      "itl",
      "tpot",
      "output_tokens",
      "prompt_tokens",
      "request_output_tps",
    ]) {
      expect(scenario, key).toHaveProperty(key);
    }
    expect(scenario).toMatchObject({
      output_tps: 505,
      goodput: 8,
      slo: { ttft_ms: 500, latency_ms: 10_000 },
    });
    expect(scenario?.stream?.output_tokens_source).toBe("mixed");
    expect(scenario?.error_samples).toHaveLength(1);
    expect(streamed.definitions).toHaveProperty("goodput");
    const path = join(dir, "streamed.json");
    await writeReport(path, streamed, []);
    expect(await readReport(path)).toEqual(streamed);
  });

  it.each([
    ["stream.output_tokens_source", { output_tokens_source: "guessed" }, /stream\.output_tokens_source/],
    ["ttft.p95", { p95: "fast" }, /scenarios\[0\]\.ttft\.p95/],
  ])("rejects a streamed report whose %s is malformed", async (what, patch, field) => {
    const streamed = await streamedReport();
    const scenario = streamed.scenarios[0];
    const broken =
      "output_tokens_source" in patch
        ? { ...scenario, stream: { ...scenario?.stream, ...patch } }
        : { ...scenario, ttft: { ...scenario?.ttft, ...patch } };
    const err = await readError(`broken-${what}.json`, JSON.stringify({ ...streamed, scenarios: [broken] }));
    expect(err.message).toMatch(field);
  });

  it("redacts secrets from the serialized text as a last line of defence", async () => {
    const leaky: Report = { ...report, tool: { name: "perf-gate", version: 'v-"SECRET"-1' } };
    const path = join(dir, "leaky.json");
    await writeReport(path, leaky, ['"SECRET"', "127.0.0.1:1"]);
    const text = await readFile(path, "utf8");
    expect(text).not.toContain("SECRET");
    expect(text).not.toContain("127.0.0.1:1");
    expect(JSON.parse(text).tool.version).toBe("v-***-1");
  });

  it("a short secret never rewrites numbers or the encoded histograms (regression: invalid JSON)", async () => {
    const scenario = report.scenarios[0];
    if (!scenario) throw new Error("fixture has a scenario");
    // "1" occurs in the numbers and in the base64 histograms; text-level redaction broke both.
    const path = join(dir, "short-secret.json");
    await writeReport(path, report, ["1"]);
    const read = JSON.parse(await readFile(path, "utf8")) as Report;
    expect(read.scenarios[0]?.latency).toEqual(scenario.latency);
    expect(read.scenarios[0]?.rps).toBe(scenario.rps);
    expect(read.target).not.toContain("1");
  });

  it("throws RunError naming the path when the report cannot be written", async () => {
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "x");
    const path = join(blocker, "report.json");
    const err = await writeReport(path, report, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunError);
    expect((err as RunError).message).toContain(path);
  });

  it("accepts fields a later version-1 writer added", async () => {
    const path = join(dir, "extra.json");
    await writeFile(
      path,
      JSON.stringify({
        ...report,
        later_field: 2,
        scenarios: [{ ...report.scenarios[0], time_to_last_token: {} }],
      }),
    );
    const read = await readReport(path);
    expect(read.scenarios[0]?.latency.p95).toBe(report.scenarios[0]?.latency.p95);
  });

  async function readError(name: string, content: string | undefined): Promise<InputError> {
    const path = join(dir, name);
    if (content !== undefined) await writeFile(path, content);
    const err = await readReport(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain(path);
    return err as InputError;
  }

  it.each([
    ["missing.json", undefined, /ENOENT/],
    ["not-json.json", "{ nope", /not valid JSON/],
    ["null.json", "null", /version 1, got version none/],
    ["v2.json", JSON.stringify({ version: 2 }), /version 1, got version 2/],
  ])("rejects %s with an InputError naming the file", async (name, content, message) => {
    expect((await readError(name, content)).message).toMatch(message);
  });

  it("names the field that does not match the report shape", async () => {
    const scenario = { ...report.scenarios[0], latency: { ...report.scenarios[0]?.latency, p95: "fast" } };
    const err = await readError("bad-shape.json", JSON.stringify({ ...report, scenarios: [scenario] }));
    expect(err.message).toMatch(/scenarios\[0\]\.latency\.p95/);
  });

  it.each(HDR_DAMAGE)(
    "an hdr %s is an InputError naming the file and the field (regression: exit 3 with a stack trace)",
    async (what, damage) => {
      const err = await readError(`hdr-${what}.json`, JSON.stringify(withDamagedHdr(report, damage)));
      expect(err.message).toMatch(
        /^.*hdr-.*\.json: scenarios\[0\]\.latency\.hdr (is not a readable HdrHistogram \(cut or corrupted: .+\)|holds \d+ values but the summary beside it says count 200 \(cut or corrupted\))$/,
      );
      expect(err.message).not.toContain("\n");
    },
  );

  it("the undamaged histograms of the same report decode and agree with their summaries", async () => {
    // The control for the damage table: the same file without the damage reads back.
    const path = join(dir, "undamaged.json");
    await writeFile(path, JSON.stringify(withDamagedHdr(report, (hdr) => hdr)));
    expect((await readReport(path)).scenarios[0]?.latency.count).toBe(200);
  });

  it("a histogram whose values do not match its summary's max is refused (a shifted bucket)", async () => {
    const scenario = report.scenarios[0];
    if (!scenario) throw new Error("fixture has a scenario");
    const shifted = { ...scenario, latency: { ...scenario.latency, max: scenario.latency.max * 2 } };
    const err = await readError("shifted.json", JSON.stringify({ ...report, scenarios: [shifted] }));
    expect(err.message).toMatch(
      /scenarios\[0\]\.latency\.hdr has its largest value at 200(\.\d+)? but the summary beside it says max 400 /,
    );
  });

  it("a 200,000-entry timeline is refused with its bound (24 h of seconds + 1)", async () => {
    expect(MAX_TIMELINE_POINTS).toBe(86_401);
    const err = await readError("long-timeline.json", JSON.stringify(withLongTimeline(report, 200_000)));
    expect(err.message).toMatch(/: scenarios\[0\]\.timeline: has more than 86401 points/);
    // The bound itself is a valid timeline.
    const path = join(dir, "day-timeline.json");
    await writeFile(path, JSON.stringify(withLongTimeline(report, MAX_TIMELINE_POINTS)));
    expect((await readReport(path)).scenarios[0]?.timeline).toHaveLength(MAX_TIMELINE_POINTS);
  });

  it("a file larger than any report is refused before it is read", async () => {
    const path = join(dir, "huge.json");
    await writeFile(path, "");
    await truncate(path, MAX_REPORT_BYTES + 1); // sparse: nothing is written
    expect((await readError("huge.json", undefined)).message).toMatch(/huge\.json: \d+ bytes is larger than/);
  });

  it("a report written before the verdict fields reads as it was gated then", async () => {
    const old = JSON.parse(JSON.stringify(report)) as Record<string, unknown> & {
      scenarios: Record<string, unknown>[];
    };
    for (const key of ["verdict_reason", "thresholds_verdict", "gate", "not_run", "warnings"])
      delete old[key];
    for (const s of old.scenarios) {
      delete s.thresholds_verdict;
      delete s.trust;
    }
    const path = join(dir, "before-verdict-fields.json");
    await writeFile(path, JSON.stringify({ ...old, verdict: "fail" }));
    const read = await readReport(path);
    expect(read).toMatchObject({
      verdict: "fail",
      thresholds_verdict: "fail",
      verdict_reason: "",
      not_run: [],
      warnings: [],
      gate: { fail_on: "any", failed_checks: 0, regressions: 0, untrusted_scenarios: 0, baseline: null },
    });
    expect(read.scenarios[0]?.trust).toEqual({ trusted: true, reasons: [], policy: "fail" });
    expect(read.scenarios[0]?.thresholds_verdict).toBe(report.scenarios[0]?.verdict);
  });
});
