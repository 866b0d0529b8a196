/**
 * A baseline that reached the target another way is not comparable: through a proxy or direct,
 * over http/1.1 or h2 (the same https server, which speaks both), over TLS or not. Each case runs
 * the CLI twice against loopback servers — `run --out base.json`, then `run --baseline base.json`
 * — as a workflow does; the truth is what the servers and a counting proxy saw. A baseline
 * written before transports were recorded (no `transport`, no phase timings) is never flagged.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { transportDifferences } from "../../src/gate/transport-differences.js";
import type { Report } from "../../src/report/types.js";
import { captureIo } from "../cli/cli-io.js";
import { type CountingProxy, startCountingProxy } from "../fixtures/proxy-server.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { makeTestCerts, type TestCerts } from "../fixtures/tls-certs.js";

let certs: TestCerts;
let plain: TestServer;
let proxy: CountingProxy;
let both: Http2SecureServer;
let httpsTarget: string;

beforeAll(async () => {
  certs = await makeTestCerts();
  plain = await startServer();
  proxy = await startCountingProxy();
  both = createSecureServer(
    { cert: certs.server.cert, key: certs.server.key, allowHTTP1: true },
    (_req, res) => res.end("ok"),
  );
  await new Promise<void>((resolve) => both.listen(0, "127.0.0.1", resolve));
  httpsTarget = `https://127.0.0.1:${(both.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await plain?.close();
  await proxy?.close();
  await new Promise<void>((resolve) => (both ? both.close(() => resolve()) : resolve()));
  await certs?.remove();
});

let files = 0;

/**
 * A budget of one scenario `api` (300 ms, 2 connections) with a tight regression rule, in `file`
 * (a baseline counts only for the budget file it was run from: a change is the same file edited).
 */
async function writeBudget(
  target: string,
  lines: readonly string[] = [],
  file = join(certs.dir, `budget-${files++}.yml`),
): Promise<string> {
  const body = ["version: 1", `target: ${target}`, "scenarios:", "  - name: api"];
  body.push("    load: { connections: 2, duration: 300ms, warmup: 0s }", ...lines);
  body.push("    regression:", "      latency.p50: +1%", "");
  await writeFile(file, body.join("\n"));
  return file;
}

/** `perf-gate run budget --out FILE [...args]` with `env`; its stdout and the report written. */
async function run(budget: string, args: readonly string[], env: Record<string, string> = {}) {
  const out = join(certs.dir, `report-${files++}.json`);
  const cap = captureIo(env);
  const code = await main(["run", budget, "--out", out, ...args], cap.io);
  expect(cap.stderr()).not.toContain("perf-gate: ");
  expect([0, 1]).toContain(code);
  const report = JSON.parse(await readFile(out, "utf8")) as Report;
  return { out, stdout: cap.stdout(), report };
}

const NOT_GATED = "not gated: the baseline ran a different load";

describe("a baseline measured through a proxy, this run direct (plain http target)", () => {
  it("is not comparable: proxy differs (the counting proxy saw the baseline's requests and none of this run's)", async () => {
    const budget = await writeBudget(plain.url);
    const base = await run(budget, [], { HTTP_PROXY: proxy.url });
    const baseTotal = base.report.scenarios[0]?.requests.total ?? 0;
    // The truth: every baseline request went through the proxy.
    expect(baseTotal).toBeGreaterThan(0);
    expect(proxy.seen.requests).toBe(baseTotal);
    const head = await run(budget, ["--baseline", base.out]);
    expect(proxy.seen.requests).toBe(baseTotal);
    expect(head.stdout).toContain(
      `${NOT_GATED} (proxy differs: baseline through proxy ${proxy.url}, this run direct)`,
    );
    // The same way twice: comparable, the rule is judged.
    const again = await run(budget, ["--baseline", base.out], { HTTP_PROXY: proxy.url });
    expect(again.stdout).not.toContain(NOT_GATED);
    expect(again.stdout).toContain("latency.p50");
  });

  it("does not flag a baseline written before transports were recorded (no transport, no phase timings)", async () => {
    const budget = await writeBudget(plain.url);
    const base = await run(budget, [], { HTTP_PROXY: proxy.url });
    const old = JSON.parse(await readFile(base.out, "utf8")) as Report & {
      scenarios: Record<string, unknown>[];
    };
    for (const scenario of old.scenarios) {
      for (const key of ["transport", "connect", "tls", "body"]) delete scenario[key];
    }
    const oldFile = join(certs.dir, "old-baseline.json");
    await writeFile(oldFile, JSON.stringify(old));
    const direct = await run(budget, ["--baseline", oldFile]);
    expect(direct.stdout).not.toContain(NOT_GATED);
    const proxied = await run(budget, ["--baseline", oldFile], { HTTP_PROXY: proxy.url });
    expect(proxied.report.scenarios[0]?.transport?.proxy).toBe(proxy.url);
    expect(proxied.stdout).not.toContain(NOT_GATED);
  });
});

describe("a baseline over http/1.1, this run over h2 (one https server that speaks both)", () => {
  it("is not comparable: protocol differs", async () => {
    const tls = "    tls: { ca: server.pem }";
    const budget = await writeBudget(httpsTarget, [tls]);
    const base = await run(budget, []);
    expect(base.report.scenarios[0]?.transport?.protocol).toBe("http/1.1");
    const h2 = await writeBudget(httpsTarget, [tls, "    http2: true"], budget);
    const head = await run(h2, ["--baseline", base.out]);
    expect(head.report.scenarios[0]?.transport?.protocol).toBe("h2");
    expect(head.stdout).toContain(`${NOT_GATED} (protocol differs: baseline http/1.1, this run h2)`);
    const again = await run(h2, ["--baseline", head.out]);
    expect(again.stdout).not.toContain(NOT_GATED);
  });
});

describe("transportDifferences", () => {
  const scenario = (url: string, transport?: Report["scenarios"][number]["transport"], phases = true) => ({
    request: { method: "GET", url },
    ...(transport === undefined ? {} : { transport }),
    ...(phases ? { connect: { count: 2 } } : {}),
  });
  const cases: [string, ReturnType<typeof scenario>, ReturnType<typeof scenario>, string[]][] = [
    [
      "TLS vs plain on the same host (the host comparison reads no scheme)",
      scenario("http://api.internal/v1"),
      scenario("https://api.internal/v1", { protocol: "http/1.1", tls: "verified" }),
      ["TLS differs: baseline http (no TLS), this run https (TLS)"],
    ],
    [
      "h2 vs http/1.1",
      scenario("https://a/", { protocol: "h2", tls: "verified" }),
      scenario("https://a/", { protocol: "http/1.1", tls: "verified" }),
      ["protocol differs: baseline h2, this run http/1.1"],
    ],
    [
      "a proxy vs a mixed merge",
      scenario("http://a/", { protocol: "http/1.1", proxy: "http://p:3128" }),
      scenario("http://a/", { protocol: "http/1.1", proxy: "mixed" }),
      ["proxy differs: baseline through proxy http://p:3128, this run direct and through a proxy (mixed)"],
    ],
    [
      "another proxy host is the same use of a proxy",
      scenario("http://a/", { proxy: "http://p1:3128" }),
      scenario("http://a/", { proxy: "http://p2:3128" }),
      [],
    ],
    [
      "an old https baseline without transport (this run h2 through a proxy)",
      scenario("https://a/", undefined, false),
      scenario("https://a/", { protocol: "h2", tls: "verified", proxy: "http://p:3128" }),
      [],
    ],
    [
      "a baseline that made no connection names no protocol",
      scenario("https://a/", { tls: "verified" }),
      scenario("https://a/", { protocol: "h2", tls: "verified" }),
      [],
    ],
  ];
  it.each(cases)("%s", (_what, base, head, expected) => {
    expect(transportDifferences(head as never, base as never)).toEqual(expected);
  });
});
