/**
 * An open model's connections cap its pool: split into more parts (shards, workers) than it has
 * connections, each part got one of its own and the cap rose. The truth: a loopback server that
 * answers after 40 ms, so one connection serves 25/s. At 40/s with `connections: 1`, one process
 * drops arrivals (untrusted), while 2 parts of one connection each (20/s each) dropped none: the
 * split run read as trusted. Such a split is refused now, before anything is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBudget } from "../src/budget/index.js";
import type { Budget } from "../src/budget/types.js";
import { checkPartable, runBudget, workersFor } from "../src/run-budget.js";
import { startServer, type TestServer } from "./fixtures/servers.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ delayMs: 40 });
});
afterAll(async () => {
  await server.close();
});

function budget(): Budget {
  const parsed = parseBudget(
    [
      "version: 1",
      `target: ${server.url}`,
      "scenarios:",
      "  - name: a",
      "    request: { path: / }",
      "    load: { rate: 40, connections: 1, duration: 1s }",
      "",
    ].join("\n"),
    { file: "b.yml", env: {} },
  );
  return { ...parsed, origin: { file: "b.yml", env: {} } };
}

describe("an open model with 1 connection at 40/s against a 40 ms server, split in 2", () => {
  it("is refused as 2 shards or 2 workers: one connection each raised the cap and hid the drops one process has", async () => {
    const b = budget();
    const scenario = b.scenarios[0] as Budget["scenarios"][number];
    // The truth: one process cannot serve 40/s on one 40 ms connection.
    const whole = (await runBudget(b, { toolVersion: "0" })).measured.scenarios[0];
    expect(whole?.requests.dropped).toBeGreaterThan(0);
    expect(() => checkPartable(b, b.scenarios, { index: 0, count: 2 })).toThrow(
      /scenario 'a': open model with 1 connection cannot be split into 2 shards/,
    );
    expect(() => workersFor(b, scenario, 2)).toThrow(
      /^scenario "a": --workers 2: expected at most 1 workers/,
    );
    expect(workersFor(b, scenario, "auto")).toBe(1);
  }, 15_000);
});
