/**
 * A shard stopped by an `abort: true` threshold leaves its later scenarios not run. The truth: a
 * loopback server that fails every even-numbered iteration (`seq` is global, so those are all
 * shard 1's of 2) and answers the rest: shard 1 aborts scenario `a` and never starts `b`, shard 2
 * runs both. One process would fail with the abort's reason; the merge must fail the same way
 * (exit 1, `b` not run), not refuse the shards as "different scenarios" (exit 2, no verdict).
 */

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeRun, thresholdsOf } from "../../src/judge-run.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import { writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";

let dir: string;
let server: Server;
let url: string;
const seen = { even: 0, odd: 0, b: 0 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-merge-aborted-"));
  server = createServer((req, res) => {
    const n = Number(new URL(req.url ?? "/", "http://x").searchParams.get("n"));
    if (req.url?.startsWith("/b")) seen.b++;
    else if (n % 2 === 0) seen.even++;
    else seen.odd++;
    res.statusCode = req.url?.startsWith("/a") && n % 2 === 0 ? 500 : 200;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("merge of shards where one shard aborted a scenario", () => {
  it("fails with the abort's reason and lists the never-started scenario as not run (not a refusal of the shards)", async () => {
    const file = join(dir, "perf-budget.yml");
    await writeFile(
      file,
      [
        "version: 1",
        `target: ${url}`,
        "scenarios:",
        "  - name: a",
        '    request: { path: "/a?n={{ seq }}" }',
        "    load: { rate: 100, connections: 4, duration: 3s }",
        "    thresholds: { error_rate: { limit: 5%, abort: true } }",
        "  - name: b",
        '    request: { path: "/b?n={{ seq }}" }',
        "    load: { rate: 20, connections: 2, duration: 500ms }",
        "",
      ].join("\n"),
    );
    const budget = await loadBudget(file, { env: {} });
    const digest = await budgetDigest(file);
    const outcomes = await Promise.all(
      [0, 1].map((index) => runBudget(budget, { toolVersion: "0", part: { index, count: 2 } })),
    );
    const files: string[] = [];
    for (const [i, o] of outcomes.entries()) {
      const report = judgeShard(o.measured, {
        budget,
        shard: { index: i + 1, count: 2 },
        digest,
        notRun: o.notRun,
      });
      files.push(join(dir, `s${i + 1}.json`));
      await writeReport(files[i] as string, report, []);
    }
    // The truth: shard 1 got only 500s on `a` and stopped; shard 2 ran `a` to its end, then `b`.
    expect(outcomes[0]?.measured.scenarios.map((s) => s.name)).toEqual(["a"]);
    expect(outcomes[0]?.measured.scenarios[0]?.aborted).toBeDefined();
    expect(outcomes[1]?.measured.scenarios.map((s) => s.name)).toEqual(["a", "b"]);
    expect(seen.b).toBeGreaterThan(0);

    const merged = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" });
    expect(merged.measured.scenarios.map((s) => s.name)).toEqual(["a"]);
    expect(merged.notRun.map((n) => n.name)).toEqual(["b"]);
    const { report } = judgeRun(merged.measured, {
      thresholds: thresholdsOf(budget),
      rules: new Map(),
      baseline: null,
      baselineSource: null,
      failOn: "any",
      notRun: merged.notRun,
    });
    expect(report.verdict).toBe("fail");
    expect(report.verdict_reason).toMatch(/^aborted at .* \(scenario "a"\)$/);
    expect(report.not_run.map((n) => n.name)).toEqual(["b"]);
    // The merged `a` holds both shards' requests: the server's count of them.
    const a = merged.measured.scenarios[0];
    expect((a?.requests.total ?? 0) + (a?.warmup_requests ?? 0)).toBe(seen.even + seen.odd);
  }, 15_000);
});
