/**
 * `perf-gate demo` end to end, in-process: the built-in API, the shipped example budget, the
 * report. The example budget runs ~24 s of load (two scenarios of 2 s warm-up + 10 s), so this
 * file is the slow one; everything it relies on is also covered by faster tests.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { captureIo } from "./cli-io.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-demo-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("perf-gate demo", () => {
  it("runs examples/perf-budget.yml against the demo API, passes, and writes the report", async () => {
    const out = join(dir, "demo-report.json");
    const cap = captureIo({});
    const started = performance.now();
    const code = await main(["demo", "--out", out], cap.io);
    const elapsedMs = performance.now() - started;
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    // Under a minute, as promised in the README and --help.
    expect(elapsedMs).toBeLessThan(40_000);
    expect(report.scenarios.map((s) => s.name)).toEqual(["items", "chat"]);
    for (const s of report.scenarios) {
      expect(s.requests.failed).toBe(0);
      expect(s.requests.ok).toBeGreaterThan(100);
    }
    expect(report).toMatchObject({ verdict: "pass", incomplete: false });
    // The demo's URL is not a secret (it is passed like --target), so the report shows it.
    expect(report.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(report.scenarios[1]?.request.url).toBe(`${report.target}/v1/chat/completions`);
    expect(code).toBe(0);
    expect(cap.stderr()).toMatch(/demo API listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(cap.stdout()).toContain("chat");
    // The demo key is a value from the (demo's) environment, so it is masked like any secret.
    expect(cap.stdout() + cap.stderr() + JSON.stringify(report)).not.toContain("demo-key-not-secret");
  }, 60_000);
});
