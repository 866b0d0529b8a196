/**
 * `load.workers: 2` over https with `tls.ca`: each worker thread reads the budget again (its tls
 * files with it) and connects with the same trust; the merged report keeps the transport.
 * Worker threads load JavaScript, so this runs the built lib/ (see workers.test.ts).
 */
import { writeFile } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestCerts, type TestCerts } from "../fixtures/tls-certs.js";
import { type BuiltLib, importBuiltLib } from "./built-lib.js";

let loadBudget: BuiltLib["loadBudget"];
let runBudget: BuiltLib["runBudget"];
let certs: TestCerts;
const server = createServer();

beforeAll(async () => {
  ({ loadBudget, runBudget } = await importBuiltLib());
  certs = await makeTestCerts();
  server.setSecureContext({ cert: certs.server.cert, key: certs.server.key });
  server.on("request", (_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
}, 120_000);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await certs?.remove();
});

it("runs load.workers: 2 over https with tls.ca: every request ok in both workers, TLS verified in the merge", async () => {
  const target = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const file = join(certs.dir, "workers.yml");
  const budget = [
    "version: 1",
    `target: ${target}`,
    "tls: { ca: server.pem }",
    "scenarios:",
    "  - name: s",
    "    load: { rate: 100, connections: 4, duration: 400ms, workers: 2 }",
    "",
  ];
  await writeFile(file, budget.join("\n"));
  const outcome = await runBudget(await loadBudget(file, { env: {} }), { toolVersion: "test" });
  const scenario = outcome.measured.scenarios[0];
  expect(scenario?.load.workers).toBe(2);
  expect(scenario?.requests.failed).toBe(0);
  // 100/s for 0.4 s: 40 arrivals, split between the workers (a few may be dropped on a busy machine).
  expect(scenario?.requests.ok).toBe(scenario?.requests.total);
  expect(scenario?.requests.ok).toBeGreaterThanOrEqual(30);
  expect(scenario?.transport).toEqual({ protocol: "http/1.1", tls: "verified" });
}, 60_000);
