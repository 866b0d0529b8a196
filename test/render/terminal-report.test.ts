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
      lineWith("open model", "25 req/s", "constant arrivals", "up to 8 connections", "measured 4.0 s"),
    ).toBeDefined();
    expect(lineWith("closed model", "4 connections", "measured 4.0 s")).toBeDefined();
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
    // 102 responses in 4 s, 100 of them ok (ok_rps as recorded: 25.0); 4 MiB received in 4 s.
    expect(lineWith("throughput", "rps 25.5 req/s", "ok_rps 25.0 req/s", "stdev")).toBeDefined();
    expect(lineWith("bytes/s", "1.0 MiB received", "1.0 KiB sent")).toBeDefined();
    expect(lineWith("requests", "102 total", "100 ok", "2 failed", "0 dropped")).toBeDefined();
    expect(lineWith("errors", "http_5xx 1", "timeout 1", "1.96 %")).toBeDefined();
    expect(lineWith("status", "200 100", "503 1")).toBeDefined();
  });

  it("lists every threshold with PASS/FAIL, actual and limit in one unit style, and budget line", () => {
    // Issue 9: limits were printed as written (`500ms`, `20`, `5%`) next to values with units.
    const p95 = `${formatMs(report.scenarios[0]?.latency.p95 ?? 0)} ms`;
    expect(lineWith("FAIL", "latency.p95", p95, "<= 500 ms", "perf-budget.yml:14")).toBeDefined();
    expect(lineWith("PASS", "error_rate", "1.96 %", "<= 5 %", "perf-budget.yml:15")).toBeDefined();
    // The operator is shown once even though the budget wrote it into the limit (">= 20").
    const rps = lineWith("PASS", "rps", "perf-budget.yml:16") ?? "";
    expect(rps).toMatch(/ rps {2,}25\.5 req\/s {2,}>= 20 req\/s {2,}perf/);
    expect(rps).not.toContain(">= >=");
    expect(lineWith("PASS", "latency.p99", "2.50 ms", "<= 50 ms", "perf-budget.yml:22")).toBeDefined();
  });

  it("says the report's verdict and reason first, once: the gate's, not a count of thresholds", async () => {
    // Issue 9: `verdict: PASS 2 of 2 thresholds passed` while the gate said FAIL (2 regressions).
    const gated = await sampleReport({
      verdict: "fail",
      verdictReason: "2 regressions: chat latency.p95, chat latency.p99",
    });
    const out = renderTerminalReport(gated, { color: false }).split("\n");
    expect(out[0]).toBe("verdict: FAIL  2 regressions: chat latency.p95, chat latency.p99");
    expect(out.filter((l) => l.startsWith("verdict:"))).toHaveLength(1);
    expect(lines[0]).toBe("verdict: FAIL  1 of 4 thresholds failed: chat latency.p95");
    // Each scenario shows the gate's verdict for it next to its name.
    expect(lineWith("chat  FAIL  POST")).toBeDefined();
    expect(lineWith("health  PASS  POST")).toBeDefined();
  });

  it("never renders untrusted or incomplete as a pass: its own word, and the reason", async () => {
    const untrusted = await sampleReport({
      verdict: "untrusted",
      verdictReason: "chat is untrusted: 80 % of arrivals dropped",
      untrusted: {
        reasons: [
          "the generator could only start 1,021 of 2,500 due requests: raise connections (10) or lower rate",
        ],
        policy: "fail",
      },
    });
    const text1 = renderTerminalReport(untrusted, { color: false });
    expect(text1.split("\n")[0]).toBe("verdict: UNTRUSTED  chat is untrusted: 80 % of arrivals dropped");
    expect(text1).not.toMatch(/verdict: PASS/);
    const interrupted = await sampleReport({
      verdict: "incomplete",
      verdictReason: "interrupted by SIGINT",
      incomplete: true,
    });
    expect(renderTerminalReport(interrupted, { color: false }).split("\n")[0]).toBe(
      "verdict: INCOMPLETE  interrupted by SIGINT",
    );
    expect(renderTerminalReport(untrusted, { color: true })).toContain("\u001b[33m\u001b[1mUNTRUSTED");
  });

  it("shows an untrusted scenario's reasons one line each under its header, and the warn policy", async () => {
    const reasons = [
      "nothing answered at http://127.0.0.1:8080: 61,201 connections refused (ECONNREFUSED)",
      "the generator lagged: event-loop delay p99 95.5 ms",
    ];
    const out = renderTerminalReport(await sampleReport({ untrusted: { reasons, policy: "fail" } }), {
      color: false,
    }).split("\n");
    const header = out.findIndex((l) => l.startsWith("chat "));
    expect(out.slice(header + 2, header + 4)).toEqual(reasons.map((r) => `  UNTRUSTED  ${r}`));
    expect(out.join("\n")).not.toContain("does not fail the gate");
    const warned = renderTerminalReport(await sampleReport({ untrusted: { reasons, policy: "warn" } }), {
      color: false,
    });
    expect(warned).toContain(
      "(untrusted: warn in the budget: reported as a warning, it does not fail the gate)",
    );
  });

  it("lists the scenarios that never ran as not run, each with its thresholds", async () => {
    // Issue 9: SIGINT during scenario 1 of 2 made scenario 2 and its thresholds vanish.
    const out = renderTerminalReport(
      await sampleReport({
        incomplete: true,
        verdict: "incomplete",
        verdictReason: "interrupted by SIGINT during chat; 1 scenario not run",
        notRun: [
          {
            name: "items",
            thresholds: [
              { metric: "latency.p95", source: "250ms", line: 30 },
              { metric: "rps", source: ">= 50", line: 31 },
            ],
          },
        ],
      }),
      { color: false },
    ).split("\n");
    const at = out.findIndex((l) => l.startsWith("not run"));
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 4)).toEqual([
      "  items  NOT RUN",
      "    NOT RUN  latency.p95 <= 250 ms  perf-budget.yml:30",
      "    NOT RUN  rps >= 50 req/s  perf-budget.yml:31",
    ]);
  });

  it("shows the report's warnings under the verdict", async () => {
    const out = renderTerminalReport(
      await sampleReport({ warnings: ["no baseline: regressions not checked"] }),
      {
        color: false,
      },
    ).split("\n");
    expect(out[1]).toBe("warning: no baseline: regressions not checked");
  });

  it("prints no warning lines for a healthy, complete run", () => {
    expect(text).not.toContain("warning");
  });

  it("warns when the generator lagged, arrivals were dropped, or the run was interrupted", async () => {
    const bad = renderTerminalReport(await sampleReport({ lagged: true, dropped: 3, incomplete: true }), {
      color: false,
    });
    expect(bad).toMatch(/warning: the load generator lagged \(event-loop delay p99 95\.5 ms/);
    expect(bad).toMatch(/warning: 3 arrivals dropped/);
    expect(bad).toMatch(/warning: incomplete: stopped after 2\.5 s of 4\.0 s/);
    expect(bad).toMatch(/warning: the run was interrupted/);
  });

  it("names the real cause of dropped arrivals: the queue was full vs still queued when the phase ended", async () => {
    // Issue 9: every drop was blamed on the queue, whatever happened.
    const full = renderTerminalReport(await sampleReport({ droppedQueueFull: 1_479 }), { color: false });
    expect(full).toContain(
      "warning: 1,479 arrivals dropped because the client queue was full: raise connections (8) or lower rate (25 req/s)",
    );
    expect(full).not.toContain("still queued");
    const atEnd = renderTerminalReport(await sampleReport({ droppedAtEnd: 2 }), { color: false });
    expect(atEnd).toContain("warning: 2 arrivals were still queued when the phase ended");
    expect(atEnd).not.toContain("queue was full");
  });

  it("says when responses were redirects (3xx), so a wrong path does not pass silently", async () => {
    const out = renderTerminalReport(await sampleReport({ redirects: 12 }), { color: false });
    expect(out).toContain("warning: 12 responses were redirects (3xx), not followed: check the path");
    expect(text).not.toContain("redirect");
  });

  it("shows each error sample's errno code and HTTP status next to its kind", async () => {
    const out = renderTerminalReport(
      await sampleReport({
        errorSamples: [
          { kind: "http_5xx", message: "upstream overloaded", status: 503 },
          { kind: "client_error", message: "connect EMFILE", code: "EMFILE" },
        ],
      }),
      { color: false },
    );
    expect(out).toMatch(/ {4}http_5xx \[HTTP 503\] +upstream overloaded/);
    expect(out).toMatch(/ {4}client_error \[EMFILE\] +connect EMFILE/);
  });

  it("says so when no scenario ran", () => {
    const empty: Report = { ...report, scenarios: [], verdict: "fail", verdict_reason: "no scenario ran" };
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
