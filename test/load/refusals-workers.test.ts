/**
 * `load.workers: 2` through a proxy that answers 407 to every CONNECT, and against a server that
 * requires a client certificate: each worker classifies and explains its own failures, and the
 * merged report keeps both (connect errors named by the proxy's host:port, resets led by the TLS
 * alert's hint). Worker threads load JavaScript, so this runs the built lib/ (see workers.test.ts).
 */
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RefusingProxy, startRefusingProxy } from "../fixtures/refusing-proxy.js";
import { makeTestCerts, type TestCerts } from "../fixtures/tls-certs.js";
import { type BuiltLib, importBuiltLib } from "./built-lib.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let certs: TestCerts;
let proxy: RefusingProxy;
let server: Server;

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  certs = await makeTestCerts();
  proxy = await startRefusingProxy(407);
  // Mutual TLS (TLS 1.3): the server asks for a client certificate and refuses a client without one.
  const tls = { cert: certs.server.cert, key: certs.server.key, ca: certs.client.cert };
  server = createServer({ ...tls, requestCert: true, rejectUnauthorized: true }, (_req, res) =>
    res.end("ok"),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await certs?.remove();
});

async function run(lines: readonly string[]) {
  const target = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = join(certs.dir, "refusals-workers.yml");
  const budget = ["version: 1", `target: ${target}`, "tls: { ca: server.pem }", "scenarios:", "  - name: s"];
  budget.push("    load: { connections: 4, duration: 300ms, warmup: 0s, workers: 2 }", ...lines, "");
  await writeFile(file, budget.join("\n"));
  const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
  return { target, scenario: outcome.measured.scenarios[0] };
}

it("keeps a proxy's 407 to CONNECT as connect errors with the proxy's hint across 2 workers", async () => {
  const { scenario } = await run([
    `    proxy: ${proxy.url.replace("http://", "http://gate-user:s3cret-pass@")}`,
  ]);
  expect(scenario?.load.workers).toBe(2);
  expect(scenario?.requests.failed).toBeGreaterThan(0);
  expect(scenario?.errors).toEqual({ connect: scenario?.requests.failed });
  expect(scenario?.error_samples?.[0]?.message).toBe(
    `proxy ${proxy.url} refused the credentials in its URL (it answered 407 Proxy Authentication Required to CONNECT): check the user and password in proxy: or HTTPS_PROXY`,
  );
  expect(JSON.stringify(scenario)).not.toContain("s3cret");
}, 60_000);

it("keeps the client-certificate hint of TLS 1.3 resets across 2 workers", async () => {
  const { target, scenario } = await run([]);
  expect(scenario?.requests.ok).toBe(0);
  expect(scenario?.requests.failed).toBeGreaterThan(0);
  const hint = `server at ${target} requires a client certificate (TLS alert: certificate required): set tls.cert and tls.key; `;
  expect(scenario?.error_samples?.length).toBeGreaterThan(0);
  for (const sample of scenario?.error_samples ?? []) expect(sample.message.startsWith(hint)).toBe(true);
}, 60_000);
