/**
 * `load.workers` stopped, and capacity steps run in workers, against loopback servers whose
 * behaviour the test sets. Like workers.test.ts, these run the built lib/ (its worker threads load
 * JavaScript), built once by the test run's global setup.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltLib, importBuiltLib } from "./built-lib.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let dir: string;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  dir = await mkdtemp(join(tmpdir(), "perf-gate-workers-stop-"));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A server whose `POST /token` answers `{"token":…}` after `tokenDelayMs`; every other path at once, counted. */
async function tokenServer(
  tokenDelayMs: number,
): Promise<{ url: string; load: () => number; close(): Promise<void> }> {
  let load = 0;
  const server: Server = createServer((req, res) => {
    if (req.url === "/token") {
      setTimeout(() => {
        res.setHeader("content-type", "application/json");
        res.end('{"token":"tok-0123456789abcdef"}');
      }, tokenDelayMs);
      return;
    }
    load++;
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    load: () => load,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("a stop before the workers start", () => {
  it("a stop during the setup request stops the workers too: no load sent, the run incomplete, not a 10 s pass", async () => {
    const server = await tokenServer(1500);
    try {
      const file = join(dir, "setup-stop.yml");
      await writeFile(
        file,
        [
          "version: 1",
          `target: ${server.url}`,
          "scenarios:",
          "  - name: s",
          "    setup:",
          "      request: { method: POST, path: /token }",
          '      capture: { token: { json: "$.token" } }',
          '    request: { path: /x, headers: { authorization: "Bearer {{ setup.token }}" } }',
          "    load: { rate: 50, duration: 10s, connections: 4, workers: 2 }",
          "",
        ].join("\n"),
      );
      const budget = await loadBudget(file, { env: {} });
      const stop = new AbortController();
      // The stop lands while the setup request waits for its 1.5 s answer: before the threads exist.
      setTimeout(() => stop.abort(), 300);
      const startedAt = Date.now();
      const outcome = await runBudget(budget, { toolVersion: "test", signal: stop.signal });
      expect(Date.now() - startedAt).toBeLessThan(7000);
      expect(outcome.measured.incomplete).toBe(true);
      expect(outcome.measured.scenarios[0]?.incomplete).toBe(true);
      expect(server.load()).toBe(0);
      expect(outcome.measured.scenarios[0]?.requests.total ?? 0).toBe(0);
    } finally {
      await server.close();
    }
  }, 30_000);
});
