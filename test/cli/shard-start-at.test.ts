import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { type Finished, runCli } from "../fixtures/cli-process.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

const _ROOT = join(import.meta.dirname, "../..");
/**
 * How far ahead the instant is: time for two processes (one spawning worker threads) to start and
 * read the budget. 1.5 s and 3 s were too little on a busy two-core machine (load average 4: a
 * process took 2.4 s to get ready, two worker threads were ready 0.4 s after a 3 s instant).
 */
const AHEAD_MS = 6000;
/** The processes are spawned this far apart, as two machines would start. */
const STAGGER_MS = 400;

let dir: string;
const cli = (args: readonly string[]): Promise<Finished> => runCli(args, dir);
let server: TestServer;

async function startedAt(file: string): Promise<number> {
  const report = JSON.parse(await readFile(join(dir, file), "utf8")) as Report;
  const at = report.scenarios[0]?.started_at_ms;
  if (at === undefined) throw new Error(`${file}: no started_at_ms`);
  return at;
}

beforeAll(async () => {
  // lib/ is built by the test run's global setup (test/build-lib.ts).
  dir = await mkdtemp(join(tmpdir(), "perf-gate-start-at-"));
  server = await startServer({ delayMs: 2 });
  await writeFile(
    join(dir, "b.yml"),
    [
      "version: 1",
      `target: ${server.url}`,
      "scenarios:",
      "  - name: items",
      "    request: { path: /items }",
      // No warm-up: the first request leaves at the instant itself. A busy machine may lag.
      "    load: { rate: 40, connections: 4, duration: 1s, warmup: 0s, untrusted: warn }",
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("perf-gate run --shard k/N --start-at", () => {
  it("starts two shards launched 400 ms apart at the one instant: started_at_ms within 50 ms of each other and of the instant (shard 1 in 2 worker threads)", async () => {
    const at = Date.now() + AHEAD_MS;
    const run = (k: number, ...more: string[]) =>
      cli(["run", "b.yml", "--shard", `${k}/2`, "--start-at", String(at), "--out", `s${k}.json`, ...more]);
    // Shard 1's worker threads start at the instant from their pool, shard 2's one thread by itself.
    const first = run(1, "--workers", "2");
    await sleep(STAGGER_MS);
    const [s1, s2] = await Promise.all([first, run(2)]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(s2.code, s2.stderr).toBe(0);
    expect(s1.stderr).toMatch(/^starting at \S+Z \(in \d+\.\d s\), with the other shards$/m);
    const [a, b] = await Promise.all([startedAt("s1.json"), startedAt("s2.json")]);
    expect(Math.abs(a - b)).toBeLessThan(50);
    expect(a - at).toBeGreaterThanOrEqual(0);
    expect(a - at).toBeLessThan(50);
    // Nothing reached the server before the instant (its clock is this process's: one machine).
    const firstWallMs = performance.timeOrigin + (server.stats.arrivalsMs[0] ?? 0);
    expect(firstWallMs).toBeGreaterThanOrEqual(at - 5);
    const merged = await cli(["merge", "s1.json", "s2.json", "--out", "m.json", "-q"]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).not.toMatch(/started .* apart/);
    // Every thread that generated the load: shard 1's two and shard 2's one.
    const m = JSON.parse(await readFile(join(dir, "m.json"), "utf8")) as Report;
    expect(m.scenarios[0]?.load.workers).toBe(3);
    expect(m.scenarios[0]?.requests.due).toBe(40);
  }, 30_000);

  it.each([
    ["an instant a minute past", () => String(Date.now() - 60_000), /that instant passed 6\d\.\d s ago/],
    ["an instant two hours ahead", () => String(Date.now() + 7_200_000), /that instant is 2\.0 h ahead/],
    ["an instant without a zone", () => "2026-12-01T21:30:00", /it has no zone/],
  ])("refuses %s with exit 2 and one line, before sending anything", async (_what, value, message) => {
    const before = server.stats.received;
    const res = await cli(["run", "b.yml", "--shard", "1/2", "--start-at", value(), "--out", "x.json"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^perf-gate: --start-at[ :]/);
    expect(res.stderr).toMatch(message);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(server.stats.received).toBe(before);
  });

  it("refuses a capacity search with --shard and --start-at in one line, without first saying it is starting", async () => {
    await writeFile(
      join(dir, "capacity.yml"),
      [
        "version: 1",
        `target: ${server.url}`,
        "scenarios:",
        "  - name: knee",
        "    request: { path: /knee }",
        "    load:",
        "      connections: 4",
        "      capacity: { rate: { from: 10, to: 40 }, step: 1s, slo: { latency.p95: 100ms } }",
        "",
      ].join("\n"),
    );
    const before = server.stats.received;
    const res = await cli([
      "run",
      "capacity.yml",
      "--shard",
      "1/2",
      "--start-at",
      String(Date.now() + 30_000),
      "--out",
      "x.json",
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).not.toMatch(/starting at/);
    expect(res.stderr).toMatch(/^perf-gate: capacity\.yml:4 scenario 'knee': --shard with load\.capacity: /);
    expect(res.stderr.trim().split("\n")).toHaveLength(1);
    expect(server.stats.received).toBe(before);
  });

  it("refuses --start-at without --shard, with exit 2", async () => {
    const res = await cli(["run", "b.yml", "--start-at", String(Date.now() + 5000), "--out", "x.json"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^perf-gate: --start-at without --shard: /);
  });
});
