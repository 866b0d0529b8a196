import { describe, expect, it } from "vitest";
import { describeLoad } from "../../src/render/load-line.js";
import { renderTerminalReport } from "../../src/render/terminal-report.js";
import type { LoadReport, Report } from "../../src/report/types.js";
import { sampleReport } from "./sample-report.js";

const open: LoadReport = {
  model: "open",
  connections: 8,
  rate: 25,
  arrival: "constant",
  seed: 1,
  duration_ms: 4000,
  warmup_ms: 0,
};

/** The sample report with every scenario's load run by `workers` threads. */
async function withWorkers(workers: number): Promise<Report> {
  const report = await sampleReport();
  return { ...report, scenarios: report.scenarios.map((s) => ({ ...s, load: { ...s.load, workers } })) };
}

describe("the load line says how many worker threads ran", () => {
  it("markdown: after the load, only when more than one", () => {
    expect(describeLoad({ ...open, workers: 4 })).toBe(
      "open model · 25 req/s, constant arrivals, up to 8 connections · 4 worker threads",
    );
    expect(describeLoad({ ...open, model: "closed", workers: 2 })).toBe(
      "closed model · 8 connections · 2 worker threads",
    );
    expect(describeLoad(open)).not.toContain("worker");
  });

  it("a merge of shards says threads over shards, not one process's worker threads", () => {
    expect(describeLoad({ ...open, workers: 4, shards: 4 })).toBe(
      "open model · 25 req/s, constant arrivals, up to 8 connections · 4 threads over 4 shards",
    );
    expect(describeLoad({ ...open, model: "closed", workers: 3, shards: 2 })).toBe(
      "closed model · 8 connections · 3 threads over 2 shards",
    );
  });

  it("terminal: the scenario header's load line", async () => {
    const text = renderTerminalReport(await withWorkers(3), { color: false });
    expect(text).toMatch(
      /open model · 25 req\/s, constant arrivals, up to 8 connections · 3 worker threads · measured/,
    );
    expect(renderTerminalReport(await sampleReport(), { color: false })).not.toContain("worker threads");
  });
});
