/**
 * A scenario run's worker threads are started once and reused by its rounds and steps
 * (load/worker-pool.ts `openWorkerPool`): how many threads start, that a job's `start` and `stop`
 * reach that job only (its nonce), that a thread dead between runs fails the next one at once,
 * and that a pool serving a hundred runs holds the listeners of one. The pool tests run the built
 * lib/ (a worker thread loads JavaScript); the nonce test runs the worker side in this thread.
 */
import { getEventListeners, once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageChannel } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Budget } from "../../src/budget/types.js";
import { decodeResult } from "../../src/load/worker-codec.js";
import { serveWorker } from "../../src/load/worker-entry.js";
import type * as WorkerPoolModule from "../../src/load/worker-pool.js";
import { type FromWorker, WORKER_KIND, type WorkerJob } from "../../src/load/worker-protocol.js";
import type * as DestroyModule from "../../src/metrics/destroy-result.js";
import { destroyResult } from "../../src/metrics/destroy-result.js";
import type { ScenarioResult } from "../../src/metrics/types.js";
import { type BuiltLib, builtModule, importBuiltLib } from "./built-lib.js";
import { spyWorkers } from "./worker-spy.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let pools: typeof WorkerPoolModule;
let destroyBuilt: typeof DestroyModule.destroyResult;
let dir: string;
let budgets = 0;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  pools = (await import(builtModule("load/worker-pool.js"))) as typeof WorkerPoolModule;
  destroyBuilt = ((await import(builtModule("metrics/destroy-result.js"))) as typeof DestroyModule)
    .destroyResult;
  dir = await mkdtemp(join(tmpdir(), "perf-gate-reuse-"));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A server that records every request's path and answers `statusOf(path)` after 2 ms. */
async function pathServer(
  statusOf: (path: string) => number = () => 200,
): Promise<{ url: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? "");
    setTimeout(() => {
      res.statusCode = statusOf(req.url ?? "");
      res.end("ok");
    }, 2);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, paths, close };
}

/** Writes a budget (its lines) and reads it back as the CLI does. */
async function budgetOf(lines: readonly string[]): Promise<Budget> {
  const file = join(dir, `b${budgets++}.yml`);
  await writeFile(file, [...lines, ""].join("\n"));
  return loadBudget(file, { env: {} });
}

/** A one-scenario budget (`s`) against `target`: its scenario lines, indented under `- name: s`. */
function oneScenario(target: string, lines: readonly string[]): Promise<Budget> {
  return budgetOf(["version: 1", `target: ${target}`, "scenarios:", "  - name: s", ...lines]);
}

/** The pool run of the budget's scenario `s` in 2 workers, with `durationMs` in place of its own. */
function runOf(budget: Budget, durationMs?: number): WorkerPoolModule.WorkersRun {
  const scenario = budget.scenarios[0];
  if (budget.origin === undefined || scenario === undefined) throw new Error("no budget file");
  return {
    origin: budget.origin,
    scenario: "s",
    count: 2,
    plannedMs: (durationMs ?? scenario.load.durationMs) + 5000,
    ...(durationMs === undefined ? {} : { load: { ...scenario.load, durationMs } }),
  };
}

/** Sequence numbers seen at a server (paths `/x/{{ seq }}`), sorted. */
function seqs(paths: readonly string[]): number[] {
  return paths.map((p) => Number(p.split("/")[2])).sort((a, b) => a - b);
}

describe("a scenario run's threads are started once", () => {
  it("a side-by-side run in 2 workers with 4 rounds per side starts 2 threads in all, not 16 (was: 2 per round): each side's schedule and {{ seq }} stay exact", async () => {
    const [target, baseline] = [await pathServer(), await pathServer()];
    try {
      const budget = await budgetOf([
        "version: 1",
        `target: ${target.url}`,
        `baseline_target: ${baseline.url}`,
        "scenarios:",
        "  - name: s",
        '    request: { path: "/seq/{{ seq }}" }',
        "    load: { rate: 50, duration: 4s, round: 1s, warmup: 0s, connections: 4, workers: 2 }",
      ]);
      const before = pools.workerThreadsStarted();
      const outcome = await runBudget(budget, { toolVersion: "test" });
      expect(pools.workerThreadsStarted() - before).toBe(2);
      const head = outcome.measured.scenarios[0];
      const base = outcome.measured.side_by_side?.scenarios[0];
      expect(head?.rounds?.length).toBe(8);
      expect(head?.load.workers).toBe(2);
      // 50/s for 4 s on each side, in 4 rounds of 1 s, as one thread's run.
      expect(head?.requests.due).toBe(200);
      expect(base?.requests.due).toBe(200);
      expect(head?.requests.total).toBe(200);
      // Each worker's count went on from round to round on its side (each round's own warm-up
      // arrivals included): no number twice, none skipped. (Every round's warm-up and window
      // are an even count at 50/s, so the two workers' counts stay level.)
      for (const server of [target, baseline]) {
        expect(server.paths.length).toBeGreaterThanOrEqual(200);
        expect(seqs(server.paths)).toEqual(Array.from({ length: server.paths.length }, (_, i) => i));
      }
    } finally {
      await Promise.all([target.close(), baseline.close()]);
    }
  }, 60_000);
});

describe("a pool's runs are apart", () => {
  it("a run that ended by one part's abort does not stop the pool's next run: it runs its whole schedule", async () => {
    // Odd iterations fail: worker 2 of 2 breaches error_rate and stops worker 1 too.
    const server = await pathServer((path) => (Number(path.split("/")[2]) % 2 === 1 ? 500 : 200));
    const pool = pools.openWorkerPool(2);
    try {
      const budget = await oneScenario(server.url, [
        '    request: { path: "/half/{{ seq }}" }',
        "    load: { rate: 100, duration: 20s, warmup: 0s, connections: 8, workers: 2 }",
        "    thresholds:",
        "      error_rate: { limit: 5%, abort: true }",
      ]);
      const abortOn = budget.scenarios[0]?.thresholds ?? [];
      const first = await pool.run(runOf(budget), { abortOn });
      expect(first.aborted?.metric).toBe("error_rate");
      destroyBuilt(first);
      server.paths.length = 0;
      // The next run watches nothing: a stop left over from the abort would cut it short.
      const next = await pool.run(runOf(budget, 600));
      expect(next.incomplete).toBe(false);
      expect(next.aborted).toBeUndefined();
      expect(next.requests.due).toBe(60);
      expect(next.requests.total).toBe(60);
      expect(server.paths.length).toBe(60);
      destroyBuilt(next);
    } finally {
      await pool.close();
      await server.close();
    }
  }, 60_000);

  it("a worker ignores a start or stop of another job: a late stop of job 1 posted during job 2 leaves job 2 whole", async () => {
    const server = await pathServer();
    const { port1, port2 } = new MessageChannel();
    const inbox: FromWorker[] = [];
    let arrived: () => void = () => {};
    port2.on("message", (message: FromWorker) => {
      inbox.push(message);
      arrived();
    });
    const next = async (type: FromWorker["type"]): Promise<FromWorker> => {
      for (;;) {
        const index = inbox.findIndex((m) => m.type === type || m.type === "failed");
        if (index >= 0) return inbox.splice(index, 1)[0] as FromWorker;
        await new Promise<void>((resolve) => {
          arrived = resolve;
        });
      }
    };
    const resultOf = (message: FromWorker): ScenarioResult => {
      if (message.type !== "result") throw new Error(JSON.stringify(message));
      return decodeResult(message.result);
    };
    try {
      const budget = await oneScenario(server.url, [
        '    request: { path: "/one/{{ seq }}" }',
        "    load: { rate: 50, duration: 600ms, warmup: 0s, connections: 2 }",
      ]);
      const job = (nonce: string): WorkerJob => ({
        kind: WORKER_KIND,
        origin: budget.origin as NonNullable<Budget["origin"]>,
        scenario: "s",
        part: { index: 0, count: 1 },
        nonce,
        watchAbort: false,
      });
      serveWorker(job("aaaaaa"), port1 as unknown as Parameters<typeof serveWorker>[1]);
      await next("ready");
      port2.postMessage({ type: "start", nonce: "aaaaaa", t0WallMs: Date.now() + 20 });
      const first = resultOf(await next("result"));
      expect(first.requests.total).toBe(30);
      destroyResult(first);
      port2.postMessage({ type: "job", nonce: "bbbbbb", job: job("bbbbbb") });
      await next("ready");
      // Job 1's start and stop, late: neither may start or stop job 2.
      port2.postMessage({ type: "start", nonce: "aaaaaa", t0WallMs: Date.now() });
      port2.postMessage({ type: "stop", nonce: "aaaaaa" });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(inbox).toEqual([]);
      port2.postMessage({ type: "start", nonce: "bbbbbb", t0WallMs: Date.now() + 20 });
      setTimeout(() => port2.postMessage({ type: "stop", nonce: "aaaaaa" }), 200);
      const second = resultOf(await next("result"));
      expect(second.incomplete).toBe(false);
      expect(second.requests.due).toBe(30);
      expect(second.requests.total).toBe(30);
      destroyResult(second);
      // Its own stop still stops it: job 3 stopped 200 ms into its 600 ms.
      port2.postMessage({ type: "job", nonce: "cccccc", job: job("cccccc") });
      await next("ready");
      port2.postMessage({ type: "start", nonce: "cccccc", t0WallMs: Date.now() + 20 });
      setTimeout(() => port2.postMessage({ type: "stop", nonce: "cccccc" }), 200);
      const third = resultOf(await next("result"));
      expect(third.incomplete).toBe(true);
      expect(third.requests.total).toBeLessThan(30);
      destroyResult(third);
    } finally {
      port1.close();
      port2.close();
      await server.close();
    }
  }, 30_000);
});

describe("a pool never hangs on a dead thread", () => {
  it("a worker that exited between two runs fails the next run with a one-line RunError within seconds, never a hang", async () => {
    const server = await pathServer();
    const script = new URL("../fixtures/workers/exit-after-first-job.mjs", import.meta.url);
    const pool = pools.openWorkerPool(2, script);
    try {
      const budget = await oneScenario(server.url, [
        '    request: { path: "/x/{{ seq }}" }',
        "    load: { rate: 50, duration: 300ms, warmup: 0s, connections: 2, workers: 2 }",
      ]);
      const first = await pool.run(runOf(budget));
      expect(first.requests.total).toBe(15);
      destroyBuilt(first);
      // Both threads exit 10 ms after their result.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const startedAt = Date.now();
      const failure = await pool.run(runOf(budget)).then(
        () => null,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(failure?.code).toBe("E_RUN");
      expect(failure?.message).toMatch(/^scenario "s": worker [12] of 2 exited \(code 7\) between runs$/);
      expect(Date.now() - startedAt).toBeLessThan(5000);
      // And every later run says so too, at once.
      await expect(pool.run(runOf(budget))).rejects.toThrow(/exited \(code 7\)/);
    } finally {
      await pool.close();
      await server.close();
    }
  }, 30_000);
});

describe("a pool's listeners", () => {
  it("100 runs on one pool add no listener to its threads or to the stop signal, and closing it ends its threads", async () => {
    const server = await pathServer();
    const spy = spyWorkers();
    const { workers } = spy;
    const pool = pools.openWorkerPool(2);
    try {
      const budget = await oneScenario(server.url, [
        '    request: { path: "/x/{{ seq }}" }',
        "    load: { rate: 50, duration: 200ms, warmup: 0s, connections: 2, workers: 2 }",
      ]);
      destroyBuilt(await pool.run(runOf(budget)));
      expect(workers.length).toBe(2);
      const listeners = (): number[] =>
        workers.flatMap((w) => w.eventNames().map((name) => w.listenerCount(name)));
      const afterOne = listeners();
      // A stop already given: each run gets ready, is stopped and ends at once (no load).
      const stopped = new AbortController();
      stopped.abort();
      for (let i = 0; i < 100; i++) destroyBuilt(await pool.run(runOf(budget), { signal: stopped.signal }));
      expect(listeners()).toEqual(afterOne);
      expect(getEventListeners(stopped.signal, "abort")).toEqual([]);
      // A live signal, not aborted: its listener is removed after the run too.
      const live = new AbortController();
      const last = await pool.run(runOf(budget), { signal: live.signal });
      expect(getEventListeners(live.signal, "abort")).toEqual([]);
      expect(last.incomplete).toBe(false);
      expect(last.requests.total).toBe(10);
      destroyBuilt(last);
      expect(workers.length).toBe(2);
      const exits = workers.map((w) => once(w, "exit"));
      await pool.close();
      await Promise.all(exits);
    } finally {
      spy.restore();
      await pool.close();
      await server.close();
    }
  }, 60_000);
});
