/**
 * Shard merges of a `stream: sse` scenario, from shard reports built from engine results with
 * KNOWN counts (fixtures.ts) and written as `run --shard k/2` writes them: the merged ttfb holds
 * every shard's ok requests when one shard is a report from before phase timings (its ttfb was the
 * stream's, with no `body` block beside it), and the merged report keeps how the stream was read
 * (`stream.sse`), which the merge cannot rebuild without the budget.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import type { Budget } from "../../src/budget/types.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import { buildReport, buildScenarioReport } from "../../src/report/build-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { readReport, writeReport } from "../../src/report/write-report.js";
import { makeResult, range } from "./fixtures.js";

let dir: string;
let file: string;
let budget: Budget;
let digest: string;

const URL_ = "http://127.0.0.1:9";
const SSE = { event: ["delta"], text: "$.delta.text", usage: "$.usage.output_tokens", end: "stop" };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-merge-stream-"));
  file = join(dir, "perf-budget.yml");
  await writeFile(
    file,
    [
      "version: 1",
      `target: ${URL_}`,
      "scenarios:",
      "  - name: chat",
      "    request:",
      "      method: POST",
      "      path: /generate",
      "      stream: sse",
      "      sse: { event: delta, text: $.delta.text, usage: $.usage.output_tokens, end: stop }",
      "    load: { rate: 20, connections: 8, duration: 10s, warmup: 0s }",
      "",
    ].join("\n"),
  );
  budget = await loadBudget(file, { env: {} });
  digest = await budgetDigest(file);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Shard `index` of 2: 100 ok requests with ttfb 1…100 ms and body 10 ms each. `old` writes it as
 * a report from before phase timings and the sse record: no `body` block, no `stream.sse`.
 */
async function shardFile(index: number, old: boolean, tag: string): Promise<string> {
  const result = await makeResult({
    model: "open",
    latencyMs: range(11, 110),
    requests: { due: 100 },
    stream: { format: "sse", ttftMs: range(20, 119), outputTokens: Array(100).fill(10) },
    phases: { ttfbMs: range(1, 100), bodyMs: Array(100).fill(10) },
  });
  const scenario = budget.scenarios[0];
  if (scenario === undefined) throw new Error("no scenario");
  const block = buildScenarioReport(result, scenario, `${URL_}/generate`);
  const part = { ...block, load: { ...block.load, part: { index: index - 1, count: 2 } } };
  const measured = buildReport({
    budget,
    scenarios: [old ? asOld(part) : part],
    startedAt: new Date(Date.UTC(2025, 0, 1)),
    finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, 10)),
    incomplete: false,
    toolVersion: "0",
  });
  const report = judgeShard(measured, { budget, shard: { index, count: 2 }, digest, notRun: [] });
  const path = join(dir, `${tag}${index}.json`);
  await writeReport(path, report, []);
  return path;
}

/** `block` as a report from before phase timings and the sse record wrote it. */
function asOld(block: MeasuredScenario): MeasuredScenario {
  const { body: _body, stream, ...rest } = block;
  if (stream === undefined) throw new Error("no stream block");
  const { sse: _sse, ...oldStream } = stream;
  return { ...rest, stream: oldStream };
}

async function merge(old: readonly [boolean, boolean], tag: string) {
  const files = [await shardFile(1, old[0], tag), await shardFile(2, old[1], tag)];
  const merged = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" });
  const out = join(dir, `${tag}-merged.json`);
  const report = judgeShard(merged.measured, {
    budget,
    shard: { index: 1, count: 1 },
    digest,
    notRun: [],
  });
  await writeReport(out, report, []);
  return { chat: merged.measured.scenarios[0], out };
}

describe("merging shards of a stream: sse scenario", () => {
  it("counts every shard's ttfb when one is a report from before phase timings: 100 + 100 (was: the newer shard's 100 only)", async () => {
    const { chat } = await merge([true, false], "mixed");
    expect(chat?.requests.ok).toBe(200);
    expect(chat?.ttfb?.count).toBe(200);
    expect(chat?.ttfb?.min).toBe(1);
    expect(chat?.ttfb?.max).toBe(100);
    // The old shard measured no body: only the newer shard's requests are in it.
    expect(chat?.body?.count).toBe(100);
  });

  it("keeps how the stream was read (stream.sse) through the merge, and the merged report reads back", async () => {
    const { chat, out } = await merge([false, false], "new");
    expect(chat?.ttfb?.count).toBe(200);
    expect(chat?.stream?.sse).toEqual(SSE);
    const back = await readReport(out);
    expect(back.scenarios[0]?.stream?.sse).toEqual(SSE);
  });

  it("records no sse reading for a merge whose first shard has none (a report from before the record)", async () => {
    const { chat } = await merge([true, false], "first-old");
    expect(chat?.stream?.format).toBe("sse");
    expect(chat?.stream).not.toHaveProperty("sse");
  });
});
