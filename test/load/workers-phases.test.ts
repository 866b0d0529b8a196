/**
 * Phase timings across worker threads: a `load.workers: 2` run against an https server (a
 * certificate made here) carries connect, tls, ttfb and body through the worker codec and the
 * merge with exact counts. Worker threads load JavaScript, so this runs the built lib/ (built by
 * the test run's global setup, test/build-lib.ts), like test/load/workers.test.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listen } from "../fixtures/servers.js";
import { type BuiltLib, importBuiltLib } from "./built-lib.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let dir: string;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  dir = await mkdtemp(join(tmpdir(), "perf-gate-workers-phases-"));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("phase timings with workers", () => {
  it("load.workers: 2 over https with 4 connections: connect and tls count the 4 connections the server accepted, ttfb and body every ok request", async () => {
    execFileSync(
      "/usr/bin/openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ]),
      { stdio: "ignore" },
    );
    const tlsOptions = {
      key: await readFile(join(dir, "key.pem")),
      cert: await readFile(join(dir, "cert.pem")),
    };
    let accepted = 0;
    const server = createServer(tlsOptions, (req, res) => {
      req.resume();
      setTimeout(() => res.end("ok"), 10);
    });
    server.on("secureConnection", () => accepted++);
    const port = await listen(server);
    // Test only: trust the certificate made above. Worker threads copy process.env when they start.
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const file = join(dir, "b.yml");
      await writeFile(
        file,
        [
          "version: 1",
          `target: https://127.0.0.1:${port}`,
          "scenarios:",
          "  - name: s",
          "    request: { path: / }",
          "    load: { connections: 4, duration: 1s, warmup: 200ms, workers: 2 }",
          "",
        ].join("\n"),
      );
      const budget = await loadBudget(file, { env: {} });
      const outcome = await runBudget(budget, { toolVersion: "test" });
      const s = outcome.measured.scenarios[0];
      if (s === undefined) throw new Error("no scenario measured");
      expect(s.load.workers).toBe(2);
      expect(accepted).toBe(4);
      expect(s.connect?.count).toBe(4);
      expect(s.tls?.count).toBe(4);
      expect(s.tls?.min).toBeGreaterThan(0);
      expect(s.requests.ok).toBeGreaterThan(20);
      expect(s.ttfb?.count).toBe(s.requests.ok);
      expect(s.body?.count).toBe(s.requests.ok);
      // ttfb holds the server's 10 ms; each block keeps its exact histogram for later merges.
      expect(s.ttfb?.p50).toBeGreaterThanOrEqual(10);
      expect(s.ttfb?.hdr).toEqual(expect.any(String));
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
