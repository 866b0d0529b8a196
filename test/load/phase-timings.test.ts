/**
 * Phase timings (connect, tls, ttfb, body) against loopback servers whose timing and connection
 * behaviour the test sets: headers held for a known time then the body after another, servers
 * that keep connections alive or close every one, an https server with a certificate made here.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { evaluateThresholds } from "../../src/gate/evaluate-thresholds.js";
import { runScenario } from "../../src/load/run-scenario.js";
import { destroyResult } from "../../src/metrics/destroy-result.js";
import type { Histogram } from "../../src/metrics/histogram.js";
import type { ScenarioResult } from "../../src/metrics/types.js";
import { runBudget } from "../../src/run-budget.js";
import { listen, serveScripted, waitUntil } from "../fixtures/servers.js";
import { startSseServer } from "../fixtures/sse-server.js";
import { makePlan } from "./plan.js";
import { makeStreamPlan } from "./stream-plan.js";

const HEADERS_MS = 100;
const BODY_MS = 150;

/** p50 of a µs histogram, in ms. */
function p50Ms(h: Histogram | undefined): number {
  return (h?.getValueAtPercentile(50) ?? Number.NaN) / 1000;
}

/** A server that sends its headers `headersMs` after a request arrives, and its body `bodyMs` later. */
async function splitServer(headersMs: number, bodyMs: number) {
  const stats = { connections: 0, received: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    stats.received++;
    req.resume();
    const at = performance.now();
    waitUntil(
      at + headersMs,
      () => {
        res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
        res.flushHeaders();
        waitUntil(
          performance.now() + bodyMs,
          () => res.end("ok"),
          timers,
          () => closing,
        );
      },
      timers,
      () => closing,
    );
  });
  const listener = await serveScripted(server, stats, timers, () => {
    closing = true;
  });
  return { ...listener, stats };
}

/** A server that answers at once and closes every connection after its response. */
async function closingServer() {
  const stats = { connections: 0, received: 0 };
  const server = createServer((req, res) => {
    stats.received++;
    req.resume();
    res.setHeader("connection", "close");
    res.end("ok");
  });
  const listener = await serveScripted(server, stats, new Set(), () => {});
  return { ...listener, stats };
}

describe("ttfb and body split every ok request's latency at its headers", () => {
  it("a server holding headers 100 ms then the body 150 ms: ttfb p50 in [100, 115) ms, body p50 in [150, 165) ms, latency = ttfb + body, one sample per ok request", async () => {
    const server = await splitServer(HEADERS_MS, BODY_MS);
    let result: ScenarioResult | undefined;
    try {
      // The warm-up takes the client's own first-use costs (undici compiles its HTTP parser on
      // the first connection: hundreds of ms on a busy machine), which are no phase of the server's.
      result = await runScenario(makePlan(server.url, { connections: 2, durationMs: 1000, warmupMs: 300 }));
      const ttfb = p50Ms(result.ttfb);
      const body = p50Ms(result.body);
      expect(ttfb).toBeGreaterThanOrEqual(100);
      expect(ttfb).toBeLessThan(115);
      expect(body).toBeGreaterThanOrEqual(150);
      expect(body).toBeLessThan(165);
      // Same clock reads per request, so per request latency = ttfb + body to the µs; the means
      // add up too (percentiles need not), within HDR's bucket resolution (0.1 %, 0.25 ms here).
      const meanMs = (h: Histogram | undefined): number => (h?.mean ?? Number.NaN) / 1000;
      expect(Math.abs(meanMs(result.latency) - (meanMs(result.ttfb) + meanMs(result.body)))).toBeLessThan(1);
      expect(result.requests.ok).toBeGreaterThanOrEqual(4);
      expect(result.ttfb?.totalCount).toBe(result.requests.ok);
      expect(result.body?.totalCount).toBe(result.requests.ok);
    } finally {
      if (result) destroyResult(result);
      await server.close();
    }
  }, 15_000);

  it("open model: ttfb counts from the due time like latency, so a request queued behind a busy connection carries its wait in ttfb, never in body", async () => {
    const server = await splitServer(HEADERS_MS, BODY_MS);
    let result: ScenarioResult | undefined;
    try {
      // 10/s on one connection whose requests take 250 ms: each waits for the one before it.
      result = await runScenario(
        makePlan(server.url, { connections: 1, ratePerSec: 10, durationMs: 800, warmupMs: 300 }),
      );
      expect(result.requests.ok).toBeGreaterThanOrEqual(2);
      expect(p50Ms(result.queueTime)).toBeGreaterThan(50);
      // ttfb = queue + the server's 100 ms; body stays the server's 150 ms.
      expect(p50Ms(result.ttfb)).toBeGreaterThan(HEADERS_MS + 50);
      // A headers stamp taken a little late (the client busy with its schedule) shortens body by as
      // much: the point here is that none of the queueing lands in it.
      expect(p50Ms(result.body)).toBeGreaterThan(140);
      expect(p50Ms(result.body)).toBeLessThan(165);
    } finally {
      if (result) destroyResult(result);
      await server.close();
    }
  }, 15_000);
});

describe("a streamed scenario has the same phases", () => {
  it("headers after 50 ms, then 5 chunks 20 ms apart from 100 ms: ttfb recorded once per ok request (was: in the stream's histogram too), body the stream after the headers", async () => {
    const server = await startSseServer({
      headersDelayMs: 50,
      firstTokenDelayMs: 100,
      chunks: 5,
      intervalMs: 20,
    });
    let result: ScenarioResult | undefined;
    try {
      result = await runScenario(makeStreamPlan(server.url, { load: { durationMs: 800, warmupMs: 200 } }));
      expect(result.requests.ok).toBeGreaterThanOrEqual(2);
      // One histogram, one value per ok request: the stream part keeps no second copy of it.
      expect(result.ttfb?.totalCount).toBe(result.requests.ok);
      expect(result.stream).toBeDefined();
      expect(result.stream).not.toHaveProperty("ttfb");
      expect(p50Ms(result.ttfb)).toBeGreaterThanOrEqual(50);
      expect(p50Ms(result.ttfb)).toBeLessThan(65);
      // Headers → first chunk 100 ms, then 4 gaps of 20 ms: 180 ms of body.
      expect(p50Ms(result.body)).toBeGreaterThanOrEqual(178);
      expect(p50Ms(result.body)).toBeLessThan(200);
      expect(result.connect?.totalCount).toBe(server.stats.connections);
    } finally {
      if (result) destroyResult(result);
      await server.close();
    }
  }, 15_000);
});

describe("connect: one sample per connection the run opened", () => {
  it("closed model with 3 keep-alive connections and a warm-up: the histogram counts 3, the server's accepted connections", async () => {
    const server = await splitServer(5, 0);
    let result: ScenarioResult | undefined;
    try {
      result = await runScenario(makePlan(server.url, { connections: 3, durationMs: 400, warmupMs: 200 }));
      expect(server.stats.connections).toBe(3);
      // Every connection was opened in the warm-up: they count all the same (see ConnectionTimes).
      expect(result.connect?.totalCount).toBe(3);
      expect(result.tls).toBeUndefined();
    } finally {
      if (result) destroyResult(result);
      await server.close();
    }
  }, 15_000);

  it("a server that closes every connection (Connection: close): one connect sample per request", async () => {
    const server = await closingServer();
    let result: ScenarioResult | undefined;
    try {
      result = await runScenario(makePlan(server.url, { connections: 2, durationMs: 300 }));
      expect(server.stats.received).toBeGreaterThan(10);
      expect(server.stats.connections).toBe(server.stats.received);
      expect(result.connect?.totalCount).toBe(server.stats.connections);
    } finally {
      if (result) destroyResult(result);
      await server.close();
    }
  }, 15_000);
});

describe("tls: one sample per TLS connection, only for https targets", () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "perf-gate-tls-"));
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
    key = readFileSync(join(dir, "key.pem"));
    cert = readFileSync(join(dir, "cert.pem"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("an https server with a self-signed certificate: 2 connections give 2 tls samples, each > 0, and 2 connect samples; an http target gives none", async () => {
    const stats = { connections: 0 };
    const server = createHttpsServer({ key, cert }, (req, res) => {
      req.resume();
      res.end("ok");
    });
    const port = await listen(server);
    // Test only: trust the certificate made above (the budget's own TLS keys are another change's).
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    server.on("secureConnection", () => stats.connections++);
    let result: ScenarioResult | undefined;
    try {
      result = await runScenario(makePlan(`https://127.0.0.1:${port}`, { connections: 2, durationMs: 300 }));
      expect(result.requests.ok).toBeGreaterThan(0);
      expect(stats.connections).toBe(2);
      expect(result.connect?.totalCount).toBe(2);
      expect(result.tls?.totalCount).toBe(2);
      // Every handshake took time (a key exchange cannot take 0 µs); its length against the TCP
      // connect's is the machine's, not a truth this test sets.
      expect(result.tls?.minNonZeroValue ?? 0).toBeGreaterThan(0);
      expect(result.tls?.getValueAtPercentile(0) ?? 0).toBeGreaterThan(0);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
      if (result) destroyResult(result);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 15_000);
});

/** A one-scenario budget against `target` with `thresholds` (a flow map). */
function budgetWith(target: string, thresholds: string) {
  return parseBudget(
    [
      "version: 1",
      `target: ${target}`,
      "scenarios:",
      "  - name: plain",
      "    request: { path: / }",
      "    load: { connections: 2, duration: 600ms }",
      `    thresholds: ${thresholds}`,
      "",
    ].join("\n"),
    { file: "b.yml", env: {} },
  );
}

describe("ttfb.p95, tls.p95 and connect.p95 gate a plain scenario", () => {
  it('ttfb.p95: "<= 50ms" fails against 100 ms headers and "<= 200ms" passes; tls.p95 on an http target fails and says why', async () => {
    const server = await splitServer(HEADERS_MS, 20);
    try {
      const budget = budgetWith(
        server.url,
        '{ ttfb.p95: "<= 50ms", connect.p95: "<= 1s", tls.p95: "<= 1s", body.p50: "<= 200ms" }',
      );
      const scenario = budget.scenarios[0];
      if (scenario === undefined) throw new Error("no scenario");
      const outcome = await runBudget(budget, { toolVersion: "test" });
      const measured = outcome.measured.scenarios[0];
      if (measured === undefined) throw new Error("no scenario measured");
      const [tight, connect, tls, body] = evaluateThresholds(measured, scenario.thresholds);
      expect(tight).toMatchObject({ metric: "ttfb.p95", pass: false });
      expect(tight?.actual).toBeGreaterThanOrEqual(100);
      expect(connect).toMatchObject({ metric: "connect.p95", pass: true });
      expect(body).toMatchObject({ metric: "body.p50", pass: true });
      // Never a silent pass on nothing: it fails, with the reason in one line.
      expect(tls).toMatchObject({
        metric: "tls.p95",
        actual: null,
        pass: false,
        no_data: "an http target has no TLS handshake",
      });
      const loose = budgetWith(server.url, '{ ttfb.p95: "<= 200ms" }').scenarios[0]?.thresholds ?? [];
      expect(evaluateThresholds(measured, loose)[0]).toMatchObject({ metric: "ttfb.p95", pass: true });
    } finally {
      await server.close();
    }
  }, 20_000);
});

describe("slo.ttfb on a plain scenario", () => {
  it("a request is good only when its headers came within slo.ttfb: 100 ms headers meet 200ms and miss 50ms", async () => {
    const server = await splitServer(HEADERS_MS, 20);
    const budget = (ttfb: string) =>
      parseBudget(
        [
          "version: 1",
          `target: ${server.url}`,
          "scenarios:",
          "  - name: plain",
          "    request: { path: / }",
          "    load: { connections: 2, duration: 600ms }",
          `    slo: { ttfb: ${ttfb} }`,
          "",
        ].join("\n"),
        { file: "b.yml", env: {} },
      );
    try {
      const met = (await runBudget(budget("200ms"), { toolVersion: "test" })).measured.scenarios[0];
      const missed = (await runBudget(budget("50ms"), { toolVersion: "test" })).measured.scenarios[0];
      expect(met?.requests.ok).toBeGreaterThan(4);
      // Every ok request met 200 ms (goodput = ok per second); none met 50 ms.
      expect(met?.goodput).toBeGreaterThan(0);
      expect(met?.goodput).toBeCloseTo(met?.ok_rps ?? -1, 5);
      expect(missed?.requests.ok).toBeGreaterThan(4);
      expect(missed?.goodput).toBe(0);
    } finally {
      await server.close();
    }
  }, 20_000);
});
