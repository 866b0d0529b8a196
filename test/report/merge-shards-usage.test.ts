/**
 * Shards of a reasoning model's stream with prompt-cache counts, and of a non-streamed body read
 * for its usage, merged back through report files: every new count of the merge is the sum of the
 * shards', the distributions keep every request, and the merged report is a valid report.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import type { MeasuredReport, Report } from "../../src/report/types.js";
import { writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";
import { type LlmServer, startLlmServer } from "../fixtures/llm-usage-server.js";

let dir: string;
let servers: LlmServer[];
let shards: Report[];
let merged: MeasuredReport;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-merge-usage-"));
  const messages = await startLlmServer(
    {
      api: "anthropic",
      reasoningChunks: 3,
      answerChunks: 4,
      answerAtMs: 300,
      promptTokens: 10,
      cachedTokens: 24,
      cacheCreationTokens: 6,
    },
    {
      "/v1/chat/completions": {
        api: "json-chat",
        answerAtMs: 10,
        reasoningChunks: 5,
        answerChunks: 2,
        promptTokens: 50,
        cachedTokens: 25,
      },
    },
  );
  servers = [messages];
  const file = join(dir, "perf-budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${messages.url}`,
      "scenarios:",
      "  - name: messages",
      "    request: { method: POST, path: /v1/messages, stream: anthropic, json: { model: m, stream: true, max_tokens: 64, messages: [] } }",
      "    load: { rate: 10, connections: 8, duration: 1s, warmup: 0s }",
      "  - name: plain",
      "    request: { method: POST, path: /v1/chat/completions, json: { model: m, messages: [] } }",
      "    load: { rate: 10, connections: 4, duration: 1s, warmup: 0s }",
      "",
    ].join("\n"),
  );
  const budget = await loadBudget(file, { env: {} });
  const digest = await budgetDigest(file);
  const outcomes = await Promise.all(
    [0, 1].map((index) => runBudget(budget, { toolVersion: "0", part: { index, count: 2 } })),
  );
  shards = outcomes.map((o, i) =>
    judgeShard(o.measured, { budget, shard: { index: i + 1, count: 2 }, digest, notRun: [] }),
  );
  const files = shards.map((_, i) => join(dir, `s${i + 1}.json`));
  for (const [i, report] of shards.entries()) await writeReport(files[i] as string, report, []);
  ({ measured: merged } = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" }));
}, 60_000);

afterAll(async () => {
  await Promise.all((servers ?? []).map((s) => s.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

function scenario(report: Report | MeasuredReport, name: string) {
  const found = (report.scenarios as readonly MeasuredReport["scenarios"][number][]).find(
    (s) => s.name === name,
  );
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found;
}

const sum = (values: readonly (number | undefined)[]): number =>
  values.reduce<number>((a, v) => a + (v ?? 0), 0);

describe("merged shards of reasoning, prompt-cache and non-streamed usage counts", () => {
  it("sums the reasoning requests and the prompt-cache totals, and keeps the exact hit rate", () => {
    const s = scenario(merged, "messages");
    const parts = shards.map((r) => scenario(r, "messages"));
    expect(s.requests.ok).toBeGreaterThanOrEqual(8);
    expect(s.stream?.reasoning?.requests).toBe(s.requests.ok);
    expect(s.stream?.reasoning?.requests).toBe(sum(parts.map((p) => p.stream?.reasoning?.requests)));
    expect(s.stream?.reasoning?.estimated).toBe(s.requests.ok);
    expect(s.reasoning_tokens?.count).toBe(s.requests.ok);
    expect(s.ttfat?.count).toBe(sum(parts.map((p) => p.ttfat?.count)));
    // Anthropic's prompt is input + cache reads + cache writes: 10 + 24 + 6.
    expect(s.stream?.prompt_cache).toEqual({
      requests: s.requests.ok,
      prompt_tokens: 40 * s.requests.ok,
      cached_tokens: 24 * s.requests.ok,
    });
    expect(s.prompt_cache_hit_rate).toBe(0.6);
  });

  it("sums a non-streamed body's usage counts: tokens exact, reasoning from usage", () => {
    const s = scenario(merged, "plain");
    const parts = shards.map((r) => scenario(r, "plain"));
    expect(s.stream?.format).toBe("json");
    expect(s.stream?.requests_with_usage).toBe(s.requests.ok);
    expect(s.stream?.requests_without_usage).toBe(0);
    expect(s.stream?.output_tokens_total).toBe(sum(parts.map((p) => p.stream?.output_tokens_total)));
    expect(s.output_tokens?.p50).toBe(7);
    expect(s.reasoning_tokens?.p50).toBe(5);
    expect(s.answer_tokens?.p50).toBe(2);
    expect(s.ttft).toBeUndefined();
    expect(s.prompt_cache_hit_rate).toBe(0.5);
  });
});
