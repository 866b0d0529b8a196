import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { type Finished, runCli } from "../fixtures/cli-process.js";

const SLOW_MS = 400;

let dir: string;
const cli = (args: readonly string[]): Promise<Finished> => runCli(args, dir);
let server: Server;
let url: string;
const seen = { even: 0, odd: 0 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-shard-shortfall-"));
  server = createServer((req, res) => {
    const n = Number(new URL(req.url ?? "/", "http://x").searchParams.get("n"));
    if (n % 2 === 0) {
      seen.even++;
      res.end("ok");
      return;
    }
    seen.odd++;
    setTimeout(() => res.end("ok"), SLOW_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(
    join(dir, "b.yml"),
    [
      "version: 1",
      `target: ${url}`,
      "scenarios:",
      "  - name: a",
      '    request: { path: "/a?n={{ seq }}", timeout: 5s }',
      "    load: { rate: 40, connections: 4, duration: 2s, warmup: 0s }",
      "",
    ].join("\n"),
  );
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("merge of two shard processes where shard 2's share of the target is too slow for its connections", () => {
  it("is untrusted (exit 1), and the reasons name shard 2's shortfall", async () => {
    const [s1, s2] = await Promise.all(
      [1, 2].map((k) => cli(["run", "b.yml", "--shard", `${k}/2`, "--out", `s${k}.json`, "-q"])),
    );
    expect(s1?.code, s1?.stderr).toBe(0);
    expect(s2?.code, s2?.stderr).toBe(0);
    // The truth held: shard 2 met the slow half, shard 1 the fast one.
    expect(seen.odd).toBeGreaterThan(0);
    expect(seen.even).toBeGreaterThan(seen.odd);
    // Shard 2's 2 connections, each busy 400 ms a request, start at most 10 of its 40 arrivals in 2 s.
    const own = (JSON.parse(await readFile(join(dir, "s2.json"), "utf8")) as Report).scenarios[0];
    expect(own?.requests.total).toBeLessThanOrEqual(10);
    expect(own?.requests.total).toBeGreaterThanOrEqual(6);
    expect((own?.requests.total ?? 0) + (own?.requests.dropped ?? 0)).toBe(40);
    const res = await cli(["merge", "s1.json", "s2.json", "--out", "m.json"]);
    expect(res.code, res.stderr).toBe(1);
    const merged = JSON.parse(await readFile(join(dir, "m.json"), "utf8")) as Report;
    expect(merged.verdict).toBe("untrusted");
    expect(merged.verdict_reason).toMatch(/^"a" is untrusted: shard [12] of 2: /);
    const a = merged.scenarios[0];
    const shard2 = a?.untrusted_shards?.find((s) => s.index === 2);
    expect(shard2?.reasons.join("\n")).toMatch(/due arrivals were (dropped|still waiting)/);
    expect(a?.trust.reasons.some((r) => /^shard 2 of 2: .*due arrivals were/.test(r))).toBe(true);
  }, 30_000);
});
