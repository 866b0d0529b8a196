import { beforeAll, describe, expect, it } from "vitest";
import { createPaint } from "../../src/render/ansi.js";
import { formatMs, NO_DATA } from "../../src/render/format.js";
import { renderScenarioMarkdown } from "../../src/render/markdown-scenario.js";
import { renderScenarioSection } from "../../src/render/scenario-section.js";
import { describeErrorCount } from "../../src/render/stream-text.js";
import { describeChecks, describeData, stepTableRows } from "../../src/render/workload-text.js";
import { buildScenarioReport } from "../../src/report/build-report.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { recorded } from "../gate/gate-fixtures.js";
import { makeResult, makeScenario } from "../report/fixtures.js";
import { makeStepReport } from "../report/step-fixtures.js";

// Known values (see step-fixtures.ts): upload 100 ok, p95 95 ms; read 98 ok + 2 failed, p95 188 ms.
let flow: ScenarioReport;
let terminal: string[];
let markdown: string[];
beforeAll(async () => {
  flow = recorded(await makeStepReport());
  terminal = renderScenarioSection(flow, "perf-budget.yml", createPaint(false));
  markdown = renderScenarioMarkdown(flow, undefined, null);
});

const cells = (line: string, sep: string) =>
  line
    .split(sep)
    .map((c) => c.trim())
    .filter((c) => c !== "");

describe("the per-step table", () => {
  it("has one row per step with its requests, error rate and percentiles", () => {
    const [head, upload, read] = stepTableRows(flow);
    expect(head).toEqual(["step", "requests", "error rate", "p50 (ms)", "p95 (ms)", "p99 (ms)"]);
    expect(upload?.slice(0, 3)).toEqual(["upload", "100", "0 %"]);
    expect(read?.slice(0, 3)).toEqual(["read", "100", "2.00 %"]);
    expect(read?.[4]).toBe(formatMs(flow.steps?.[1]?.latency.p95 ?? 0));
    expect(read?.[4]).toMatch(/^188\.\d$/);
  });

  it("adds a ttft p95 column when a step streams", () => {
    const streamed = flow.steps?.map((s, i) => (i === 1 ? { ...s, ttft: { ...s.latency, p95: 42.5 } } : s));
    const [head, upload, read] = stepTableRows({ ...flow, steps: streamed });
    expect(head?.at(-1)).toBe("ttft p95 (ms)");
    expect(upload?.at(-1)).toBe(NO_DATA);
    expect(read?.at(-1)).toBe(formatMs(42.5));
  });

  it("shows in the terminal under the iteration line, with the read step's known p95", () => {
    const at = terminal.findIndex((l) => l.includes("2 steps per iteration: upload → read"));
    expect(at).toBeGreaterThan(0);
    const row = terminal.find((l) => l.includes("│ read "));
    expect(row && cells(row, "│").slice(0, 3)).toEqual(["read", "100", "2.00 %"]);
    expect(terminal.indexOf(row ?? "")).toBeGreaterThan(at);
  });

  it("shows in markdown as a table, and the scenario counts iterations", () => {
    expect(markdown.some((l) => l.startsWith("**Iterations:** 100 total · 98 ok · 2 failed"))).toBe(true);
    const header = markdown.findIndex((l) => l.startsWith("| step | requests |"));
    expect(header).toBeGreaterThan(0);
    expect(markdown[header + 1]).toBe("|---|--:|--:|--:|--:|--:|");
    expect(cells(markdown[header + 3] ?? "", "|").slice(0, 3)).toEqual(["`read`", "100", "2.00 %"]);
  });

  it("is absent from a single-request scenario", async () => {
    const plain = recorded(
      buildScenarioReport(await makeResult({ latencyMs: [5] }), makeScenario(), "http://x/v1/chat"),
    );
    expect(stepTableRows(plain)).toEqual([]);
    const md = renderScenarioMarkdown(plain, undefined, null);
    expect(md.some((l) => l.startsWith("**Requests:**"))).toBe(true);
    expect(
      md.some((l) => l.startsWith("| step |") || l.startsWith("**Checks:**") || l.startsWith("**Data:**")),
    ).toBe(false);
  });
});

describe("response checks, data file and unique prefix", () => {
  it("describes each check's pass rate, failures counted, none evaluated said so", () => {
    expect(describeChecks(flow)).toBe(
      "upload_status 100.0% · read_body 96.9% (3 failed) · idle not evaluated",
    );
  });

  it("show in the terminal totals", () => {
    expect(
      terminal.some((l) => /checks\s+upload_status 100\.0% · read_body 96\.9% \(3 failed\)/.test(l)),
    ).toBe(true);
    expect(terminal.some((l) => /data\s+queries\.jsonl, 120 rows, sequential/.test(l))).toBe(true);
    expect(terminal.some((l) => /unique prefix\s+on \(cold prefill\)/.test(l))).toBe(true);
  });

  it("show in markdown with check names as code", () => {
    expect(markdown).toContain(
      "**Checks:** `upload_status` 100.0% · `read_body` 96.9% (3 failed) · `idle` not evaluated",
    );
    expect(markdown).toContain("**Data:** queries.jsonl, 120 rows, sequential");
    expect(markdown).toContain("**Unique prefix:** on (cold prefill)");
  });

  it("says a shuffled data file's seed", () => {
    const data = { file: "p.csv", format: "csv", order: "shuffle" as const, rows: 1, seed: 9 };
    expect(describeData({ ...flow, data })).toBe("p.csv, 1 row, shuffled, seed 9");
  });
});

describe("error kinds of flows and checks", () => {
  it.each([
    ["check_failed", "check_failed 3 (a response failed a check: see the sample)"],
    ["capture_failed", "capture_failed 2 (a capture found nothing: later steps not sent)"],
  ])("%s has a hint", (kind, text) => {
    expect(describeErrorCount(kind, kind === "check_failed" ? 3 : 2)).toBe(text);
  });

  it("shows the capture_failed hint in the scenario's error line", () => {
    expect(
      terminal.some((l) => l.includes("capture_failed 2 (a capture found nothing: later steps not sent)")),
    ).toBe(true);
  });
});
