/**
 * `perf-gate run --baseline-target URL` (issue 10 §1): the flag overrides the budget's
 * `baseline_target` the way --target overrides `target`, and the run then measures both side by
 * side. The budget's own baseline_target points at a port where nothing listens, so a report
 * with the baseline server's 20 ms latency can only come from the flag.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseCliArgs } from "../../src/cli/parse-args.js";
import { InputError } from "../../src/errors.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";

let baseline: TestServer;
let target: TestServer;
let dir: string;
beforeAll(async () => {
  [baseline, target] = await Promise.all([startServer({ delayMs: 20 }), startServer({ delayMs: 40 })]);
  dir = await mkdtemp(join(tmpdir(), "perf-gate-sbs-cli-"));
});
afterAll(async () => {
  await Promise.all([baseline.close(), target.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** Budget file `name`: the 40 ms server as target, `baselineTarget`, and scenario "api" with `lines`. */
async function writeBudget(name: string, baselineTarget: string, lines: readonly string[]): Promise<string> {
  const file = join(dir, name);
  const head = ["version: 1", `target: ${target.url}`, `baseline_target: ${baselineTarget}`, "scenarios:"];
  await writeFile(file, [...head, "  - name: api", ...lines, ""].join("\n"));
  return file;
}

describe("--baseline-target", () => {
  it("is parsed for run, and refused by compare", () => {
    const run = parseCliArgs(["run", "b.yml", "--baseline-target", "http://127.0.0.1:8081"]);
    expect(run).toMatchObject({ kind: "run", baselineTarget: "http://127.0.0.1:8081" });
    expect(parseCliArgs(["run"])).toMatchObject({ baselineTarget: undefined });
    expect(() => parseCliArgs(["compare", "a.json", "b.json", "--baseline-target", "http://h"])).toThrow(
      InputError,
    );
    expect(() => parseCliArgs(["run", "--baseline-target", " "])).toThrow(
      "--baseline-target needs a non-empty value",
    );
  });

  it("overrides the budget's baseline_target: the run measures the flag's server side by side", async () => {
    const budgetFile = await writeBudget("perf-budget.yml", "http://127.0.0.1:9", [
      "    load: { connections: 2, duration: 2s, round: 1s }",
    ]);
    const out = join(dir, "report.json");
    const before = baseline.stats.received;
    const cap = captureIo();
    const code = await main(["run", budgetFile, "--baseline-target", baseline.url, "-o", out, "-q"], cap.io);
    expect(cap.stderr()).toBe("");
    // 0, or 1 only when a busy machine makes the generator lag (the run is then untrusted).
    expect([0, 1]).toContain(code);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.side_by_side?.baseline_target).toBe(baseline.url);
    const a = report.side_by_side?.scenarios[0];
    expect(a?.request.url).toBe(`${baseline.url}/`);
    expect(a?.errors).toEqual({});
    expect(a?.latency.p50).toBeGreaterThanOrEqual(19.9);
    expect(a?.latency.p50).toBeLessThan(27);
    expect(report.scenarios[0]?.latency.p50).toBeGreaterThanOrEqual(39.9);
    // One block of four: A B B A or B A A B.
    expect(["ABBA", "BAAB"]).toContain(
      report.scenarios[0]?.rounds?.map((r) => (r.side === "baseline" ? "A" : "B")).join(""),
    );
    expect(baseline.stats.received - before).toBe((a?.requests.total ?? 0) + (a?.warmup_requests ?? 0));
  }, 15_000);

  it("a 20 → 40 ms target is a regression measured side by side, and compare redoes it from report.json alone", async () => {
    const budgetFile = await writeBudget("rules.yml", baseline.url, [
      "    load: { connections: 2, duration: 4s, round: 1s, untrusted: warn }",
      "    regression:",
      "      latency.p50: +10%",
    ]);
    const out = join(dir, "sbs-rules.json");
    const cap = captureIo();
    expect(await main(["run", budgetFile, "-o", out, "--no-color"], cap.io)).toBe(1);
    expect(cap.stdout()).toMatch(/^verdict: FAIL {2}1 regression\n/);
    expect(cap.stdout()).toContain("measured side by side, 4 rounds per side against");
    expect(cap.stdout()).toMatch(/REGRESSION\s+latency\.p50\s+2\d\.\d+ ms → 4\d\.\d+ ms/);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.gate).toMatchObject({ baseline_mode: "side_by_side", regressions: 1 });
    const again = captureIo();
    const code = await main(["compare", out, "--budget", budgetFile, "--no-color"], again.io);
    expect(code).toBe(1);
    expect(again.stdout()).toMatch(/^verdict: FAIL {2}1 regression\n/);
    expect(again.stdout()).toContain("measured side by side, 4 rounds per side against");
  }, 30_000);

  it("SIGINT mid-run: exits 130 and writes a report marked incomplete with both sides so far", async () => {
    const budgetFile = await writeBudget("long.yml", baseline.url, [
      "    load: { connections: 2, duration: 20s, round: 1s }",
    ]);
    const out = join(dir, "interrupted.json");
    const cap = captureIo();
    const running = main(["run", budgetFile, "-o", out, "-q"], cap.io);
    // 3.5 s in: round 0 (baseline: 1 s warm-up, 1 s measured) is whole, round 1 (target) is
    // in its measured second (after its own 1 s warm-up).
    await new Promise((resolve) => setTimeout(resolve, 3500));
    cap.sendSignal("SIGINT");
    expect(await running).toBe(130);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.incomplete).toBe(true);
    expect(report.verdict).toBe("incomplete");
    const rounds = report.scenarios[0]?.rounds ?? [];
    expect(rounds.length).toBeGreaterThanOrEqual(2);
    expect(rounds.length).toBeLessThan(40);
    expect(report.scenarios[0]?.incomplete).toBe(true);
    expect(report.side_by_side?.scenarios[0]?.incomplete).toBe(true);
    expect(report.scenarios[0]?.duration_ms).toBeLessThan(20_000);
  }, 15_000);
});
