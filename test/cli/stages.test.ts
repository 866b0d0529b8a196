/**
 * Issue 12's "ramp" scenario as written (only its durations shortened), through `perf-gate run`:
 * the stages come back by name, their thresholds are judged on their own requests, and the
 * terminal shows the stage table.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";

const ramp = (up: string, hold: string, spike: string) => [
  "  - name: ramp",
  "    load:",
  "      connections: 64",
  "      stages:",
  `        - { name: up, duration: ${up}, rate: 100 }      # 0 → 100/s over 5 s`,
  `        - { name: hold, duration: ${hold}, rate: 100 }`,
  `        - { name: spike, duration: ${spike}, rate: 300 }`,
  "    thresholds: { stages.hold.latency.p95: 200ms, error_rate: { limit: 5%, abort: true } }",
];

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer({ delayMs: 2 });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-stages-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the issue's ramp scenario", () => {
  it("parses as written: three named stages, 17 s in all, a 300/s peak", () => {
    const budget = parseBudget(
      ["version: 1", "target: http://127.0.0.1:8080", "scenarios:", ...ramp("5s", "10s", "2s"), ""].join(
        "\n",
      ),
      {
        file: "perf-budget.yml",
        env: {},
      },
    );
    const load = budget.scenarios[0]?.load;
    expect(load?.stages?.map((s) => [s.name, s.durationMs, s.ratePerSec])).toEqual([
      ["up", 5000, 100],
      ["hold", 10_000, 100],
      ["spike", 2000, 300],
    ]);
    expect(load).toMatchObject({ durationMs: 17_000, ratePerSec: 300, startRatePerSec: 0, connections: 64 });
    expect(budget.scenarios[0]?.thresholds.map((t) => t.metric)).toEqual([
      "stages.hold.latency.p95",
      "error_rate",
    ]);
  });

  it("runs shortened: per-stage blocks by name, the stage threshold judged, the stage table shown", async () => {
    const file = join(dir, "ramp.yml");
    await writeFile(
      file,
      ["version: 1", `target: ${server.url}`, "scenarios:", ...ramp("1s", "1s", "500ms"), ""].join("\n"),
    );
    const out = join(dir, "ramp.json");
    const cap = captureIo();
    const md = join(dir, "ramp.md");
    const code = await main(["run", file, "-o", out, "--markdown", md, "--no-color"], cap.io);
    expect([0, 1]).toContain(code);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    const stages = report.scenarios[0]?.stages ?? [];
    expect(stages.map((s) => [s.name, s.planned])).toEqual([
      ["up", { duration_ms: 1000, rate: 100 }],
      ["hold", { duration_ms: 1000, rate: 100 }],
      ["spike", { duration_ms: 500, rate: 300 }],
    ]);
    // Λ: 0 → 100/s over 1 s is 50 due; 100/s for 1 s, 100; 100 → 300/s over 0.5 s, 100.
    expect(stages.map((s) => s.requests.total)).toEqual([50, 100, 100]);
    const check = report.scenarios[0]?.checks.find((c) => c.metric === "stages.hold.latency.p95");
    expect(check?.actual).toBe(stages[1]?.latency.p95);
    expect(check?.pass).toBe(true);
    expect(cap.stdout()).toContain("3 stages: up → hold → spike");
    const markdown = await readFile(md, "utf8");
    expect(markdown).toContain("| stage | planned | requests |");
    // Latency over time, one point per second of the 2.5 s, each stage named where it starts.
    expect(markdown).toContain('title "ramp: latency over time (ms)"');
    expect(markdown).toContain('x-axis ["up 0s", "hold 1s", "spike 2s"]');
    expect(report.scenarios[0]?.timeline.map((p) => p.stage)).toEqual(["up", "hold", "spike"]);
  }, 20_000);

  it("the issue's ramp against a fast server is trusted and passes (exit 0): asked is the curve's 250, not 300/s × 2.5 s", async () => {
    const file = join(dir, "ramp-trust.yml");
    await writeFile(
      file,
      ["version: 1", `target: ${server.url}`, "scenarios:", ...ramp("1s", "1s", "500ms"), ""].join("\n"),
    );
    const out = join(dir, "ramp-trust.json");
    const cap = captureIo();
    const code = await main(["run", file, "-o", out, "--no-color"], cap.io);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(report.scenarios[0]?.trust).toEqual({ trusted: true, reasons: [], policy: "fail" });
    expect(code).toBe(0);
  }, 20_000);

  it("a stage the scenario does not have is a located error with did-you-mean", () => {
    const source = [
      "version: 1",
      "target: http://127.0.0.1:8080",
      "scenarios:",
      ...ramp("5s", "10s", "2s"),
      "",
    ]
      .join("\n")
      .replace("stages.hold.latency.p95", "stages.hodl.latency.p95");
    expect(() => parseBudget(source, { file: "perf-budget.yml", env: {} })).toThrow(
      /perf-budget\.yml:11:19 scenarios\[0\]\.thresholds\.stages\.hodl\.latency\.p95: no stage "hodl" in this scenario \(stages: up, hold, spike\); did you mean stages\.hold\.latency\.p95\?/,
    );
  });
});

describe("stages side by side", () => {
  it("run: each side goes through the whole shape in rounds and reports every stage as planned", async () => {
    const file = join(dir, "sbs.yml");
    await writeFile(
      file,
      [
        "version: 1",
        `target: ${server.url}`,
        `baseline_target: ${server.url}`,
        "scenarios:",
        ...ramp("1s", "1s", "1s"),
        "",
      ].join("\n"),
    );
    const out = join(dir, "sbs.json");
    const cap = captureIo();
    const code = await main(["run", file, "-o", out, "-q"], cap.io);
    // Before: refused in one line, exit 2 ("load.stages cannot run side by side … yet").
    expect(cap.stderr()).not.toContain("cannot run side by side");
    expect(code).not.toBe(2);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    const planned = [
      ["up", { duration_ms: 1000, rate: 100 }],
      ["hold", { duration_ms: 1000, rate: 100 }],
      ["spike", { duration_ms: 1000, rate: 300 }],
    ];
    for (const side of [report.scenarios[0], report.side_by_side?.scenarios[0]]) {
      expect(side?.stages?.map((s) => [s.name, s.planned])).toEqual(planned);
      expect(side?.stages?.map((s) => s.duration_ms)).toEqual([1000, 1000, 1000]);
      // Λ: 0 → 100/s over 1 s is 50 due; 100/s for 1 s, 100; 100 → 300/s over 1 s, 200 (± a round's rounding).
      const totals = side?.stages?.map((s) => s.requests.total) ?? [];
      for (const [i, want] of [50, 100, 200].entries())
        expect(Math.abs((totals[i] ?? 0) - want)).toBeLessThanOrEqual(3);
    }
    expect(report.scenarios[0]?.rounds?.length).toBeGreaterThanOrEqual(4);
  }, 20_000);
});
