import { describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import { responseCheckReport, stepUrl } from "../../src/report/workload-report.js";
import { checkReport } from "../../src/report/write-report.js";
import { judged, makeResult, makeScenario, withinHdr } from "./fixtures.js";
import { makeStepReport, makeStepResult, makeStepScenario, STEP_SCENARIO_URL } from "./step-fixtures.js";

function budgetOf(secrets: readonly string[] = []): Budget {
  return {
    version: 1,
    file: "perf-budget.yml",
    target: "http://127.0.0.1:1",
    scenarios: [makeStepScenario()],
    secrets,
  };
}

describe("buildScenarioReport: multi-step scenarios", () => {
  it("builds one block per step with the step's own counts and latency", async () => {
    const r = await makeStepReport();
    expect(r.steps?.map((s) => s.name)).toEqual(["upload", "read"]);
    const [upload, read] = r.steps ?? [];
    expect(upload?.request).toEqual({ method: "POST", url: "http://127.0.0.1:1/items" });
    expect(read?.request).toEqual({ method: "GET", url: "http://127.0.0.1:1/items/{{ vars.id }}" });
    expect(upload?.requests).toEqual({
      total: 100,
      ok: 100,
      failed: 0,
      dropped: 0,
      responses_in_window: 100,
    });
    expect(read?.requests).toEqual({ total: 100, ok: 98, failed: 2, dropped: 0, responses_in_window: 100 });
    expect(read?.errors).toEqual({ capture_failed: 2 });
    expect(read?.error_rate).toBe(2 / 100);
    expect(upload?.latency.count).toBe(100);
    expect(withinHdr(upload?.latency.p95 ?? null, 95)).toBe(true);
    expect(withinHdr(read?.latency.p95 ?? null, 188)).toBe(true);
    // The scenario's own numbers are the iterations': 3..294 ms step 3, p95 = the 94th of 98 = 282 ms.
    expect(r.requests.ok).toBe(98);
    expect(withinHdr(r.latency.p95, 282)).toBe(true);
  });

  it("leaves out of a step block what only the scenario has: load, bytes, generator, warm-up", async () => {
    const r = await makeStepReport();
    for (const step of r.steps ?? []) {
      for (const key of ["load", "bytes", "generator", "warmup_requests", "steps", "data"]) {
        expect(Object.keys(step), key).not.toContain(key);
      }
    }
  });

  it("reports response checks with pass_rate = (evaluated − failed) / evaluated, 1 when none evaluated", async () => {
    const r = await makeStepReport();
    expect(r.response_checks).toEqual([
      {
        name: "upload_status",
        step: "upload",
        line: 10,
        source: "status: [201]",
        evaluated: 100,
        failed: 0,
        pass_rate: 1,
      },
      {
        name: "read_body",
        step: "read",
        line: 13,
        source: "body: { contains: ok }",
        evaluated: 98,
        failed: 3,
        pass_rate: 95 / 98,
      },
      {
        name: "idle",
        step: "read",
        line: 14,
        source: "status: [200]",
        evaluated: 0,
        failed: 0,
        pass_rate: 1,
      },
    ]);
  });

  it("reports the data file (row count, not rows) and the unique prefix", async () => {
    const r = await makeStepReport();
    expect(r.data).toEqual({
      file: "queries.jsonl",
      format: "jsonl",
      order: "sequential",
      rows: 120,
      seed: 7,
    });
    expect(r.unique_prefix).toBe(true);
  });

  it("adds none of the new keys to a single-request scenario", async () => {
    const r = buildScenarioReport(
      await makeResult({ latencyMs: [1, 2] }),
      makeScenario(),
      "http://x/v1/chat",
    );
    for (const key of ["steps", "response_checks", "data", "unique_prefix"])
      expect(Object.keys(r)).not.toContain(key);
  });

  it("destroys every step's histograms too (ownership passes to the report)", async () => {
    const result = await makeStepResult();
    buildScenarioReport(result, makeStepScenario(), STEP_SCENARIO_URL);
    for (const step of result.steps ?? []) {
      for (const h of [step.latency, step.latencyUncorrected, step.queueTime, step.latencyFailed]) {
        expect(() => h.totalCount).toThrow(/destroyed/);
      }
    }
  });

  it("uses the urls the caller gives for the steps", async () => {
    const r = buildScenarioReport(await makeStepResult(), makeStepScenario(), STEP_SCENARIO_URL, [
      "http://a/1",
      "http://a/2",
    ]);
    expect(r.steps?.map((s) => s.request.url)).toEqual(["http://a/1", "http://a/2"]);
  });
});

describe("stepUrl", () => {
  it.each([
    ["http://h:1/base/items", "/items", "/items/{{ vars.id }}", "http://h:1/base/items/{{ vars.id }}"],
    ["http://h:1/items?x=1", "/items?x=1", "/other", "http://h:1/other"],
    ["http://h:1/a%20b", "/a b", "/c", "http://h:1/c"],
  ])("%s with first path %s → step path %s is %s", (url, first, step, expected) => {
    expect(stepUrl(url, first, step)).toBe(expected);
  });
});

describe("responseCheckReport", () => {
  it("is 1 (the report keeps a number) when no response was evaluated", () => {
    const r = responseCheckReport({ name: "c", line: 1, source: "s", evaluated: 0, failed: 0 });
    expect(r.pass_rate).toBe(1);
    expect(Object.keys(r)).not.toContain("step");
  });

  it("is 0 when every evaluated response failed", () => {
    expect(responseCheckReport({ name: "c", line: 1, source: "s", evaluated: 4, failed: 4 }).pass_rate).toBe(
      0,
    );
  });
});

describe("buildReport: multi-step scenarios", () => {
  it("redacts secrets in step names, urls and error samples, check sources and the data path", async () => {
    const secret = "s3cr3t-token";
    const scenario = await makeStepReport();
    const withSecret = {
      ...scenario,
      steps: scenario.steps?.map((s) => ({
        ...s,
        name: `${s.name}-${secret}`,
        request: { ...s.request, url: `${s.request.url}?k=${secret}` },
      })),
      response_checks: scenario.response_checks?.map((c) => ({ ...c, source: `header: ${secret}` })),
      data: scenario.data && { ...scenario.data, file: `${secret}/queries.jsonl` },
    };
    const report = buildReport({
      budget: budgetOf([secret]),
      scenarios: [withSecret],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0.0.0",
    });
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(report.scenarios[0]?.steps?.[1]?.error_samples?.[0]?.message).toContain("found nothing");
  });

  it("states the iteration, step and pass_rate definitions, and the report reads back through its schema", async () => {
    const measured = buildReport({
      budget: budgetOf(),
      scenarios: [await makeStepReport()],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0.0.0",
    });
    expect(Object.keys(measured.definitions ?? {})).toEqual(["iteration", "steps", "pass_rate"]);
    const report = judged(measured);
    const read = checkReport(JSON.parse(JSON.stringify(report)), "report.json");
    expect(typeof read, String(read)).toBe("object");
    if (typeof read === "string") return;
    expect(read.scenarios[0]?.steps?.[1]?.requests.failed).toBe(2);
    expect(read.scenarios[0]?.response_checks?.[1]?.pass_rate).toBe(95 / 98);
  });

  it("rejects a report whose step block is not a block", async () => {
    const measured = buildReport({
      budget: budgetOf(),
      scenarios: [await makeStepReport()],
      startedAt: new Date(0),
      finishedAt: new Date(1000),
      incomplete: false,
      toolVersion: "0.0.0",
    });
    const report = JSON.parse(JSON.stringify(judged(measured)));
    report.scenarios[0].steps[0].latency = { count: 1 };
    expect(typeof checkReport(report, "report.json")).toBe("string");
  });
});
