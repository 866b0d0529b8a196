import { beforeAll, describe, expect, it } from "vitest";
import { formatMs } from "../../src/render/format.js";
import { renderTerminalReport } from "../../src/render/terminal-report.js";
import type { Report } from "../../src/report/types.js";
import { sampleReport } from "./sample-report.js";

const ESC = "\u001b[";

let report: Report;
let text: string;
let lines: string[];
beforeAll(async () => {
  report = await sampleReport();
  text = renderTerminalReport(report, { color: false });
  lines = text.split("\n");
});

function lineWith(...parts: string[]): string | undefined {
  return lines.find((l) => parts.every((p) => l.includes(p)));
}

describe("renderTerminalReport", () => {
  it("shows each scenario's header: name, request, load model, measured time", () => {
    expect(lineWith("chat", "POST http://127.0.0.1:8080/v1/chat")).toBeDefined();
    expect(
      lineWith("open model", "25 req/s", "constant arrivals", "up to 8 connections", "measured 4.0s"),
    ).toBeDefined();
    expect(lineWith("closed model", "4 connections", "measured 4.0s")).toBeDefined();
  });

  it("puts the known p95 in the latency row under the p95 column", () => {
    const chat = report.scenarios[0];
    // Recorded 10..1000 ms step 10: p95 is 950 ms within HDR's 0.1%.
    expect(chat?.latency.p95).toBeGreaterThan(949);
    expect(chat?.latency.p95).toBeLessThan(951);
    const header = lineWith("Stat (ms)", "p95") ?? "";
    const row = lineWith("│ latency ") ?? "";
    const cells = (l: string) => l.split("│").map((c) => c.trim());
    const col = cells(header).indexOf("p95");
    expect(cells(row)[col]).toBe(formatMs(chat?.latency.p95 ?? 0));
    expect(cells(row)[col]).toMatch(/^950\.\d$/);
  });

  it("adds latency_uncorrected and queue_time rows for the open model only", () => {
    const [chat, health] = text.split("\nhealth ");
    expect(chat).toContain("│ latency_uncorrected");
    expect(chat).toContain("│ queue_time");
    expect(chat).toContain("│ latency_failed");
    expect(health).not.toContain("latency_uncorrected");
    expect(health).not.toContain("queue_time");
  });

  it("draws tables with aligned columns", () => {
    const table = lines.filter((l) => /^\s+[┌│├└]/.test(l)).slice(0, 8);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  it("shows throughput, bytes, counts, errors by kind and status codes", () => {
    // 102 completions in 4 s; 4 MiB received in 4 s.
    expect(lineWith("req/s", "25.5 mean")).toBeDefined();
    expect(lineWith("bytes/s", "1.0 MiB received", "1.0 KiB sent")).toBeDefined();
    expect(lineWith("requests", "102 total", "100 ok", "2 failed", "0 dropped")).toBeDefined();
    expect(lineWith("errors", "http_5xx 1", "timeout 1", "1.96%")).toBeDefined();
    expect(lineWith("status", "200 100", "503 1")).toBeDefined();
  });

  it("lists every threshold with PASS/FAIL, actual in its unit, op, limit as written and budget line", () => {
    expect(
      lineWith(
        "FAIL",
        "latency.p95",
        `${formatMs(report.scenarios[0]?.latency.p95 ?? 0)} ms`,
        "<=",
        "500ms",
        "perf-budget.yml:14",
      ),
    ).toBeDefined();
    expect(lineWith("PASS", "error_rate", "1.96%", "<=", "5%", "perf-budget.yml:15")).toBeDefined();
    // The operator is shown once even though the budget wrote it into the limit (">= 20").
    const rps = lineWith("PASS", "rps", "25.5", "perf-budget.yml:16") ?? "";
    expect(rps).toMatch(/>=\s+20\s/);
    expect(rps).not.toContain(">= >=");
    expect(lineWith("PASS", "latency.p99", "2.50 ms", "50ms", "perf-budget.yml:22")).toBeDefined();
  });

  it("ends with the overall verdict naming the failed checks", () => {
    expect(text.endsWith("\n")).toBe(true);
    expect(lines.at(-2)).toBe("verdict: FAIL  1 of 4 thresholds failed: chat latency.p95");
  });

  it("prints no warning lines for a healthy, complete run", () => {
    expect(text).not.toContain("warning");
  });

  it("warns when the generator lagged, arrivals were dropped, or the run was interrupted", async () => {
    const bad = renderTerminalReport(await sampleReport({ lagged: true, dropped: 3, incomplete: true }), {
      color: false,
    });
    expect(bad).toMatch(/warning: generator lagged: event-loop delay p99 95\.5 ms/);
    expect(bad).toMatch(/warning: 3 arrivals dropped/);
    expect(bad).toMatch(/warning: incomplete: stopped after 2\.5s of 4\.0s/);
    expect(bad).toMatch(/warning: the run was interrupted/);
  });

  it("says so when no scenario ran", () => {
    const empty: Report = { ...report, scenarios: [], verdict: "fail" };
    expect(renderTerminalReport(empty, { color: false })).toBe("verdict: FAIL  no scenario ran\n");
  });

  it("uses ANSI colors only when asked", () => {
    expect(text).not.toContain(ESC);
    const colored = renderTerminalReport(report, { color: true });
    expect(colored).toContain(ESC);
    expect(colored).toContain("\u001b[31m\u001b[1mFAIL");
    // Same text once the escapes are stripped: color never shifts a column.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(text);
  });
});
