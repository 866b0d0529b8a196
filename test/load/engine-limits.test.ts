import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ScenarioResult } from "../../src/metrics/types.js";
import { listen, startServer } from "../fixtures/servers.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan } from "./plan.js";

const h = useEngineHarness();

/** The open model's books balance: every due arrival sent (or expired in the queue) or dropped. */
function expectBalanced(r: ScenarioResult): void {
  const q = r.requests;
  expect(q.dropped).toBe(q.droppedQueueFull + q.droppedAtEnd);
  expect(q.total + q.dropped).toBe(q.due);
}

describe("an absurd rate (the budget refuses it; the engine must survive it anyway)", () => {
  it("answers a stop within ~1 s at rate 1e8: it used to spin at 100 % CPU and ignore SIGINT/SIGTERM", async () => {
    const server = h.serve(await startServer());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const r = await h.run(makePlan(server.url, { ratePerSec: 1e8, connections: 4, durationMs: 10_000 }), {
      signal: controller.signal,
    });
    expect(performance.now() - started).toBeLessThan(1300);
    expect(r.incomplete).toBe(true);
    expectBalanced(r);
    // Due: the schedule's arrivals before the stop, 1e5 per ms of the measured phase (±1 at the edge).
    expect(Math.abs((r.requests.due ?? 0) - r.measuredDurationMs * 1e5)).toBeLessThanOrEqual(1);
    expect(r.requests.droppedQueueFull).toBeGreaterThan(0.9 * (r.requests.due ?? 0));
    expect(r.requests.total).toBeGreaterThan(0);
  });

  it("answers a stop within ~1 s at rate 1e12, counting 3e11 due arrivals without iterating them", async () => {
    const server = h.serve(await startServer());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const r = await h.run(makePlan(server.url, { ratePerSec: 1e12, connections: 4, durationMs: 10_000 }), {
      signal: controller.signal,
    });
    expect(performance.now() - started).toBeLessThan(1300);
    expectBalanced(r);
    expect(Math.abs((r.requests.due ?? 0) / (r.measuredDurationMs * 1e9) - 1)).toBeLessThan(1e-6);
  });

  it("a Poisson schedule at 1e8 stops within ~1 s too (the rest of its arrivals drawn, not looped over)", async () => {
    const server = h.serve(await startServer());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    const r = await h.run(
      makePlan(server.url, { ratePerSec: 1e8, arrival: "poisson", connections: 4, durationMs: 10_000 }),
      { signal: controller.signal },
    );
    expect(performance.now() - started).toBeLessThan(1300);
    expectBalanced(r);
    // A Poisson count over ~0.3 s at 1e8/s: σ ≈ 5,500 of 3e7; 1 % is far beyond chance.
    expect(Math.abs((r.requests.due ?? 0) / (r.measuredDurationMs * 1e5) - 1)).toBeLessThan(0.01);
  });

  it("never holds the event loop for more than a few ms while it runs at 1e8/s (a timer keeps ticking)", async () => {
    const server = h.serve(await startServer());
    let last = performance.now();
    let worstGapMs = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGapMs = Math.max(worstGapMs, now - last);
      last = now;
    }, 5);
    let r: ScenarioResult;
    try {
      r = await h.run(makePlan(server.url, { ratePerSec: 1e8, connections: 4, durationMs: 1000 }));
    } finally {
      clearInterval(ticker);
    }
    // A 5 ms timer on a shared 2-core machine: gaps under 50 ms mean no long blocking stretch.
    expect(worstGapMs).toBeLessThan(50);
    // The planned end: exactly the schedule's 1e8 arrivals of the second, every one accounted for.
    expect(r.requests.due).toBe(100_000_000);
    expectBalanced(r);
  });
});

describe("the generator's own failures", () => {
  it("calls EMFILE a client_error with the errno and the fix (it was errors.other with no message)", async () => {
    const server = h.serve(await startServer());
    const child = fileURLToPath(new URL("./child/run-closed.ts", import.meta.url));
    const hooks = fileURLToPath(new URL("./child/ts-hooks.mjs", import.meta.url));
    // 200 connections under a limit of 64 descriptors: most connections cannot even get a socket.
    const out = await new Promise<string>((resolve, reject) => {
      const p = spawn(
        "bash",
        [
          "-c",
          'ulimit -n 64 && exec "$0" "$@"',
          process.execPath,
          "--experimental-transform-types",
          "--no-warnings",
          "--import",
          hooks,
          child,
          server.url,
          "200",
          "500",
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => {
        stdout += d;
      });
      p.stderr.on("data", (d) => {
        stderr += d;
      });
      p.on("error", reject);
      p.on("close", (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`child exited ${code}: ${stderr}`)),
      );
    });
    const r = JSON.parse(out.trim().split("\n").at(-1) as string) as Pick<
      ScenarioResult,
      "requests" | "errors" | "errorSamples"
    >;
    expect(r.errors.client_error ?? 0).toBeGreaterThan(0);
    expect(r.errors.other).toBeUndefined();
    const sample = r.errorSamples.find((s) => s.kind === "client_error");
    expect(sample?.code).toBe("EMFILE");
    expect(sample?.message).toContain(
      "too many open files (EMFILE): raise the file-descriptor limit (ulimit -n) or lower connections",
    );
  }, 20_000);

  it("is lagged when a handler blocks the loop for ~1 s (it reported healthy when the monitor got no sample)", async () => {
    // The server lives in this process: a handler that busy-waits blocks the generator's loop.
    let first = true;
    const server = createServer((req, res) => {
      req.resume();
      if (first) {
        first = false;
        const until = performance.now() + 1000;
        while (performance.now() < until) {
          // blocked, as a generator too busy to read its sockets would be
        }
      }
      res.end("ok");
    });
    const port = await listen(server);
    h.serve({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
    server.on("connection", (s) => s.unref());
    const r = await h.run(makePlan(`http://127.0.0.1:${port}`, { connections: 1, durationMs: 1000 }));
    expect(r.generator.lagged).toBe(true);
    // The one stall of ~1 s is the largest delay, and among so few samples it is the p99 too.
    expect(r.generator.eventLoopDelayMaxMs).toBeGreaterThan(900);
    expect(r.generator.eventLoopDelayMaxMs).toBeLessThan(1500);
    expect(r.generator.eventLoopDelayP99Ms).toBeGreaterThan(900);
  });
});
