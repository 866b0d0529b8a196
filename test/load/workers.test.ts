/**
 * `load.workers`: a scenario run in worker threads against loopback servers with known
 * behaviour. Worker threads load JavaScript, not the .ts sources vitest runs, so these tests run
 * the built lib/ (built once here, as `npm ci` builds it) in this process: `loadBudget` and
 * `runBudget` from lib/, which start their workers from lib/load/worker-pool.js.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveProgress } from "../../src/load/types.js";
import type * as WorkerPoolModule from "../../src/load/worker-pool.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import type * as RunBudgetModule from "../../src/run-budget.js";
import { startCapacityServer } from "../fixtures/capacity-server.js";
import { startServer } from "../fixtures/servers.js";
import { startSseServer } from "../fixtures/sse-server.js";
import { type BuiltLib, builtModule, importBuiltLib } from "./built-lib.js";

const ROOT = join(import.meta.dirname, "../..");
let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let dir: string;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  dir = await mkdtemp(join(tmpdir(), "perf-gate-workers-"));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

let budgets = 0;

/** Writes a one-scenario budget against `target` (the scenario's lines, indented under `- name: s`). */
async function writeBudget(target: string, lines: readonly string[]): Promise<string> {
  const file = join(dir, `b${budgets++}.yml`);
  await writeFile(
    file,
    ["version: 1", `target: ${target}`, "scenarios:", "  - name: s", ...lines, ""].join("\n"),
  );
  return file;
}

/** Runs `file` (read from disk, as the CLI does) and returns its one scenario's report. */
async function run(
  file: string,
  options: Partial<RunBudgetModule.RunBudgetOptions> = {},
): Promise<MeasuredScenario> {
  const budget = await loadBudget(file, { env: {} });
  const outcome = await runBudget(budget, { toolVersion: "test", ...options });
  const scenario = outcome.measured.scenarios[0];
  if (scenario === undefined) throw new Error("no scenario measured");
  return scenario;
}

/** A server that records every request's path and answers after `delayMs`. */
async function pathServer(
  delayMs: number,
  statusOf: (path: string) => number = () => 200,
): Promise<{ url: string; paths: string[]; arrivedMs: Map<string, number>; close(): Promise<void> }> {
  const paths: string[] = [];
  const arrivedMs = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    paths.push(req.url ?? "");
    arrivedMs.set(req.url ?? "", performance.now());
    setTimeout(() => {
      res.statusCode = statusOf(req.url ?? "");
      res.end("ok");
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    paths,
    arrivedMs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("workers split one scenario's load and merge it exactly", () => {
  it("2 workers send exactly the open model's schedule: 200/s for 2 s is 400 arrivals at the server, all in the report", async () => {
    const server = await startServer({ delayMs: 5 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /open }",
        "    load: { rate: 200, duration: 2s, connections: 20, workers: 2 }",
      ]);
      const s = await run(file);
      expect(Math.abs(server.stats.received - 400)).toBeLessThanOrEqual(1);
      expect(s.requests.total).toBe(server.stats.received);
      expect(s.requests.due).toBe(400);
      expect(s.requests.ok).toBe(s.requests.total);
      expect(s.latency.count).toBe(s.requests.ok);
      expect(s.load.workers).toBe(2);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("2 workers share 4 closed-model connections: never more than 4 in flight, the merged histogram counts every response, p50 within 10 % of one thread's", async () => {
    const server = await startServer({ delayMs: 20 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /closed }",
        "    load: { connections: 4, duration: 2s, workers: 2 }",
      ]);
      const two = await run(file);
      expect(server.stats.maxInFlight).toBeLessThanOrEqual(4);
      expect(server.stats.maxInFlight).toBeGreaterThanOrEqual(3);
      // Every request the server saw was measured (no warm-up), and the merged histogram holds each.
      expect(two.requests.total).toBe(server.stats.received);
      expect(two.latency.count).toBe(two.requests.ok);
      expect(two.requests.ok + two.requests.failed).toBe(server.stats.received);
      expect(two.load.workers).toBe(2);
      const one = await run(file, { workers: 1 });
      expect(one.load.workers).toBeUndefined();
      expect(Math.abs(two.latency.p50 - one.latency.p50) / one.latency.p50).toBeLessThan(0.1);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("a templated {{ seq }} with 2 workers sends iterations 0 … n-1 once each", async () => {
    const server = await pathServer(2);
    try {
      const file = await writeBudget(server.url, [
        '    request: { path: "/seq/{{ seq }}" }',
        "    load: { rate: 100, duration: 1s, connections: 8, workers: 2 }",
      ]);
      const s = await run(file);
      const seqs = server.paths.map((p) => Number(p.split("/")[2])).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(s.requests.total).toBe(100);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("2 workers start on one t0: their arrivals interleave on the one schedule, 10 ms apart at 100/s (was: a worker's schedule started up to 58 ms late)", async () => {
    const server = await pathServer(1);
    try {
      const file = await writeBudget(server.url, [
        '    request: { path: "/at/{{ seq }}" }',
        "    load: { rate: 100, duration: 3s, connections: 8, workers: 2, untrusted: warn }",
      ]);
      await run(file);
      // Arrival k+1 − arrival k is 10 ms on one schedule; workers offset by δ alternate 10 ± δ.
      // Medians over ~140 gaps each: robust to a busy machine's odd late request.
      const gapsAfter = (parity: number): number[] => {
        const gaps: number[] = [];
        for (let k = 20 + parity; k < 298; k += 2) {
          const a = server.arrivedMs.get(`/at/${k}`);
          const b = server.arrivedMs.get(`/at/${k + 1}`);
          if (a !== undefined && b !== undefined) gaps.push(b - a);
        }
        return gaps.sort((x, y) => x - y);
      };
      const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
      expect(Math.abs(median(gapsAfter(0)) - 10)).toBeLessThan(1);
      expect(Math.abs(median(gapsAfter(1)) - 10)).toBeLessThan(1);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("a streamed scenario with 2 workers measures ttft within 10 ms of the server's 100 ms", async () => {
    const server = await startSseServer({ firstTokenDelayMs: 100, chunks: 5, intervalMs: 10, usage: true });
    try {
      const file = await writeBudget(server.url, [
        "    request:",
        "      method: POST",
        "      path: /v1/chat/completions",
        "      json: { model: m, stream: true, messages: [{ role: user, content: hi }] }",
        "      stream: openai",
        "    load: { rate: 20, duration: 2s, connections: 8, workers: 2 }",
      ]);
      const s = await run(file);
      expect(s.requests.failed).toBe(0);
      expect(s.requests.total).toBe(40);
      expect(s.ttft?.count).toBe(s.requests.ok);
      expect(s.ttft?.min).toBeGreaterThanOrEqual(100);
      expect(Math.abs((s.ttft?.p50 ?? 0) - 100)).toBeLessThan(10);
      expect(s.output_tokens?.count).toBe(s.requests.ok);
    } finally {
      await server.close();
    }
  }, 30_000);
});

/** A token endpoint, item uploads and reads, as a flow's API; it records what it was sent. */
async function flowServer(): Promise<{
  url: string;
  tokens: number;
  unauthorized: number;
  uploads: { user: string; name: string }[];
  reads: string[];
  close(): Promise<void>;
}> {
  const state = {
    tokens: 0,
    unauthorized: 0,
    uploads: [] as { user: string; name: string }[],
    reads: [] as string[],
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/token") {
        state.tokens++;
        res.end(JSON.stringify({ token: "T-0123456789" }));
        return;
      }
      if (req.headers.authorization !== "Bearer T-0123456789") {
        state.unauthorized++;
        res.statusCode = 401;
        res.end();
        return;
      }
      if (url.pathname === "/items") {
        const name = (JSON.parse(body) as { name: string }).name;
        state.uploads.push({ user: url.searchParams.get("user") ?? "", name });
        res.statusCode = 201;
        res.end(JSON.stringify({ id: `id-${name}` }));
        return;
      }
      state.reads.push(url.pathname.slice("/items/".length));
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

describe("workloads work the same with workers", () => {
  it("a flow with a setup token, data rows, captures and checks: setup once, every iteration once with its own row", async () => {
    const server = await flowServer();
    try {
      await writeFile(join(dir, "users.csv"), "id\nu0\nu1\nu2\nu3\nu4\n");
      const file = await writeBudget(server.url, [
        "    data: { file: users.csv }",
        "    setup:",
        "      request: { method: POST, path: /token }",
        '      capture: { token: { json: "$.token" } }',
        "    steps:",
        "      - name: upload",
        "        request:",
        "          method: POST",
        '          path: "/items?user={{ row.id }}"',
        '          headers: { authorization: "Bearer {{ setup.token }}" }',
        '          json: { name: "n{{ seq }}" }',
        "          checks: [{ status: [201] }]",
        '        capture: { id: { json: "$.id" } }',
        "      - name: read",
        '        request: { path: "/items/{{ vars.id }}", headers: { authorization: "Bearer {{ setup.token }}" } }',
        "    load: { rate: 40, duration: 1s, connections: 8, workers: 2 }",
      ]);
      const s = await run(file);
      expect(server.tokens).toBe(1);
      expect(server.unauthorized).toBe(0);
      // Iteration n is the n-th of one process: its seq, and row n mod 5.
      const byName = new Map(server.uploads.map((u) => [u.name, u.user]));
      expect(server.uploads).toHaveLength(40);
      expect([...byName.keys()].sort()).toEqual(Array.from({ length: 40 }, (_, n) => `n${n}`).sort());
      for (const [name, user] of byName) expect(user).toBe(`u${Number(name.slice(1)) % 5}`);
      expect(server.reads.sort()).toEqual(server.uploads.map((u) => `id-${u.name}`).sort());
      expect(s.requests.total).toBe(40);
      expect(s.steps?.map((step) => [step.name, step.requests.ok])).toEqual([
        ["upload", 40],
        ["read", 40],
      ]);
      expect(s.response_checks?.map((c) => [c.evaluated, c.failed])).toEqual([[40, 0]]);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("a load shape's stages with 2 workers: each stage's due arrivals and requests are one process's", async () => {
    const server = await startServer({ delayMs: 2 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /shape }",
        "    load:",
        "      connections: 8",
        "      start_rate: 20",
        "      stages: [{ name: up, duration: 1s, rate: 60 }, { name: flat, duration: 1s, rate: 60 }]",
      ]);
      const two = await run(file, { workers: 2 });
      const receivedByTwo = server.stats.received;
      const one = await run(file, { workers: 1 });
      expect(two.load.workers).toBe(2);
      expect(two.requests.due).toBe(one.requests.due);
      expect(two.requests.total).toBe(receivedByTwo);
      expect(two.stages?.map((st) => [st.name, st.requests.total])).toEqual(
        one.stages?.map((st) => [st.name, st.requests.total]),
      );
      // 20 → 60 /s over 1 s is 40 arrivals, then 60 at 60 /s.
      expect(two.stages?.map((st) => st.requests.total)).toEqual([40, 60]);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("the live line and stopping", () => {
  it("the live line sums the workers' counts and marks p95 as a bound", async () => {
    const server = await startServer({ delayMs: 5 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /live }",
        "    load: { rate: 100, duration: 1500ms, connections: 8, workers: 2 }",
      ]);
      const seen: LiveProgress[] = [];
      const s = await run(file, { onProgress: (p) => seen.push(p) });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p) => p.workers === 2 && p.name === "s")).toBe(true);
      const last = seen.at(-1) as LiveProgress;
      // About a second in, both workers' counts are in the line: more than one worker's share.
      expect(last.ok).toBeGreaterThan(60);
      expect(last.ok).toBeLessThanOrEqual(s.requests.ok);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("a stop signal reaches every worker: a 20 s run stopped after 0.5 s ends incomplete within seconds", async () => {
    const server = await startServer({ delayMs: 5 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /stop }",
        "    load: { rate: 100, duration: 20s, connections: 8, workers: 2 }",
      ]);
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 500);
      const startedAt = Date.now();
      const budget = await loadBudget(file, { env: {} });
      const outcome = await runBudget(budget, { toolVersion: "test", signal: stop.signal });
      expect(Date.now() - startedAt).toBeLessThan(8000);
      expect(outcome.measured.incomplete).toBe(true);
      const s = outcome.measured.scenarios[0];
      expect(s?.incomplete).toBe(true);
      expect(s?.requests.total).toBe(server.stats.received);
      expect(server.stats.received).toBeLessThan(300);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("an abort threshold breached in one part stops every worker, and the report says why", async () => {
    // Only odd iterations fail: worker 2 of 2 (iterations 1, 3, 5 …) breaches, worker 1 never
    // does, and would run its 20 s unless the breach stopped it too.
    const server = await pathServer(2, (path) => (Number(path.split("/")[2]) % 2 === 1 ? 500 : 200));
    try {
      const file = await writeBudget(server.url, [
        '    request: { path: "/half/{{ seq }}" }',
        "    load: { rate: 100, duration: 20s, connections: 8, workers: 2 }",
        "    thresholds:",
        "      error_rate: { limit: 5%, abort: true }",
      ]);
      const startedAt = Date.now();
      const s = await run(file);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
      expect(s.aborted?.metric).toBe("error_rate");
      expect(s.incomplete).toBe(true);
      expect(s.requests.total).toBe(server.paths.length);
      expect(s.requests.ok).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("a side-by-side run in workers", () => {
  it("runs every round of both sides in 2 threads: each side's schedule exact, its {{ seq }} 0 … n-1 once across the rounds", async () => {
    const [target, baseline] = [await pathServer(5), await pathServer(5)];
    try {
      const file = join(dir, `sides${budgets++}.yml`);
      await writeFile(
        file,
        [
          "version: 1",
          `target: ${target.url}`,
          `baseline_target: ${baseline.url}`,
          "scenarios:",
          "  - name: s",
          '    request: { path: "/seq/{{ seq }}" }',
          "    load: { rate: 50, duration: 2s, round: 1s, warmup: 0s, connections: 8, workers: 2 }",
          "",
        ].join("\n"),
      );
      const seen: LiveProgress[] = [];
      const outcome = await runBudget(await loadBudget(file, { env: {} }), {
        toolVersion: "test",
        onProgress: (p) => seen.push(p),
      });
      const head = outcome.measured.scenarios[0];
      const base = outcome.measured.side_by_side?.scenarios[0];
      // Each side: rate × duration measured arrivals (50/s × 2 s), as one thread's side-by-side run.
      expect(head?.requests.due).toBe(100);
      expect(base?.requests.due).toBe(100);
      expect(head?.load.workers).toBe(2);
      expect(head?.rounds?.length).toBe(4);
      // The rounds ran in the threads: every live line came from two of them.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p) => p.workers === 2)).toBe(true);
      // Each worker's iteration count went on from round to round: no number twice, none skipped
      // (warm-up arrivals of every round included), on each side.
      for (const server of [target, baseline]) {
        const seqs = server.paths.map((p) => Number(p.split("/")[2])).sort((a, b) => a - b);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
      }
      // Latency is the servers' 5 ms plus loopback, not a thread's start.
      expect(head?.latency.p50).toBeGreaterThanOrEqual(5);
      expect(head?.latency.p50).toBeLessThan(15);
    } finally {
      await Promise.all([target.close(), baseline.close()]);
    }
  }, 60_000);
});

describe("abort: true side by side in workers", () => {
  it("each worker's watch carries its earlier rounds: 15 requests a part a round never reach the watch's 20, yet a target failing 1 in 3 stops in its 2nd or 3rd round", async () => {
    let received = 0;
    // Every third request the target receives fails: each worker's share (every other arrival)
    // fails 1 in 3 too. The baseline answers every request.
    const failing = createServer((_req, res) => {
      res.statusCode = received++ % 3 === 0 ? 500 : 200;
      res.end("x");
    });
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    const baseline = await startServer({ delayMs: 2 });
    try {
      const file = join(dir, `abort-sides${budgets++}.yml`);
      await writeFile(
        file,
        [
          "version: 1",
          `target: http://127.0.0.1:${(failing.address() as AddressInfo).port}`,
          `baseline_target: ${baseline.url}`,
          "scenarios:",
          "  - name: s",
          "    load: { rate: 30, duration: 10s, round: 1s, warmup: 0s, connections: 8, workers: 2 }",
          "    thresholds: { error_rate: { limit: 10%, abort: true } }",
          "",
        ].join("\n"),
      );
      const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
      const head = outcome.measured.scenarios[0];
      expect(head?.load.workers).toBe(2);
      // 30/s in 1 s rounds is 15 arrivals a worker a round, below the watch's minimum of 20: only
      // a worker's earlier rounds carried into its watch can make the evidence (2 rounds: 30
      // requests, 1 in 3 failed, Wilson 99.9 % lower bound 13.8 % > 10 %).
      expect(head?.aborted?.metric).toBe("error_rate");
      expect(head?.aborted?.at_ms).toBeGreaterThanOrEqual(1000);
      const targetRounds = head?.rounds?.filter((r) => r.side === "target") ?? [];
      expect(targetRounds.length).toBeGreaterThanOrEqual(2);
      expect(targetRounds.length).toBeLessThanOrEqual(4);
    } finally {
      failing.closeAllConnections();
      await new Promise<void>((resolve) => failing.close(() => resolve()));
      await baseline.close();
    }
  }, 60_000);
});

describe("a capacity search in workers", () => {
  it("finds a FIFO server's 100 req/s with every step in 2 threads: capacity within [88, 110], each step's arrivals exact", async () => {
    const server = await startCapacityServer(10);
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /knee }",
        "    load:",
        "      workers: 2",
        "      connections: 64",
        // A queue that grows past 1/S breaks 100 ms within the step; timer jitter below it does not.
        // Above 1/S the queue grows by (r − 100) a second: over the step's 1.25 s (warm-up included)
        // 100 ms of queue (10 requests) is reached from r ≈ 108/s, so a bisection may stop at 105.
        "      capacity: { rate: { from: 40, to: 400 }, step: 1s, slo: { latency.p95: 100ms } }",
      ]);
      const seen: LiveProgress[] = [];
      const knee = await run(file, { onProgress: (p) => seen.push(p) });
      const steps = knee.capacity_search?.steps ?? [];
      console.log(
        knee.capacity_search?.reason,
        steps.map(
          (s) =>
            `${s.rate}/s rps ${s.rps.toFixed(1)} p95 ${s.latency_p95.toFixed(1)} ms${s.generator_limited ? " generator-limited" : ""}`,
        ),
      );
      expect(knee.capacity).toBeGreaterThanOrEqual(88);
      expect(knee.capacity).toBeLessThanOrEqual(110);
      expect(knee.load.workers).toBe(2);
      // The live line of every step came from the two threads (one thread's has no `workers`).
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((p) => p.workers === 2)).toBe(true);
      // A step below the knee sent its whole schedule: rate × 1 s arrivals, split over the threads.
      const below = steps.find((s) => s.met && s.rate === 40);
      expect(below?.requests).toBe(40);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe("perf-gate run --workers", () => {
  it("the flag runs the budget's scenario in that many threads: the report's load.workers and the server agree", async () => {
    const server = await startServer({ delayMs: 2 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /cli }",
        // Three threads on a shared 2-core runner may lag: this checks the wiring, not the trust.
        "    load: { rate: 60, duration: 1s, connections: 6, untrusted: warn }",
      ]);
      const out = join(dir, "cli-report.json");
      const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, "lib/cli.js"), "run", file, "--workers", "3", "--out", out, "-q"],
          {
            env: { PATH: process.env.PATH ?? "" },
            stdio: ["ignore", "ignore", "pipe"],
          },
        );
        let text = "";
        child.stderr.on("data", (chunk: Buffer) => {
          text += chunk.toString();
        });
        child.on("close", (exit) => resolve({ code: exit, stderr: text }));
      });
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const report = JSON.parse(await readFile(out, "utf8")) as { scenarios: MeasuredScenario[] };
      expect(report.scenarios[0]?.load.workers).toBe(3);
      expect(report.scenarios[0]?.requests.total).toBe(60);
      expect(server.stats.received).toBe(60);
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("a worker that fails", () => {
  it("a data file gone between the parse and the workers' start is a one-line error, not a hang", async () => {
    const server = await startServer({ delayMs: 1 });
    try {
      await writeFile(join(dir, "rows.csv"), "id\n1\n2\n");
      const file = await writeBudget(server.url, [
        "    data: { file: rows.csv }",
        '    request: { path: "/rows/{{ row.id }}" }',
        "    load: { rate: 50, duration: 1s, connections: 4, workers: 2 }",
      ]);
      const budget = await loadBudget(file, { env: {} });
      await unlink(join(dir, "rows.csv"));
      const failure = await runBudget(budget, { toolVersion: "test" }).then(
        () => null,
        (error: unknown) => error as Error & { code?: string },
      );
      expect(failure?.code).toBe("E_RUN");
      expect(failure?.message).toMatch(/^scenario "s": worker [12] of 2 failed: /);
      expect(failure?.message).toContain("rows.csv");
      expect(failure?.message).not.toContain("\n");
      expect(server.stats.received).toBe(0);
    } finally {
      await server.close();
    }
  }, 30_000);

  it.each([
    ["crash.mjs", /^scenario "s": worker [12] of 2 crashed: forced crash in the worker$/],
    ["exit.mjs", /^scenario "s": worker [12] of 2 exited \(code 3\) before it reported a result$/],
    [
      "silent-after-ready.mjs",
      /^scenario "s": worker [12] of 2 exited \(code 0\) before it reported a result$/,
    ],
  ])(
    "a worker that dies (%s) is a one-line RunError, never a hang",
    async (script, message) => {
      const pool = (await import(builtModule("load/worker-pool.js"))) as typeof WorkerPoolModule;
      const startedAt = Date.now();
      const failure = await pool
        .runInWorkers({
          origin: { file: "unused.yml", env: {} },
          scenario: "s",
          count: 2,
          plannedMs: 1000,
          script: new URL(`../fixtures/workers/${script}`, import.meta.url),
        })
        .then(
          () => null,
          (error: unknown) => error as Error & { code?: string },
        );
      expect(failure?.code).toBe("E_RUN");
      expect(failure?.message).toMatch(message);
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    },
    30_000,
  );

  it("more workers than a closed model's connections from --workers is refused before any request", async () => {
    const server = await startServer({ delayMs: 1 });
    try {
      const file = await writeBudget(server.url, [
        "    request: { path: /few }",
        "    load: { connections: 2, duration: 1s }",
      ]);
      await expect(run(file, { workers: 3 })).rejects.toThrow(
        /^scenario "s": --workers 3: expected at most 2 workers/,
      );
      expect(server.stats.received).toBe(0);
    } finally {
      await server.close();
    }
  }, 30_000);
});
