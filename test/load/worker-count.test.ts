import { describe, expect, it } from "vitest";
import type { LoadSpec } from "../../src/budget/types.js";
import { autoWorkers, isLoopback, resolveWorkers } from "../../src/load/worker-count.js";

const closed = { connections: 3 } as LoadSpec;
const open = { connections: 10, ratePerSec: 100 } as LoadSpec;

describe("worker counts", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["localhost", true],
    ["LOCALHOST", true],
    ["[::1]", true],
    ["::1", true],
    ["128.0.0.1", false],
    ["10.0.0.7", false],
    ["api.example.com", false],
    ["[2001:db8::1]", false],
  ])("%s is loopback: %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });

  it("auto is the cores, one fewer on loopback (the server needs one), never fewer than 1", () => {
    expect(autoWorkers("api.example.com", 4)).toBe(4);
    expect(autoWorkers("127.0.0.1", 4)).toBe(3);
    expect(autoWorkers("127.0.0.1", 1)).toBe(1);
    expect(autoWorkers("api.example.com", 1)).toBe(1);
  });

  it("resolves absent to 1, a count as asked, auto capped by the connections (either model: each worker needs one)", () => {
    const remote = new URL("https://api.example.com/v1");
    expect(resolveWorkers(undefined, remote, open, 8)).toBe(1);
    expect(resolveWorkers(5, remote, closed, 8)).toBe(5);
    expect(resolveWorkers("auto", remote, open, 8)).toBe(8);
    expect(resolveWorkers("auto", remote, closed, 8)).toBe(3);
    expect(resolveWorkers("auto", new URL("http://localhost:8080"), open, 8)).toBe(7);
    // The open model's connections cap its pool: 3 workers of one each, not 8.
    expect(resolveWorkers("auto", remote, { ...open, connections: 3 }, 8)).toBe(3);
  });
});
