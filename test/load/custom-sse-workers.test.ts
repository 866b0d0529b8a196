/**
 * `request.sse` in worker threads (`load.workers: 2`): each worker reads the budget file again
 * and compiles the sse paths itself, so the described stream is measured there as in the main
 * thread. Runs the built lib/ (workers load JavaScript), like test/load/workers.test.ts.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCustomSseServer } from "../fixtures/custom-sse-server.js";
import { type BuiltLib, importBuiltLib } from "./built-lib.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let dir: string;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  dir = await mkdtemp(join(tmpdir(), "perf-gate-sse-workers-"));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("request.sse in worker threads", () => {
  it("2 workers: ttft from the delta events (100 ms, not the opening event), output tokens exactly 10 from usage, the sse reading recorded", async () => {
    const server = await startCustomSseServer({
      firstTokenDelayMs: 100,
      chunks: 5,
      intervalMs: 10,
      outputTokens: 10,
    });
    try {
      const file = join(dir, "custom.yml");
      await writeFile(
        file,
        [
          "version: 1",
          `target: ${server.url}`,
          "scenarios:",
          "  - name: s",
          "    request:",
          "      method: POST",
          "      path: /generate",
          "      stream: sse",
          "      sse: { event: delta, text: $.delta.text, usage: $.usage.output_tokens, end: stop }",
          "    load: { rate: 20, duration: 2s, warmup: 500ms, connections: 8, workers: 2 }",
          "",
        ].join("\n"),
      );
      const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
      const s = outcome.measured.scenarios[0];
      expect(s?.load.workers).toBe(2);
      expect(s?.requests.failed).toBe(0);
      expect(s?.requests.total).toBe(40);
      expect(s?.ttft?.min).toBeGreaterThanOrEqual(100);
      // What this checks is which event is the first token (the opening event would read ~0 ms);
      // the 10 ms precision is the main-thread test's (2 threads + the server share 2 cores here).
      expect(s?.ttft?.p50).toBeLessThan(125);
      // 4 gaps per request between the 5 deltas: the pings between them are no tokens.
      expect(s?.itl?.count).toBe(4 * (s?.requests.ok ?? 0));
      expect(s?.stream?.output_tokens_source).toBe("usage");
      expect(s?.stream?.output_tokens_total).toBe(10 * (s?.requests.ok ?? 0));
      // How the stream was read is recorded for the gate, and ttfb once per ok request.
      expect(s?.stream?.sse).toEqual({
        event: ["delta"],
        text: "$.delta.text",
        usage: "$.usage.output_tokens",
        end: "stop",
      });
      expect(s?.ttfb?.count).toBe(s?.requests.ok);
    } finally {
      await server.close();
    }
  }, 30_000);
});
