/**
 * A server that requires a client certificate, and a budget that sets none: over TLS 1.3 the
 * client's handshake completes and the server then closes the connection with a `certificate
 * required` alert, which undici reports as `other side closed` (a reset like any other); over
 * TLS 1.2 the handshake itself fails (`handshake failure`). Either way the error sample now says
 * to set tls.cert and tls.key. Servers that reset connections without an alert (https and plain
 * http) get no such hint: it fires only on the alert the socket saw.
 */
import { writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBudget } from "../../src/budget/load-budget.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { runBudget } from "../../src/run-budget.js";
import { makeTestCerts, type TestCerts } from "../fixtures/tls-certs.js";

let certs: TestCerts;
const servers: (HttpServer | HttpsServer)[] = [];

beforeAll(async () => {
  certs = await makeTestCerts();
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await certs?.remove();
});

async function listen(server: HttpServer | HttpsServer, scheme: "http" | "https"): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An https server that requires a client certificate signed by the test's client CA. */
function mutualTls(maxVersion: "TLSv1.2" | "TLSv1.3"): Promise<string> {
  const options = { cert: certs.server.cert, key: certs.server.key, ca: certs.client.cert, maxVersion };
  const server = createHttpsServer({ ...options, requestCert: true, rejectUnauthorized: true }, (_req, res) =>
    res.end("ok"),
  );
  return listen(server, "https");
}

let budgets = 0;

/** Runs a one-scenario budget (200 ms, 2 connections) in the certificates' folder. */
async function run(target: string, tls?: string, steps?: readonly string[]): Promise<MeasuredScenario> {
  const file = join(certs.dir, `cert-hint-${budgets++}.yml`);
  const body = ["version: 1", `target: ${target}`, "scenarios:", "  - name: s", ...(steps ?? [])];
  body.push(
    "    load: { connections: 2, duration: 200ms, warmup: 0s }",
    ...(tls ? [`    tls: ${tls}`] : []),
    "",
  );
  await writeFile(file, body.join("\n"));
  const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
  return outcome.measured.scenarios[0] as MeasuredScenario;
}

const ASK = "set tls.cert and tls.key";

describe("a server that requires a client certificate, a budget without one", () => {
  it("says so over TLS 1.3, where every request failed as `other side closed` with no hint", async () => {
    const target = await mutualTls("TLSv1.3");
    const s = await run(target, "{ ca: server.pem }");
    expect(s.requests.ok).toBe(0);
    expect(s.requests.failed).toBeGreaterThan(0);
    // What undici saw: the connection closed (a reset), or now and then the alert itself.
    expect((s.errors.reset ?? 0) + (s.errors.connect ?? 0)).toBe(s.requests.failed);
    const hint = `server at ${target} requires a client certificate (TLS alert: certificate required): ${ASK}`;
    expect(s.error_samples?.length).toBeGreaterThan(0);
    for (const sample of s.error_samples ?? []) expect(sample.message.startsWith(`${hint}; `)).toBe(true);
  });

  it("counts the failed handshake over TLS 1.2 as connect errors (was: other), its sample asking for tls.cert", async () => {
    const target = await mutualTls("TLSv1.2");
    const s = await run(target, "{ ca: server.pem }");
    expect(s.requests.ok).toBe(0);
    expect(s.errors).toEqual({ connect: s.requests.failed });
    expect(s.error_samples?.[0]).toEqual({
      kind: "connect",
      code: "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE",
      message: `server at ${target} refused the TLS handshake (TLS alert: handshake failure): if it requires a client certificate, ${ASK}`,
    });
  });

  it("says so in a multi-step scenario's step samples too (was: the scenario's own only)", async () => {
    const target = await mutualTls("TLSv1.3");
    const steps = [
      "    steps:",
      "      - { name: a, request: { path: /a } }",
      "      - { name: b, request: { path: /b } }",
    ];
    const s = await run(target, "{ ca: server.pem }", steps);
    expect(s.requests.ok).toBe(0);
    const hint = `server at ${target} requires a client certificate (TLS alert: certificate required): ${ASK}`;
    const first = s.steps?.[0];
    expect(first?.requests.failed).toBeGreaterThan(0);
    expect(first?.error_samples?.length).toBeGreaterThan(0);
    for (const sample of first?.error_samples ?? [])
      expect(sample.message.startsWith(`${hint}; `)).toBe(true);
  });

  it("runs with tls.cert and tls.key, nothing failed", async () => {
    const target = await mutualTls("TLSv1.3");
    const s = await run(target, "{ ca: server.pem, cert: client.pem, key: client-key.pem }");
    expect(s.requests.failed).toBe(0);
    expect(s.requests.ok).toBeGreaterThan(0);
  });
});

describe("resets without a TLS alert get no client-certificate hint", () => {
  /** Closes every connection as soon as a request arrives, before any response byte. */
  const reset = (req: { socket: { destroy(): void } }) => req.socket.destroy();

  it("an https server that resets every request", async () => {
    const target = await listen(
      createHttpsServer({ cert: certs.server.cert, key: certs.server.key }, reset),
      "https",
    );
    const s = await run(target, "{ ca: server.pem }");
    expect(s.requests.failed).toBeGreaterThan(0);
    expect(s.errors).toEqual({ reset: s.requests.failed });
    expect(s.error_samples?.[0]?.message).toBe("SocketError: other side closed");
  });

  it("a plain http server that resets every request", async () => {
    const target = await listen(createHttpServer(reset), "http");
    const s = await run(target);
    expect(s.errors).toEqual({ reset: s.requests.failed });
    expect(s.error_samples?.[0]?.message).toBe("SocketError: other side closed");
  });
});
