/**
 * `perf-gate compare --budget`: the budget's `regression:` rules decide, over real reports built
 * from histograms with known values (10..30 ms vs the same × 1.5, p95 29 → 43.5 ms).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "./cli-io.js";
import { latencies, writeChatReport } from "./report-files.js";

/** A budget with a regression rule for "chat", as `compare --budget` reads it. */
const RULES_YAML = `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: chat
    load: { connections: 4, duration: 10s }
    thresholds:
      latency.p95: 100ms
    regression:
      latency.p95: +10%
`;

let dir: string;
let budget: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-rules-"));
  budget = join(dir, "rules.yml");
  await writeFile(budget, RULES_YAML);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("perf-gate compare --budget", () => {
  it("exits 1 on a regression beyond tolerance and noise, with the rule's row in both outputs", async () => {
    const base = await writeChatReport(dir, "base-r.json", latencies());
    const head = await writeChatReport(dir, "head-r.json", latencies(1.5));
    const md = join(dir, "regression.md");
    const cap = captureIo();
    const code = await main(
      ["compare", base, head, "--budget", budget, "--markdown", md, "--no-color"],
      cap.io,
    );
    expect(cap.stderr()).toBe(`markdown summary written to ${md}\n`);
    expect(code).toBe(1);
    const row =
      cap
        .stdout()
        .split("\n")
        .find((l) => l.includes("REGRESSION")) ?? "";
    expect(row).toMatch(
      /REGRESSION\s+latency\.p95\s+29\.\d+ ms → 43\.\d+ ms\s+\+14\.\d+ ms \(\+50\.\d %\)\s+95 % CI/,
    );
    expect(row).toContain("rule +10 %");
    expect(cap.stdout()).toMatch(/^verdict: FAIL {2}1 regression\n/);
    const summary = await readFile(md, "utf8");
    expect(summary.split("\n")[0]).toBe("## ❌ perf-gate failed — 1 regression");
    expect(summary).toMatch(
      /\| `latency\.p95` \| 29\.\d+ ms \| 43\.\d+ ms \| \+14\.\d+ ms \(\+50\.\d %\)<br>95 % CI .* \| vs baseline `\+10 %` \| 🔺 regression \|/,
    );
  });

  it("exits 0 when the same rules find no regression", async () => {
    const base = await writeChatReport(dir, "base-same.json", latencies());
    const head = await writeChatReport(dir, "head-same.json", latencies());
    const cap = captureIo();
    expect(await main(["compare", base, head, "--budget", budget], cap.io)).toBe(0);
    expect(cap.stdout()).toMatch(/PASS\s+latency\.p95/);
  });
});
