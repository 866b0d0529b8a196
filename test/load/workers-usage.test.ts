/**
 * `load.workers: 2` on the counters and histograms added for reasoning models, prompt caches and
 * non-streamed usage: every worker's share survives the worker codec and the merge exactly. Like
 * workers.test.ts, this runs the built lib/ (worker threads load JavaScript, not .ts sources).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MeasuredScenario } from "../../src/report/types.js";
import { type LlmScript, startLlmServer } from "../fixtures/llm-usage-server.js";
import { type BuiltLib, importBuiltLib } from "./built-lib.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let dir: string;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  dir = await mkdtemp(join(tmpdir(), "perf-gate-workers-usage-"));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function measure(script: LlmScript, request: string): Promise<MeasuredScenario> {
  const server = await startLlmServer(script);
  try {
    const file = join(dir, `${script.api}.yml`);
    const lines = [
      "version: 1",
      `target: ${server.url}`,
      "scenarios:",
      "  - name: s",
      `    request: ${request}`,
      "    load: { rate: 10, duration: 1s, connections: 12, workers: 2, warmup: 0s }",
      "",
    ];
    await writeFile(file, lines.join("\n"));
    const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
    const s = outcome.measured.scenarios[0];
    if (s === undefined) throw new Error("no scenario measured");
    return s;
  } finally {
    await server.close();
  }
}

describe("workers carry reasoning, prompt-cache and usage counts", () => {
  it("a reasoning chat stream in 2 workers: ttfat, reasoning / answer tokens and cache totals summed exactly", async () => {
    const s = await measure(
      {
        api: "chat",
        reasoningChunks: 3,
        answerChunks: 4,
        promptTokens: 40,
        cachedTokens: 30,
        answerAtMs: 400,
      },
      "{ method: POST, path: /v1/chat/completions, stream: openai, json: { model: m, stream: true, messages: [] } }",
    );
    const ok = s.requests.ok;
    expect(s.load.workers).toBe(2);
    expect(ok).toBeGreaterThanOrEqual(8);
    expect(s.stream?.reasoning).toEqual({ requests: ok, estimated: 0 });
    expect(s.reasoning_tokens?.count).toBe(ok);
    expect(s.reasoning_tokens?.p50).toBe(3);
    expect(s.answer_tokens?.p50).toBe(4);
    expect(s.ttfat?.count).toBe(ok);
    expect(s.ttfat?.p50).toBeGreaterThanOrEqual(400);
    expect(s.stream?.prompt_cache).toEqual({ requests: ok, prompt_tokens: 40 * ok, cached_tokens: 30 * ok });
    expect(s.prompt_cache_hit_rate).toBe(0.75);
  }, 60_000);

  it("a non-streamed body in 2 workers: usage counts and requests without usage summed exactly", async () => {
    const s = await measure(
      { api: "json-none", answerAtMs: 10 },
      "{ method: POST, path: /v1/chat/completions, json: { model: m, messages: [] } }",
    );
    expect(s.load.workers).toBe(2);
    expect(s.requests.ok).toBeGreaterThanOrEqual(8);
    expect(s.stream?.format).toBe("json");
    expect(s.stream?.requests_without_usage).toBe(s.requests.ok);
    expect(s.stream?.requests_with_usage).toBe(0);
  }, 60_000);
});
