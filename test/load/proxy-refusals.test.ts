/**
 * Forward proxies that let nothing through, on loopback: a 407 (or 502) to CONNECT and a proxy
 * that closes the connection when asked for a tunnel (https targets) are `connect` errors (the
 * connection to the target could not be made), not `other`; a 407 answered in an http target's
 * place stays a response (`http_4xx`, status 407) whose sample says what the proxy wants. Every
 * proxy URL here carries credentials, which must never show in the report, the terminal or an error.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeRun, rulesOf, thresholdsOf } from "../../src/judge-run.js";
import { renderTerminalReport } from "../../src/render/terminal-report.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { runBudget } from "../../src/run-budget.js";
import { type RefusingProxy, startRefusingProxy } from "../fixtures/refusing-proxy.js";
import { refusedUrl, startServer, type TestServer } from "../fixtures/servers.js";

const USER = "gate-user";
const PASSWORD = "s3cret-pass";
/** The tunnel is refused before the target is ever contacted: nothing listens here. */
const HTTPS_TARGET = "https://127.0.0.1:9";

let dir: string;
let plain: TestServer;
const proxies: RefusingProxy[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-proxy-"));
  plain = await startServer();
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await plain?.close();
  await rm(dir, { recursive: true, force: true });
});

async function refusing(status: number | "close"): Promise<RefusingProxy> {
  const proxy = await startRefusingProxy(status);
  proxies.push(proxy);
  return proxy;
}

/** `url` with the test's user:password@ added. */
const withCredentials = (url: string, user = USER) => url.replace("http://", `http://${user}:${PASSWORD}@`);

let budgets = 0;

/**
 * Runs a one-scenario budget (200 ms, 2 connections) through `proxy`; returns the scenario, and
 * everything a user would see of the run (report.json and the terminal report) as one text.
 */
async function run(target: string, proxy: string, extra: readonly string[] = []) {
  const file = join(dir, `b${budgets++}.yml`);
  const body = ["version: 1", `target: ${target}`, "scenarios:", "  - name: s"];
  body.push("    load: { connections: 2, duration: 200ms, warmup: 0s }", `    proxy: ${proxy}`, ...extra, "");
  await writeFile(file, body.join("\n"));
  const budget = await loadBudget(file, { env: {} });
  const outcome = await runBudget(budget, { toolVersion: "test" });
  const { report } = judgeRun(outcome.measured, {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    baseline: null,
    baselineSource: null,
    failOn: "any",
  });
  const seen = `${JSON.stringify(report)}\n${renderTerminalReport(report, { color: false })}`;
  return { scenario: outcome.measured.scenarios[0] as MeasuredScenario, seen };
}

function expectNoCredentials(text: string): void {
  expect(text).not.toContain(USER);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString("base64"));
}

describe("a proxy that refuses the tunnel to an https target", () => {
  it("counts a 407 to CONNECT as connect errors (was: other), its sample naming the proxy by host:port and asking for credentials", async () => {
    const proxy = await refusing(407);
    const { scenario, seen } = await run(HTTPS_TARGET, proxy.url);
    expect(scenario.requests.ok).toBe(0);
    expect(scenario.requests.failed).toBeGreaterThan(0);
    expect(scenario.errors).toEqual({ connect: scenario.requests.failed });
    // One refused tunnel per failed request: the proxy, not the target, refused each one.
    expect(proxy.seen.tunnels).toBeGreaterThanOrEqual(scenario.requests.failed);
    expect(scenario.error_samples?.[0]).toEqual({
      kind: "connect",
      code: "PERF_GATE_PROXY_REFUSED",
      message: `proxy ${proxy.url} asks for credentials (it answered 407 Proxy Authentication Required to CONNECT): put them in the proxy URL (proxy: http://user:password@host:port, or HTTPS_PROXY)`,
    });
    expect(seen).toContain(`proxy ${proxy.url} asks for credentials`);
  });

  it("says the proxy refused the credentials in its URL, and never shows them", async () => {
    const proxy = await refusing(407);
    const { scenario, seen } = await run(HTTPS_TARGET, withCredentials(proxy.url));
    expect(scenario.errors).toEqual({ connect: scenario.requests.failed });
    expect(scenario.error_samples?.[0]?.message).toBe(
      `proxy ${proxy.url} refused the credentials in its URL (it answered 407 Proxy Authentication Required to CONNECT): check the user and password in proxy: or HTTPS_PROXY`,
    );
    expectNoCredentials(seen);
  });

  it("counts a 502 to CONNECT as connect errors (was: other)", async () => {
    const proxy = await refusing(502);
    const { scenario, seen } = await run(HTTPS_TARGET, withCredentials(proxy.url));
    expect(scenario.requests.failed).toBeGreaterThan(0);
    expect(scenario.errors).toEqual({ connect: scenario.requests.failed });
    expect(scenario.error_samples?.[0]?.message).toBe(
      `proxy ${proxy.url} refused to connect to ${HTTPS_TARGET} (it answered 502 to CONNECT): check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`,
    );
    expectNoCredentials(seen);
  });

  it("counts a proxy that closes the connection when asked for a tunnel (UND_ERR_PRX_CONN) as connect errors (was: other)", async () => {
    const proxy = await refusing("close");
    const { scenario, seen } = await run(HTTPS_TARGET, withCredentials(proxy.url));
    expect(scenario.requests.failed).toBeGreaterThan(0);
    expect(scenario.errors).toEqual({ connect: scenario.requests.failed });
    expect(scenario.error_samples?.[0]).toMatchObject({ kind: "connect", code: "UND_ERR_PRX_CONN" });
    expect(scenario.error_samples?.[0]?.message).toBe(
      `proxy ${proxy.url} closed the connection instead of answering CONNECT to ${HTTPS_TARGET} (other side closed): check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`,
    );
    expectNoCredentials(seen);
  });

  it("counts a proxy that refuses the TCP connection as connect errors, named without its credentials", async () => {
    const dead = await refusedUrl();
    const { scenario, seen } = await run(HTTPS_TARGET, withCredentials(dead));
    expect(scenario.requests.failed).toBeGreaterThan(0);
    expect(scenario.errors).toEqual({ connect: scenario.requests.failed });
    const host = new URL(dead).host;
    expect(scenario.error_samples?.[0]?.message).toBe(
      `proxy ${dead} cannot be reached (connect ECONNREFUSED ${host}): check proxy: or HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none`,
    );
    expectNoCredentials(seen);
  });
});

describe("a proxy that answers 407 in an http target's place", () => {
  it("counts it as its status says (http_4xx, status 407; was: other without a status), its sample saying the proxy wants credentials", async () => {
    const proxy = await refusing(407);
    const { scenario, seen } = await run(plain.url, proxy.url);
    expect(scenario.requests.ok).toBe(0);
    expect(scenario.requests.failed).toBeGreaterThan(0);
    expect(scenario.errors).toEqual({ http_4xx: scenario.requests.failed });
    expect(scenario.status).toEqual({ "407": scenario.requests.failed });
    // Every request reached the proxy once, and the target never.
    expect(proxy.seen.requests).toBe(scenario.requests.total);
    expect(plain.stats.received).toBe(0);
    expect(scenario.error_samples?.[0]).toEqual({
      kind: "http_4xx",
      status: 407,
      message: `proxy ${proxy.url} asks for credentials (it answered 407 Proxy Authentication Required): put them in the proxy URL (proxy: http://user:password@host:port, or HTTP_PROXY); HTTP 407 response: refused by the test proxy`,
    });
    expect(seen).toContain(`proxy ${proxy.url} asks for credentials`);
  });

  it("says the proxy refused the credentials in its URL, and never shows them", async () => {
    const proxy = await refusing(407);
    const { scenario, seen } = await run(plain.url, withCredentials(proxy.url));
    expect(scenario.errors).toEqual({ http_4xx: scenario.requests.failed });
    expect(scenario.error_samples?.[0]?.message).toBe(
      `proxy ${proxy.url} refused the credentials in its URL (it answered 407 Proxy Authentication Required): check the user and password in proxy: or HTTP_PROXY; HTTP 407 response: refused by the test proxy`,
    );
    expectNoCredentials(seen);
  });

  it("stops a setup request refused with 407 with the same hint, and the error never shows the credentials", async () => {
    const proxy = await refusing(407);
    const setup = ["    setup: { request: { path: /token } }"];
    const failed = run(plain.url, withCredentials(proxy.url), setup);
    await expect(failed).rejects.toThrow(
      `scenario "s": setup request GET /token answered HTTP 407: refused by the test proxy; proxy ${proxy.url} refused the credentials in its URL (it answered 407 Proxy Authentication Required): check the user and password in proxy: or HTTP_PROXY; the load was not started`,
    );
    expectNoCredentials(String(await failed.catch((error: Error) => error.message)));
  });

  it("keeps the hint to 407s: a 403 from the proxy is a plain http_4xx sample", async () => {
    const proxy = await refusing(403);
    const { scenario } = await run(plain.url, proxy.url);
    expect(scenario.errors).toEqual({ http_4xx: scenario.requests.failed });
    expect(scenario.error_samples?.[0]?.message).toBe("HTTP 403 response: refused by the test proxy");
  });
});
