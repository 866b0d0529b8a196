/**
 * Per-stage stream metrics through `perf-gate run` (issue 12 §1): a streamed load shape against a
 * loopback SSE server whose TTFT the test sets by arrival — 20 ms for the requests of stage
 * `calm`, 120 ms for those of `busy` — is judged stage by stage: `stages.busy.ttft.p95: 80ms`
 * fails, `stages.calm.ttft.p95: 80ms` passes, and the report read back carries each stage's ttft,
 * goodput and the timeline's stage marks.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { readReport } from "../../src/report/write-report.js";
import { type SseTestServer, startSseServer } from "../fixtures/sse-server.js";
import { captureIo } from "./cli-io.js";

let server: SseTestServer;
let dir: string;
beforeAll(async () => {
  const tail = { chunks: 3, intervalMs: 5, usage: true };
  // No warm-up and constant arrivals every 50 ms: the first 40 to arrive are the 40 due in calm.
  server = await startSseServer((index) => ({ ...tail, firstTokenDelayMs: index < 40 ? 20 : 120 }));
  dir = await mkdtemp(join(tmpdir(), "perf-gate-stage-stream-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("stage thresholds on stream metrics", () => {
  it("stages.busy.ttft.p95: 80ms fails and stages.calm.ttft.p95: 80ms passes, each on its own stage's ttft", async () => {
    const file = join(dir, "chat.yml");
    await writeFile(
      file,
      [
        "version: 1",
        `target: ${server.url}`,
        "scenarios:",
        "  - name: chat",
        "    request:",
        "      method: POST",
        "      path: /v1/chat/completions",
        "      json: { model: m, stream: true, messages: [{ role: user, content: hi }] }",
        "      stream: openai",
        "    slo: { ttft: 80ms }",
        "    load:",
        "      connections: 16",
        "      start_rate: 20",
        "      stages:",
        "        - { name: calm, duration: 2s, rate: 20 }",
        "        - { name: busy, duration: 2s, rate: 20 }",
        "    thresholds:",
        // 80 ms: far from both truths, so a busy machine's few late sends cannot flip calm's p95.
        "      stages.calm.ttft.p95: 80ms",
        "      stages.busy.ttft.p95: 80ms",
        "      stages.calm.goodput: '>= 15'",
        "",
      ].join("\n"),
    );
    const out = join(dir, "chat.json");
    const md = join(dir, "chat.md");
    const cap = captureIo();
    const code = await main(["run", file, "-o", out, "--markdown", md, "--no-color"], cap.io);
    expect(code).toBe(1);
    // Read back through the report schema, as a baseline would be.
    const report = await readReport(out);
    const s = report.scenarios[0];
    const check = (metric: string) => s?.checks.find((c) => c.metric === metric);
    expect(s?.checks.map((c) => [c.metric, c.pass])).toEqual([
      ["stages.calm.ttft.p95", true],
      ["stages.busy.ttft.p95", false],
      ["stages.calm.goodput", true],
    ]);
    const [calm, busy] = s?.stages ?? [];
    expect(Math.abs((calm?.ttft?.p50 ?? 0) - 20)).toBeLessThanOrEqual(10);
    expect(Math.abs((busy?.ttft?.p50 ?? 0) - 120)).toBeLessThanOrEqual(10);
    expect(check("stages.busy.ttft.p95")?.actual).toBe(busy?.ttft?.p95);
    // 40 good requests (ttft ≤ 80 ms) due in calm, completed in the window, over its 2 s: 20/s
    // (a send this machine delayed by 60 ms would cost 0.5/s); none in busy (ttft ≥ 120 ms).
    expect(calm?.goodput).toBeGreaterThanOrEqual(19);
    expect(calm?.goodput).toBeLessThanOrEqual(20);
    expect(busy?.goodput).toBe(0);
    expect(calm?.stream?.output_tokens_total).toBe(120);
    // 40 × 3 tokens, all completed inside the window, over calm's 2 s.
    expect(calm?.output_tps).toBe(60);
    expect(s?.timeline.map((p) => p.stage)).toEqual(["calm", "calm", "busy", "busy"]);
    const markdown = await readFile(md, "utf8");
    expect(markdown).toContain(
      "| stage | planned | requests | rps | error rate | p50 (ms) | p95 (ms) | p99 (ms) | ttft p95 (ms) |",
    );
    expect(markdown).toContain('x-axis ["calm 0s", "1s", "busy 2s", "3s"]');
  }, 30_000);
});
