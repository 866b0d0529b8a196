/**
 * `--shard k/N` and `merge` on the command line: what parses, and what is refused in one line
 * before any request is sent (each refusal is checked against a server that counts requests).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { parseCliArgs } from "../../src/cli/parse-args.js";
import { InputError } from "../../src/errors.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";

describe("--shard k/N", () => {
  it("reads shard 2 of 4", () => {
    expect(parseCliArgs(["run", "b.yml", "--shard", "2/4"])).toMatchObject({
      kind: "run",
      shard: { index: 2, count: 4 },
    });
  });

  it.each([
    ["0/2", /shards are numbered 1 to 2/],
    ["3/2", /shards are numbered 1 to 2/],
    ["a/b", /expected k\/N.*got "a\/b"$/],
    ["1/257", /N must be 1 to 256/],
    ["1/0", /N must be 1 to 256/],
    ["2", /expected k\/N/],
  ])("refuses %s in one line naming the flag", (value, message) => {
    const parse = () => parseCliArgs(["run", "--shard", value]);
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(/^--shard: /);
    expect(parse).toThrow(message);
  });

  it.each(["--baseline", "--markdown", "--fail-on"])("refuses %s with --shard: the merge gates", (flag) => {
    const value = flag === "--fail-on" ? "never" : "x.json";
    expect(() => parseCliArgs(["run", "--shard", "1/2", flag, value])).toThrow(
      new RegExp(`^${flag} with --shard: .*pass ${flag} to perf-gate merge`),
    );
  });

  it("reads merge's files and flags", () => {
    expect(
      parseCliArgs(["merge", "s1.json", "s2.json", "--out", "r.json", "--budget", "b.yml"]),
    ).toMatchObject({
      kind: "merge",
      shardFiles: ["s1.json", "s2.json"],
      outFile: "r.json",
      budgetFile: "b.yml",
      baselineFiles: [],
      failOn: "any",
    });
    expect(() => parseCliArgs(["merge"])).toThrow(/^'merge' needs the shards' reports/);
  });
});

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer({ delayMs: 1 });
  dir = await mkdtemp(join(tmpdir(), "perf-gate-shard-args-"));
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Writes a one-scenario budget with `load` and runs `run --shard 1/2` on it in-process. */
async function runShard(load: string, extra = ""): Promise<{ code: number; stderr: string }> {
  const file = join(dir, "budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${server.url}`,
      extra,
      "scenarios:",
      "  - name: items",
      "    request: { path: /items }",
      `    load: ${load}`,
      "",
    ].join("\n"),
  );
  const cap = captureIo();
  const code = await main(["run", file, "--shard", "1/2", "--out", join(dir, "r.json"), "-q"], cap.io);
  return { code, stderr: cap.stderr() };
}

describe("perf-gate run --shard refuses, before sending anything", () => {
  it.each([
    [
      "a closed model with fewer connections than shards",
      "{ connections: 1, duration: 1s }",
      "",
      /closed model with 1 connection cannot be split into 2 shards/,
    ],
    [
      "a capacity search",
      "{ connections: 4, capacity: { rate: { from: 10, to: 100 }, step: 1s, slo: { latency.p95: 50ms } } }",
      "",
      /--shard with load\.capacity: a capacity search cannot be sharded yet/,
    ],
    [
      "a side-by-side run",
      "{ rate: 10, connections: 2, duration: 1s }",
      "baseline_target: http://127.0.0.1:9",
      /--shard with baseline_target: /,
    ],
  ])("%s, in one line with exit 2", async (_what, load, extra, message) => {
    const before = server.stats.received;
    const { code, stderr } = await runShard(load, extra);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(server.stats.received).toBe(before);
  });
});
