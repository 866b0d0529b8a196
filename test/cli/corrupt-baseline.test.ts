/**
 * Corrupt baselines at the CLI (issue 9 §3): `compare` with a broken file exits 2 with one line
 * naming the file and the field; `run --baseline broken.json` warns and the thresholds still gate.
 * Both used to exit 3 with a stack trace from inside hdr-histogram-js. The broken files are real
 * reports (histograms of known values) with one kind of damage each.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";
import { HDR_DAMAGE, withDamagedHdr, withLongTimeline } from "./corrupt-reports.js";
import { latencies, writeChatReport } from "./report-files.js";

/** A budget whose run is trusted and passes its one threshold, with a regression rule to check. */
const budgetYaml = (threshold: string) => `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: chat
    request: { path: /api }
    load: { rate: 40, connections: 4, duration: 1s }
    thresholds:
      ${threshold}
    regression:
      latency.p50: +50%
`;

let dir: string;
let server: TestServer;
let good: Report;
let head: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-corrupt-"));
  server = await startServer({ delayMs: 1 });
  head = await writeChatReport(dir, "head.json", latencies());
  good = JSON.parse(await readFile(await writeChatReport(dir, "base.json", latencies()), "utf8")) as Report;
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function writeBroken(name: string, report: Report): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(report));
  return path;
}

/** Exactly one line on stderr, and no stack frame anywhere. */
function expectOneLine(stderr: string): void {
  expect(stderr.split("\n")).toHaveLength(2);
  expect(stderr).not.toMatch(/\n\s+at |unexpected error/);
}

describe("perf-gate compare with a corrupt report", () => {
  it.each(HDR_DAMAGE)(
    "BASE whose latency hdr is %s: exit 2, one line naming the file and the field (regression: exit 3 with a stack trace)",
    async (what, damage) => {
      const base = await writeBroken(`base-${what}.json`, withDamagedHdr(good, damage));
      const cap = captureIo();
      expect(await main(["compare", base, head], cap.io)).toBe(2);
      expect(cap.stderr().startsWith(`perf-gate: ${base}: scenarios[0].latency.hdr `)).toBe(true);
      expectOneLine(cap.stderr());
      expect(cap.stdout()).toBe("");
    },
  );

  it("BASE with a 200,000-entry timeline: exit 2, one line naming the bound", async () => {
    const base = await writeBroken("base-timeline.json", withLongTimeline(good, 200_000));
    const cap = captureIo();
    expect(await main(["compare", base, head], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(
      /^perf-gate: .*base-timeline\.json: scenarios\[0\]\.timeline: has more than 86401 points/,
    );
    expectOneLine(cap.stderr());
  });

  it("a corrupt HEAD is refused the same way", async () => {
    const broken = await writeBroken(
      "head-cut.json",
      withDamagedHdr(good, (hdr) => hdr.slice(0, 40)),
    );
    const cap = captureIo();
    expect(await main(["compare", head, broken], cap.io)).toBe(2);
    expect(cap.stderr()).toContain(`${broken}: scenarios[0].latency.hdr is not a readable HdrHistogram`);
    expectOneLine(cap.stderr());
  });

  it("the same reports undamaged compare fine (the control)", async () => {
    const base = await writeBroken("base-intact.json", good);
    expect(await main(["compare", base, head], captureIo().io)).toBe(0);
  });
});

describe("perf-gate run --baseline with a corrupt baseline", () => {
  const [, bitFlip] = HDR_DAMAGE.find(([what]) => what.startsWith("bit-flipped in the compressed")) ?? [];

  /** `perf-gate run BUDGET --target (the test server) --out OUT --baseline BASE`. */
  const runArgs = (budget: string, out: string, base: string): string[] => [
    "run",
    budget,
    "--target",
    server.url,
    "--out",
    join(dir, out),
    "--baseline",
    base,
  ];

  it("warns that the baseline is not used, naming the field, and the passing thresholds pass (exit 0)", async () => {
    if (!bitFlip) throw new Error("HDR_DAMAGE has a bit flip");
    const base = await writeBroken("run-base-flipped.json", withDamagedHdr(good, bitFlip));
    const budget = join(dir, "pass.yml");
    await writeFile(budget, budgetYaml("error_rate: 1%"));
    const cap = captureIo();
    expect(await main(runArgs(budget, "run-pass.json", base), cap.io)).toBe(0);
    expect(cap.stderr()).toContain(
      `perf-gate: warning: baseline not used: ${base}: scenarios[0].latency.hdr is not a readable HdrHistogram (cut or corrupted: `,
    );
    expect(cap.stderr()).not.toMatch(/\n\s+at |unexpected error/);
  });

  it("and a failing threshold still fails the run (exit 1): the thresholds gate without the baseline", async () => {
    const base = await writeBroken("run-base-timeline.json", withLongTimeline(good, 200_000));
    const budget = join(dir, "fail.yml");
    await writeFile(budget, budgetYaml('rps: ">= 1000000"'));
    const cap = captureIo();
    expect(await main(runArgs(budget, "run-fail.json", base), cap.io)).toBe(1);
    expect(cap.stderr()).toContain(
      `baseline not used: ${base}: scenarios[0].timeline: has more than 86401 points`,
    );
    expect(cap.stderr()).not.toMatch(/\n\s+at |unexpected error/);
  });
});
