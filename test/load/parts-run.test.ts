/**
 * Parts of one scenario run at the same time against one server (what workers and shards do):
 * together they must send exactly the whole scenario's load — the open model's schedule, the
 * closed model's loops — and number their iterations as one process would.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LoadPart, partLoad } from "../../src/load/part.js";
import { runScenario } from "../../src/load/run-scenario.js";
import type { ScenarioPlan } from "../../src/load/types.js";
import { compileString } from "../../src/template/compile-string.js";
import { destroyResult, makePlan } from "./plan.js";

let server: Server;
let base: string;
let inFlight = 0;
let maxInFlight = 0;
const paths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    paths.push(req.url ?? "");
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.end("ok");
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function partsOf(plan: ScenarioPlan, count: number): ScenarioPlan[] {
  return Array.from({ length: count }, (_, index): ScenarioPlan => {
    const part: LoadPart = { index, count };
    return { ...plan, load: partLoad(plan.load, part), part };
  });
}

describe("parts of one scenario run side by side in one process", () => {
  it("send the whole open-model schedule between them: 3 parts of 150/s for 1 s send 150, 50 each", async () => {
    paths.length = 0;
    const plan = makePlan(base, { ratePerSec: 150, connections: 6, durationMs: 1000 });
    const results = await Promise.all(partsOf(plan, 3).map((p) => runScenario(p)));
    try {
      expect(results.map((r) => r.requests.total)).toEqual([50, 50, 50]);
      expect(results.map((r) => r.requests.due)).toEqual([50, 50, 50]);
      expect(paths.length).toBe(150);
    } finally {
      for (const r of results) destroyResult(r);
    }
  });

  it("share the closed model's loops: 5 connections in 2 parts never exceed 5 in flight", async () => {
    maxInFlight = 0;
    const plan = makePlan(base, { connections: 5, durationMs: 500 });
    const [a, b] = partsOf(plan, 2);
    expect([a?.load.connections, b?.load.connections]).toEqual([3, 2]);
    const results = await Promise.all(partsOf(plan, 2).map((p) => runScenario(p)));
    try {
      expect(maxInFlight).toBeLessThanOrEqual(5);
      expect(maxInFlight).toBeGreaterThanOrEqual(4);
    } finally {
      for (const r of results) destroyResult(r);
    }
  });

  it("number their iterations as one process would: {{ seq }} 0 … 59 once each", async () => {
    paths.length = 0;
    const path = compileString("/{{ seq }}").template;
    const plan = makePlan(
      base,
      { ratePerSec: 60, connections: 4, durationMs: 1000 },
      { path: "/{{ seq }}", template: { headers: [], path } },
    );
    const results = await Promise.all(partsOf(plan, 2).map((p) => runScenario(p)));
    try {
      const seqs = paths.map((p) => Number(p.slice(1))).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i));
    } finally {
      for (const r of results) destroyResult(r);
    }
  });
});
