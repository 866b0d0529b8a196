/**
 * `perf-gate compare` and `run --baseline/--markdown`, in-process. The compare cases use real
 * reports built from histograms with known values (no load); the run cases drive a loopback server
 * for about a second each.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_BUDGET_WARNING } from "../../src/cli/compare-command.js";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";
import { latencies, writeChatReport } from "./report-files.js";

const BUDGETS = join(import.meta.dirname, "../fixtures/budgets");
const TWO = join(BUDGETS, "cli-two-scenarios.yml");

/** One open-model scenario with a loose threshold and a tight regression rule on the median. */
const RUN_RULES_YAML = `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: api
    request: { path: /api }
    load: { rate: 40, connections: 4, duration: 1s }
    thresholds:
      error_rate: 1%
    regression:
      latency.p50: +50%
`;

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-compare-"));
  server = await startServer({ delayMs: 1 });
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("perf-gate compare", () => {
  it("exits 0 when the head passes; without --budget there are no rules and it says so", async () => {
    const base = await writeChatReport(dir, "base-pass.json", latencies());
    const head = await writeChatReport(dir, "head-pass.json", latencies(1.5));
    const md = join(dir, "pass.md");
    const cap = captureIo();
    const code = await main(["compare", base, head, "--markdown", md], cap.io);
    expect(cap.stderr()).toContain(`markdown summary written to ${md}`);
    expect(code).toBe(0);
    expect(cap.stdout()).toContain(`regressions vs ${base}`);
    expect(cap.stdout()).toContain(`warning: ${NO_BUDGET_WARNING}`);
    // One verdict, first, the same in the terminal and the summary.
    expect(cap.stdout()).toMatch(/^verdict: PASS {2}1 of 1 threshold held\n/);
    expect(cap.stdout()).not.toMatch(/gate: /);
    const summary = await readFile(md, "utf8");
    expect(summary.split("\n")[0]).toBe("## ✅ perf-gate passed — 1 of 1 threshold held");
    expect(summary).toContain(NO_BUDGET_WARNING);
  });

  it("exits 1 when a threshold recorded in the head failed", async () => {
    const base = await writeChatReport(dir, "base-t.json", latencies());
    const head = await writeChatReport(dir, "head-t.json", latencies(), 20);
    const cap = captureIo();
    expect(await main(["compare", base, head], cap.io)).toBe(1);
    expect(cap.stdout()).toMatch(/^verdict: FAIL {2}1 of 1 threshold failed\n/);
  });

  it("exits 2 when a report is missing or is not a report", async () => {
    const head = await writeChatReport(dir, "head-2.json", latencies());
    const missing = captureIo();
    expect(await main(["compare", join(dir, "nope.json"), head], missing.io)).toBe(2);
    expect(missing.stderr()).toMatch(/^perf-gate: cannot read the report .*nope\.json/);
    const notReport = join(dir, "not-a-report.json");
    await writeFile(notReport, '{"version": 7}');
    const foreign = captureIo();
    expect(await main(["compare", notReport, head], foreign.io)).toBe(2);
    expect(foreign.stderr()).toContain("expected a perf-gate report with version 1, got version 7");
  });
});

describe("perf-gate run --baseline --markdown", () => {
  it("exits 1 on a regression of the budget's rules while every threshold passes", async () => {
    let delayMs = 2;
    const target = await startServer({ delayMs: () => delayMs });
    try {
      const budget = join(dir, "run-rules.yml");
      await writeFile(budget, RUN_RULES_YAML);
      const base = join(dir, "run-base.json");
      const first = captureIo();
      expect(await main(["run", budget, "--target", target.url, "--out", base, "-q"], first.io)).toBe(0);
      // Same endpoint and load, 20 times slower: beyond +50% and far outside the noise.
      delayMs = 40;
      const cap = captureIo();
      const argv = ["run", budget, "--target", target.url, "--out", join(dir, "run-head.json"), "--no-color"];
      const code = await main([...argv, "--baseline", base], cap.io);
      expect(code).toBe(1);
      expect(cap.stdout()).toMatch(/PASS\s+error_rate/);
      expect(cap.stdout()).toMatch(/REGRESSION\s+latency\.p50\s+\d+\.\d+ ms → \d+\.\d+ ms/);
      // The report.json, the terminal and the exit code say the same: the gate's FAIL, not the
      // thresholds' pass (report.json said "pass" here before the gate owned the verdict).
      expect(cap.stdout()).toMatch(/^verdict: FAIL {2}1 regression\n/);
      const written = JSON.parse(await readFile(join(dir, "run-head.json"), "utf8")) as Report;
      expect(written).toMatchObject({
        verdict: "fail",
        verdict_reason: "1 regression",
        thresholds_verdict: "pass",
      });
      expect(written.gate).toMatchObject({ regressions: 1, failed_checks: 0 });
    } finally {
      await target.close();
    }
  });

  it("a mistyped --baseline is an input error before the load, not after the whole run", async () => {
    const cap = captureIo({ CLI_CANARY: "canary-run-5e1f" });
    const before = server.stats.received;
    const argv = ["run", TWO, "--target", server.url, "-s", "health", "--out", join(dir, "never.json")];
    const code = await main([...argv, "--baseline", join(dir, "nope.json")], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr()).toMatch(/^perf-gate: --baseline .*nope\.json: no such file; pass the report\.json/);
    expect(server.stats.received).toBe(before);
  });

  it("an unreadable baseline is a warning: the thresholds still gate (exit 0) and the summary is written", async () => {
    const out = join(dir, "run.json");
    const md = join(dir, "run.md");
    const broken = join(dir, "broken.json");
    await writeFile(broken, "{ not json");
    const cap = captureIo({ CLI_CANARY: "canary-run-5e1f" });
    const argv = ["run", TWO, "--target", server.url, "-s", "health", "--out", out];
    const code = await main([...argv, "--baseline", broken, "--markdown", md], cap.io);
    expect(cap.stderr()).toMatch(/perf-gate: warning: baseline not used: .*broken\.json is not valid JSON/);
    expect(code, (JSON.parse(await readFile(out, "utf8")) as Report).verdict_reason).toBe(0);
    expect(cap.stdout()).toContain("regressions: not checked (no baseline)");
    const summary = await readFile(md, "utf8");
    expect(summary.split("\n")[0]).toBe("## ✅ perf-gate passed — 1 of 1 threshold held");
    expect(summary).toContain("baseline not used:");
    expect(summary).toContain("### ✅ health");
  });

  it("with the previous run as baseline: compares, shows the section and the chart of both", async () => {
    const base = join(dir, "run.json");
    const md = join(dir, "run2.md");
    const cap = captureIo({ CLI_CANARY: "canary-run-5e1f" });
    const argv = ["run", TWO, "--target", server.url, "-s", "health", "--out", join(dir, "run2.json")];
    const code = await main([...argv, "--baseline", base, "--markdown", md], cap.io);
    expect(code).toBe(0);
    expect(cap.stdout()).toContain(`regressions vs ${base}`);
    const summary = await readFile(md, "utf8");
    expect(summary).toContain(`**Baseline:** ${base}`);
    expect(summary).toContain("grey bars: baseline · blue line: this run");
  });
});
