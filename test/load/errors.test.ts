import { type AddressInfo, createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { RunError } from "../../src/errors.js";
import { MAX_SAMPLES_PER_KIND } from "../../src/metrics/recorder.js";
import { type ErrorKind, SAMPLE_RAW_CHARS, type ScenarioResult } from "../../src/metrics/types.js";
import { refusedUrl, type ServerScript, startServer } from "../fixtures/servers.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan, sum } from "./plan.js";

const ms = (us: number): number => us / 1000;
const h = useEngineHarness();

/** 300 ms of one closed loop against a server that always produces `kind`. */
async function runAgainst(script: ServerScript, expectStatus: number[] = []): Promise<ScenarioResult> {
  const server = h.serve(await startServer(script));
  return h.run(makePlan(server.url, { connections: 1, durationMs: 300 }, { expectStatus }));
}

function expectOnly(r: ScenarioResult, kind: ErrorKind): void {
  expect(r.requests.ok).toBe(0);
  expect(r.requests.failed).toBeGreaterThan(0);
  expect(r.requests.total).toBe(r.requests.failed);
  expect(r.errors).toEqual({ [kind]: r.requests.failed });
  expect(r.latencyFailed.totalCount).toBe(r.requests.failed);
  expect(r.latency.totalCount).toBe(0);
}

describe("error classification against servers that produce each kind", () => {
  it("http_4xx: 404, counted under its exact status", async () => {
    const r = await runAgainst({ status: 404 });
    expectOnly(r, "http_4xx");
    expect(r.status).toEqual({ "404": r.requests.failed });
  });

  it("http_5xx: 500 and 503 with exact status counts", async () => {
    const r = await runAgainst({ status: [500, 503, 503] });
    expectOnly(r, "http_5xx");
    const n500 = r.status["500"] ?? 0;
    const n503 = r.status["503"] ?? 0;
    expect(n500 + n503).toBe(r.requests.failed);
    // The server cycles 500, 503, 503: exactly, up to the last incomplete cycle.
    expect(Math.abs(n503 - 2 * n500)).toBeLessThanOrEqual(2);
  });

  it("rate_limited: 429 with Retry-After", async () => {
    const r = await runAgainst({ status: 429, retryAfterS: 2 });
    expectOnly(r, "rate_limited");
    expect(r.status).toEqual({ "429": r.requests.failed });
  });

  it("unexpected_status: a 200 when expect_status is [201]", async () => {
    const r = await runAgainst({ status: 200 }, [201]);
    expectOnly(r, "unexpected_status");
    expect(r.status).toEqual({ "200": r.requests.failed });
  });

  it("ok: a 201 when expect_status is [201]", async () => {
    const r = await runAgainst({ status: 201 }, [201]);
    expect(r.requests.failed).toBe(0);
    expect(r.status).toEqual({ "201": r.requests.ok });
  });

  it("reset: socket destroyed after the headers", async () => {
    const r = await runAgainst({ fault: "reset-after-headers" });
    expectOnly(r, "reset");
    // No complete response: nothing under status.
    expect(sum(r.status)).toBe(0);
  });

  it("reset: socket destroyed in the middle of the body", async () => {
    expectOnly(await runAgainst({ fault: "reset-mid-body" }), "reset");
  });

  it("body: invalid chunked framing", async () => {
    expectOnly(await runAgainst({ fault: "bad-chunk" }), "body");
  });

  it("connect: a refused port; no response at all, and a sample with the errno", async () => {
    const url = await refusedUrl();
    const result = await h.run(makePlan(url, { connections: 2, durationMs: 200 }));
    expectOnly(result, "connect");
    // A refused connection is not a response: the window's rate must read 0, not thousands.
    expect(result.window.responses).toBe(0);
    expect(result.errorSamples[0]?.kind).toBe("connect");
    expect(result.errorSamples[0]?.code).toBe("ECONNREFUSED");
    expect(result.errorSamples[0]?.message).toContain(`ECONNREFUSED ${new URL(url).host}`);
  });

  it("other: a malformed status line keeps a sample and its reason (it had no message)", async () => {
    const sockets = new Set<Socket>();
    const garbage = createServer((socket) => {
      sockets.add(socket);
      socket.once("data", () => socket.end("NOT HTTP AT ALL\r\n\r\n"));
    });
    await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
    const { port } = garbage.address() as AddressInfo;
    let r: ScenarioResult;
    try {
      r = await h.run(makePlan(`http://127.0.0.1:${port}`, { connections: 1, durationMs: 200 }));
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => garbage.close(resolve));
    }
    expectOnly(r, "other");
    expect(r.errorSamples[0]?.kind).toBe("other");
    expect(r.errorSamples[0]?.message).toMatch(/HTTPParserError|HPE_/);
  });

  it("failed responses keep their first body samples with their status, raw up to SAMPLE_RAW_CHARS", async () => {
    // A secret just past the old 200-character cut: the raw sample must hold all of it, so the
    // report can redact it before it cuts (a cut first leaked 18 of its 19 characters).
    const body = `${"e".repeat(190)} key=sk-CANARY123456789 ${"z".repeat(5000)}`;
    const r = await runAgainst({ status: [503, 404], body });
    expect(r.errorSamples).toHaveLength(2 * MAX_SAMPLES_PER_KIND);
    const s503 = r.errorSamples.find((s) => s.kind === "http_5xx");
    expect(s503?.status).toBe(503);
    expect(s503?.message).toContain("sk-CANARY123456789");
    // Never more than SAMPLE_RAW_CHARS of the body is kept (and "…" marks the cut).
    expect(s503?.message.length).toBeLessThanOrEqual("HTTP 503 response: ".length + SAMPLE_RAW_CHARS + 1);
    expect(r.errorSamples.filter((s) => s.kind === "http_4xx").every((s) => s.status === 404)).toBe(true);
    // A 4xx/5xx is still a complete response, counted in the window.
    expect(r.window.responses).toBeGreaterThan(0);
    expect(r.requests.total - r.window.responses).toBeLessThanOrEqual(1);
  });

  it("mixes kinds and keeps ok latency apart from failed latency", async () => {
    // Every 4th request is a fast 503; the rest take 30 ms.
    const r = await runAgainst({
      status: [200, 200, 200, 503],
      delayMs: (_since, i) => (i % 4 === 3 ? 0 : 30),
    });
    expect(r.errors).toEqual({ http_5xx: r.requests.failed });
    expect(ms(r.latency.minNonZeroValue)).toBeGreaterThanOrEqual(30);
    expect(ms(r.latencyFailed.maxValue)).toBeLessThan(10);
  });
});

describe("timeouts", () => {
  it("fails requests slower than the timeout as `timeout`, at the deadline, and ends on time", async () => {
    const server = h.serve(await startServer({ delayMs: 2000 }));
    const started = performance.now();
    const r = await h.run(makePlan(server.url, { connections: 2, durationMs: 1000 }, { timeoutMs: 200 }));
    const elapsed = performance.now() - started;
    expectOnly(r, "timeout");
    expect(r.errorSamples[0]?.kind).toBe("timeout");
    expect(r.errorSamples[0]?.message).toContain("timeout (200 ms)");
    expect(r.window.responses).toBe(0);
    // Two loops, one 200 ms timeout after another: 5 each in 1 s (the drain ends the last ones).
    expect(r.requests.failed).toBeGreaterThanOrEqual(8);
    expect(r.requests.failed).toBeLessThanOrEqual(12);
    // Counted at the deadline, within one sweep (10 ms) plus scheduling slack.
    expect(ms(r.latencyFailed.getValueAtPercentile(0))).toBeGreaterThanOrEqual(199);
    expect(ms(r.latencyFailed.maxValue)).toBeLessThan(230);
    // The last requests drain for at most one timeout after the 1 s phase.
    expect(elapsed).toBeLessThan(1000 + 200 + 100);
  });

  it("times out a response whose body stalls after the headers (a whole-request timeout)", async () => {
    // Headers and 10 of 1000 body bytes arrive at once, then nothing: only a total timeout sees it.
    const server = h.serve(await startServer({ fault: "stall-mid-body" }));
    const result = await h.run(makePlan(server.url, { connections: 1, durationMs: 300 }, { timeoutMs: 100 }));
    expectOnly(result, "timeout");
    expect(result.requests.failed).toBeGreaterThanOrEqual(2);
    expect(ms(result.latencyFailed.maxValue)).toBeLessThan(130);
  });
});

describe("a connection that never completes", () => {
  it("is a timeout at the deadline, and the loop carries on with its next request", async () => {
    // A TCP server that accepts and never speaks: an https handshake to it hangs forever.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    let result: ScenarioResult;
    try {
      result = await h.run(
        makePlan(`https://127.0.0.1:${port}`, { connections: 1, durationMs: 1000 }, { timeoutMs: 200 }),
      );
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
    expectOnly(result, "timeout");
    // 200 ms per attempt, plus ≤ 60 ms until undici lets go of the hung connection.
    expect(result.requests.failed).toBeGreaterThanOrEqual(3);
    expect(result.requests.failed).toBeLessThanOrEqual(5);
    expect(ms(result.latencyFailed.getValueAtPercentile(0))).toBeGreaterThanOrEqual(199);
    expect(ms(result.latencyFailed.maxValue)).toBeLessThan(230);
  });
});

describe("a request undici refuses to send", () => {
  it("stops the run with a RunError instead of counting the same failure forever", async () => {
    const server = h.serve(await startServer());
    const plan = makePlan(server.url, { connections: 2, durationMs: 2000 }, { headers: { "x-bad": "a\nb" } });
    const started = performance.now();
    await expect(h.run(plan)).rejects.toBeInstanceOf(RunError);
    await expect(h.run(plan)).rejects.toThrow(/cannot be sent/);
    expect(performance.now() - started).toBeLessThan(500);
    expect(server.stats.received).toBe(0);
  });
});
