/**
 * Transport keys against real loopback servers: an https server with a self-signed certificate
 * made in the test (trusted with tls.ca, accepted with tls.insecure, refused with a hint
 * otherwise), a server that requires a client certificate, an h2 server, and a counting forward
 * proxy (proxy:, the environment's HTTP(S)_PROXY and NO_PROXY, proxy: none). Every budget is
 * read from a file in the certificates' folder, as the CLI reads it; env is passed explicitly.
 */
import { writeFile } from "node:fs/promises";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetDigest } from "../../src/budget/budget-digest.js";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeRun, rulesOf, thresholdsOf } from "../../src/judge-run.js";
import { judgeShard } from "../../src/judge-shard.js";
import { mergeShardFiles } from "../../src/merge-shard-files.js";
import { renderTerminalReport } from "../../src/render/terminal-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { writeReport } from "../../src/report/write-report.js";
import { runBudget } from "../../src/run-budget.js";
import { type CountingProxy, startCountingProxy } from "../fixtures/proxy-server.js";
import { refusedUrl, startServer, type TestServer } from "../fixtures/servers.js";
import { makeTestCerts, type TestCerts } from "../fixtures/tls-certs.js";

let certs: TestCerts;
const servers: { close(): unknown }[] = [];

beforeAll(async () => {
  certs = await makeTestCerts();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await certs?.remove();
});

/** Listens on 127.0.0.1:0 and returns the https origin; the server is closed after the file. */
async function listen(server: HttpsServer | Http2SecureServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({
    close: () => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An https/1.1 server answering `ok`, with `options` (certificate, client-certificate rules). */
function httpsServer(options: Parameters<typeof createHttpsServer>[0]): Promise<string> {
  return listen(createHttpsServer(options, (_req, res) => res.end("ok")));
}

let budgets = 0;

/** Writes a budget of one scenario (its extra lines under `- name: s`) into the certificates' folder. */
async function writeBudget(
  target: string,
  lines: readonly string[],
  top: readonly string[] = [],
): Promise<string> {
  const file = join(certs.dir, `b${budgets++}.yml`);
  const body = [
    "version: 1",
    `target: ${target}`,
    ...top,
    "scenarios:",
    "  - name: s",
    "    load: { connections: 2, duration: 300ms, warmup: 0s }",
    ...lines,
    "",
  ];
  await writeFile(file, body.join("\n"));
  return file;
}

/** Reads and runs `file` with `env`, returning its one scenario's report (and the whole outcome). */
async function run(file: string, env: Record<string, string> = {}) {
  const budget = await loadBudget(file, { env });
  const outcome = await runBudget(budget, { toolVersion: "test" });
  const scenario = outcome.measured.scenarios[0] as MeasuredScenario;
  return { budget, outcome, scenario };
}

describe("tls against a self-signed certificate made in the test", () => {
  let target: string;
  beforeAll(async () => {
    target = await httpsServer({ cert: certs.server.cert, key: certs.server.key });
  });

  it("runs with tls.ca naming the certificate: every request ok, TLS verified", async () => {
    const { scenario } = await run(await writeBudget(target, ["    tls: { ca: server.pem }"]));
    expect(scenario.requests.ok).toBeGreaterThan(0);
    expect(scenario.requests.failed).toBe(0);
    expect(scenario.transport).toEqual({ protocol: "http/1.1", tls: "verified" });
  });

  it("takes tls from the budget's top level for every scenario", async () => {
    const { scenario } = await run(await writeBudget(target, [], ["tls: { ca: server.pem }"]));
    expect(scenario.requests.failed).toBe(0);
    expect(scenario.requests.ok).toBeGreaterThan(0);
  });

  it("runs with tls.insecure, says TLS is not verified, and the report warns about it", async () => {
    const { budget, outcome, scenario } = await run(
      await writeBudget(target, ["    tls: { insecure: true }"]),
    );
    expect(scenario.requests.failed).toBe(0);
    expect(scenario.requests.ok).toBeGreaterThan(0);
    expect(scenario.transport?.tls).toBe("not verified");
    const { report } = judgeRun(outcome.measured, {
      thresholds: thresholdsOf(budget),
      rules: rulesOf(budget),
      baseline: null,
      baselineSource: null,
      failOn: "any",
    });
    const warning =
      "scenario s: TLS certificates are NOT verified (tls.insecure: true): a man-in-the-middle would go unnoticed; use tls.ca for a trusted run";
    expect(report.warnings).toContain(warning);
    const text = renderTerminalReport(report, { color: false });
    expect(text).toContain(warning);
    expect(text).toContain("transport: http/1.1 · TLS NOT verified (tls.insecure)");
  });

  it("fails every request without tls.ca or insecure, its sample saying the certificate is not trusted and what to set", async () => {
    const { scenario } = await run(await writeBudget(target, []));
    expect(scenario.requests.ok).toBe(0);
    expect(scenario.errors.connect).toBeGreaterThan(0);
    expect(scenario.error_samples?.[0]?.message).toBe(
      `certificate of ${target} is not trusted (self-signed certificate): set tls.ca to its CA file, or tls.insecure: true for a staging endpoint`,
    );
  });

  it("sends a scenario's setup request with its tls settings, and a refused one says why before any load", async () => {
    const setup = ["    setup: { request: { path: /token } }"];
    const { scenario } = await run(await writeBudget(target, [...setup, "    tls: { ca: server.pem }"]));
    expect(scenario.requests.ok).toBeGreaterThan(0);
    await expect(run(await writeBudget(target, setup))).rejects.toThrow(
      `scenario "s": setup request GET /token failed: certificate of ${target} is not trusted (self-signed certificate): set tls.ca to its CA file, or tls.insecure: true for a staging endpoint; the load was not started`,
    );
  });

  it("carries the transport through shard report files and their merge (report.json valid both ways)", async () => {
    const file = await writeBudget(target, ["    tls: { insecure: true }"]);
    const budget = await loadBudget(file, { env: {} });
    const digest = await budgetDigest(file);
    const files = [0, 1].map((i) => join(certs.dir, `shard-${budgets}-${i}.json`));
    // Shards run at the same time (the merge refuses shards that did not overlap).
    const outcomes = await Promise.all(
      [0, 1].map((index) => runBudget(budget, { toolVersion: "0", part: { index, count: 2 } })),
    );
    for (const [index, outcome] of outcomes.entries()) {
      const shard = judgeShard(outcome.measured, {
        budget,
        shard: { index: index + 1, count: 2 },
        digest,
        notRun: [],
      });
      expect(shard.scenarios[0]?.transport).toEqual({ protocol: "http/1.1", tls: "not verified" });
      await writeReport(files[index] as string, shard, []);
    }
    const { measured } = await mergeShardFiles(files, { budget: { file, digest }, toolVersion: "0" });
    expect(measured.scenarios[0]?.transport).toEqual({ protocol: "http/1.1", tls: "not verified" });
  });

  it("runs a side-by-side baseline target with the same tls settings: both sides ok, both verified", async () => {
    const baseline = await httpsServer({ cert: certs.server.cert, key: certs.server.key });
    const file = join(certs.dir, `b${budgets++}.yml`);
    const lines = [
      "version: 1",
      `target: ${target}`,
      `baseline_target: ${baseline}`,
      "tls: { ca: server.pem }",
      "scenarios:",
      "  - name: s",
      "    load: { connections: 1, duration: 2s, round: 1s }",
      "",
    ];
    await writeFile(file, lines.join("\n"));
    const { outcome } = await run(file);
    const sides = [outcome.measured.scenarios[0], outcome.measured.side_by_side?.scenarios[0]];
    for (const side of sides) {
      expect(side?.requests.failed).toBe(0);
      expect(side?.requests.ok).toBeGreaterThan(0);
      expect(side?.transport).toEqual({ protocol: "http/1.1", tls: "verified" });
    }
  });

  it("names the mismatch when the certificate is not for the target's host, and tls.servername fixes it", async () => {
    const other = await httpsServer({ cert: certs.otherName.cert, key: certs.otherName.key });
    const refused = await run(await writeBudget(other, ["    tls: { ca: other.pem }"]));
    expect(refused.scenario.requests.ok).toBe(0);
    expect(refused.scenario.error_samples?.[0]?.message).toBe(
      `certificate of ${other} is not for 127.0.0.1 (it names DNS:other.example): set tls.servername to a name the certificate holds, or target that name`,
    );
    const named = await run(
      await writeBudget(other, ["    tls: { ca: other.pem, servername: other.example }"]),
    );
    expect(named.scenario.requests.failed).toBe(0);
    expect(named.scenario.requests.ok).toBeGreaterThan(0);
  });
});

describe("client certificates (a server that requires one)", () => {
  let target: string;
  beforeAll(async () => {
    target = await httpsServer({
      cert: certs.server.cert,
      key: certs.server.key,
      ca: certs.client.cert,
      requestCert: true,
      rejectUnauthorized: true,
    });
  });

  it("accepts a run with tls.cert and tls.key", async () => {
    const lines = ["    tls: { ca: server.pem, cert: client.pem, key: client-key.pem }"];
    const { scenario } = await run(await writeBudget(target, lines));
    expect(scenario.requests.failed).toBe(0);
    expect(scenario.requests.ok).toBeGreaterThan(0);
  });

  it("refuses a run without a client certificate: no request is ok", async () => {
    const { scenario } = await run(await writeBudget(target, ["    tls: { ca: server.pem }"]));
    expect(scenario.requests.ok).toBe(0);
    expect(scenario.requests.failed).toBeGreaterThan(0);
    // TLS 1.3: the handshake completes, then the server closes the connection (a reset).
    expect(scenario.errors.reset).toBeGreaterThan(0);
  });
});

describe("http2", () => {
  it("measures an h2-only server with http2: true: ok requests, protocol h2", async () => {
    const server = createSecureServer({ cert: certs.server.cert, key: certs.server.key, allowHTTP1: false });
    server.on("stream", (stream) => {
      stream.respond({ ":status": 200 });
      stream.end("ok");
    });
    const target = await listen(server);
    const { scenario } = await run(
      await writeBudget(target, ["    http2: true", "    tls: { ca: server.pem }"]),
    );
    expect(scenario.requests.failed).toBe(0);
    expect(scenario.requests.ok).toBeGreaterThan(0);
    expect(scenario.transport).toEqual({ protocol: "h2", tls: "verified" });
  });

  it("speaks http/1.1 to a server that offers both when the budget has no http2 key, h2 with http2: true", async () => {
    const server = createSecureServer(
      { cert: certs.server.cert, key: certs.server.key, allowHTTP1: true },
      (_req, res) => res.end("ok"),
    );
    const target = await listen(server);
    const plain = await run(await writeBudget(target, ["    tls: { ca: server.pem }"]));
    expect(plain.scenario.requests.ok).toBeGreaterThan(0);
    expect(plain.scenario.transport?.protocol).toBe("http/1.1");
    // Offered second, h2 lost to http/1.1 on such a server: http2: true offers it first.
    const h2 = await run(await writeBudget(target, ["    http2: true", "    tls: { ca: server.pem }"]));
    expect(h2.scenario.requests.failed).toBe(0);
    expect(h2.scenario.transport?.protocol).toBe("h2");
  });

  it("fails on an h2-only server without http2: true: connect errors whose sample says to set http2: true", async () => {
    const server = createSecureServer({ cert: certs.server.cert, key: certs.server.key, allowHTTP1: false });
    server.on("stream", (stream) => {
      stream.respond({ ":status": 200 });
      stream.end("ok");
    });
    const target = await listen(server);
    const { scenario } = await run(await writeBudget(target, ["    tls: { ca: server.pem }"]));
    expect(scenario.requests.ok).toBe(0);
    expect(scenario.errors.connect).toBe(scenario.requests.failed);
    expect(scenario.error_samples?.[0]?.message).toBe(
      `server at ${target} accepts none of the protocols offered (http/1.1; TLS alert: no application protocol): set http2: true if it speaks only HTTP/2`,
    );
  });
});

describe("forward proxies", () => {
  let proxy: CountingProxy;
  let plain: TestServer;
  beforeAll(async () => {
    proxy = await startCountingProxy();
    plain = await startServer();
    servers.push(proxy, plain);
  });
  const reset = () => {
    proxy.seen.requests = 0;
    proxy.seen.tunnels = 0;
    proxy.seen.authorizations.length = 0;
  };

  it("sends every request of an http target through proxy: (count == the report's requests)", async () => {
    reset();
    const { scenario } = await run(await writeBudget(plain.url, [`    proxy: ${proxy.url}`]));
    expect(scenario.requests.ok).toBeGreaterThan(0);
    expect(proxy.seen.requests).toBe(scenario.requests.total);
    expect(scenario.transport).toEqual({ protocol: "http/1.1", proxy: proxy.url });
  });

  it("sends every request through the environment's HTTP_PROXY, and an https target through HTTPS_PROXY's tunnels", async () => {
    reset();
    const viaEnv = await run(await writeBudget(plain.url, []), { HTTP_PROXY: proxy.url });
    expect(viaEnv.scenario.requests.ok).toBeGreaterThan(0);
    expect(proxy.seen.requests).toBe(viaEnv.scenario.requests.total);
    reset();
    const target = await httpsServer({ cert: certs.server.cert, key: certs.server.key });
    const tunnelled = await run(await writeBudget(target, ["    tls: { ca: server.pem }"]), {
      https_proxy: proxy.url,
    });
    expect(tunnelled.scenario.requests.failed).toBe(0);
    expect(tunnelled.scenario.requests.ok).toBeGreaterThan(0);
    // One tunnel per connection (2), each carrying its slot's requests.
    expect(proxy.seen.tunnels).toBe(2);
    expect(tunnelled.scenario.transport).toEqual({ protocol: "http/1.1", tls: "verified", proxy: proxy.url });
  });

  it("bypasses the proxy for NO_PROXY=127.0.0.1, and ignores the environment with proxy: none", async () => {
    reset();
    const bypassed = await run(await writeBudget(plain.url, []), {
      HTTP_PROXY: proxy.url,
      NO_PROXY: "127.0.0.1",
    });
    expect(bypassed.scenario.requests.ok).toBeGreaterThan(0);
    expect(proxy.seen.requests).toBe(0);
    expect(bypassed.scenario.transport).toBeUndefined();
    const ignored = await run(await writeBudget(plain.url, ["    proxy: none"]), { HTTP_PROXY: proxy.url });
    expect(ignored.scenario.requests.ok).toBeGreaterThan(0);
    expect(proxy.seen.requests).toBe(0);
  });

  it("names an unreachable proxy in the error sample, never its credentials", async () => {
    const dead = (await refusedUrl()).replace("http://", "http://gate-user:s3cret-pass@");
    const { scenario } = await run(await writeBudget(plain.url, [`    proxy: ${dead}`]));
    expect(scenario.requests.ok).toBe(0);
    expect(scenario.errors.connect).toBe(scenario.requests.failed);
    const shown = new URL(dead).host;
    expect(scenario.error_samples?.[0]?.message).toBe(
      `proxy http://${shown} cannot be reached (connect ECONNREFUSED ${shown}): check proxy: or HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none`,
    );
  });

  it("sends a proxy URL's credentials to the proxy and never shows them in the report or the terminal", async () => {
    reset();
    const withAuth = proxy.url.replace("http://", "http://gate-user:s3cret-pass@");
    const { budget, outcome, scenario } = await run(await writeBudget(plain.url, [`    proxy: ${withAuth}`]));
    expect(scenario.requests.ok).toBeGreaterThan(0);
    expect(proxy.seen.authorizations[0]).toBe(
      `Basic ${Buffer.from("gate-user:s3cret-pass").toString("base64")}`,
    );
    const { report } = judgeRun(outcome.measured, {
      thresholds: thresholdsOf(budget),
      rules: rulesOf(budget),
      baseline: null,
      baselineSource: null,
      failOn: "any",
    });
    const text = `${JSON.stringify(report)}\n${renderTerminalReport(report, { color: false })}`;
    expect(text).toContain(`via proxy ${proxy.url}`);
    expect(text).not.toContain("gate-user");
    expect(text).not.toContain("s3cret");
    expect(budget.secrets).toContain("s3cret-pass");
  });
});
