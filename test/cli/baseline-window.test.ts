/**
 * Several baselines at the CLI (issue 10 §2): `run --baseline` repeated and `compare B… HEAD`
 * hand the gate the newest baseline (by `startedAt`) and the older ones as history, newest first,
 * with the budget's `creep:` rules and `--fail-on`. What reaches `evaluateGate` is read from a spy
 * around the real function (the statistics over the history are the gate's, tested there).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newestFirst } from "../../src/cli/baseline-window.js";
import { NOTHING_TO_COMPARE } from "../../src/cli/compare-command.js";
import { main } from "../../src/cli/main.js";
import { evaluateGate } from "../../src/gate/evaluate-gate.js";
import type { GateInput } from "../../src/gate/types.js";
import type { Report } from "../../src/report/types.js";
import { startServer, type TestServer } from "../fixtures/servers.js";
import { captureIo } from "./cli-io.js";
import { latencies, writeChatReport } from "./report-files.js";

vi.mock("../../src/gate/evaluate-gate.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/gate/evaluate-gate.js")>();
  return { ...actual, evaluateGate: vi.fn(actual.evaluateGate) };
});
const gateSpy = vi.mocked(evaluateGate);

/** `main`, counting only its own gate calls (writing fixture reports gates them too). */
function cli(argv: string[], io = captureIo().io): Promise<number> {
  gateSpy.mockClear();
  return main(argv, io);
}

/** The input of the one evaluateGate call the command made. */
function gateInput(): GateInput {
  expect(gateSpy).toHaveBeenCalledTimes(1);
  const input = gateSpy.mock.calls[0]?.[0];
  if (!input) throw new Error("evaluateGate was not called");
  return input;
}

/** `startedAt` (and `finishedAt`, a tie-breaking marker) of each report, in order. */
const times = (reports: readonly (Report | null | undefined)[]) =>
  reports.map((r) => `${r?.startedAt} ${r?.finishedAt}`);

const RUN_YAML = `version: 1
target: http://127.0.0.1:9
scenarios:
  - name: chat
    request: { path: /api }
    load: { rate: 20, connections: 2, duration: 300ms }
    thresholds:
      error_rate: 1%
    regression:
      latency.p50: +50%
    creep:
      latency.p95: +25%
`;

let dir: string;
let server: TestServer;
let template: Report;
let budget: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-window-"));
  server = await startServer({ delayMs: 1 });
  template = JSON.parse(await readFile(await writeChatReport(dir, "t.json", latencies()), "utf8")) as Report;
  budget = join(dir, "perf-budget.yml");
  await writeFile(budget, RUN_YAML);
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A copy of the chat report that started at `startedAt` (finishedAt: `marker`), written as `name`. */
async function baselineFile(name: string, startedAt: string, marker = startedAt): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify({ ...template, startedAt, finishedAt: marker }));
  return path;
}

const T1 = "2026-11-01T10:00:00.000Z";
const T2 = "2026-11-02T10:00:00.000Z";
const T3 = "2026-11-03T10:00:00.000Z";

describe("newestFirst", () => {
  it("puts the newest startedAt first and keeps command-line order for equal times", () => {
    const at = (startedAt: string, finishedAt: string) => ({
      report: { ...template, startedAt, finishedAt },
      source: { description: finishedAt },
    });
    const window = newestFirst([at(T1, "a"), at(T3, "b"), at(T2, "c"), at(T3, "d"), at(T1, "e")]);
    expect(window.baseline?.source.description).toBe("b");
    expect(times(window.history)).toEqual([`${T3} d`, `${T2} c`, `${T1} a`, `${T1} e`]);
  });

  it("no files: no baseline and no history", () => {
    expect(newestFirst([])).toEqual({ baseline: null, history: [] });
  });
});

describe("perf-gate run --baseline, repeated", () => {
  const run = (...extra: string[]) => [
    "run",
    budget,
    "--target",
    server.url,
    "--out",
    join(dir, "run.json"),
    "--quiet",
    ...extra,
  ];

  it("gives the gate the newest as baseline, the others as history newest first, creep rules and fail-on", async () => {
    const [b1, b3, b2] = [
      await baselineFile("r1.json", T1),
      await baselineFile("r3.json", T3),
      await baselineFile("r2.json", T2),
    ];
    const cap = captureIo();
    await cli(run("--baseline", b1, "--baseline", b3, "--baseline", b2, "--fail-on", "strict"), cap.io);
    const input = gateInput();
    expect(times([input.baseline])).toEqual([`${T3} ${T3}`]);
    expect(input.baselineSource?.path).toBe(b3);
    expect(times(input.history ?? [])).toEqual([`${T2} ${T2}`, `${T1} ${T1}`]);
    expect(input.failOn).toBe("strict");
    expect([...(input.creep ?? new Map())]).toEqual([
      ["chat", [{ metric: "latency.p95", maxRelative: 0.25, source: "+25%", line: 12 }]],
    ]);
    const written = JSON.parse(await readFile(join(dir, "run.json"), "utf8")) as Report;
    expect(written.gate.fail_on).toBe("strict");
  });

  it("one --baseline is the baseline with no history, exactly as before", async () => {
    const only = await baselineFile("only.json", T2);
    await cli(run("--baseline", only), captureIo().io);
    const input = gateInput();
    expect(input.baselineSource?.path).toBe(only);
    expect(input.history).toBeUndefined();
    expect(input.failOn).toBe("any");
  });

  it("a missing file among several is an input error before any request is sent (exit 2)", async () => {
    const good = await baselineFile("good.json", T1);
    const missing = join(dir, "missing.json");
    const before = server.stats.received;
    const cap = captureIo();
    expect(await cli(run("--baseline", good, "--baseline", missing), cap.io)).toBe(2);
    expect(cap.stderr()).toBe(
      `perf-gate: --baseline ${missing}: no such file; pass the report.json of an earlier run (perf-gate run --out), or leave --baseline out\n`,
    );
    expect(server.stats.received).toBe(before);
    expect(gateSpy).not.toHaveBeenCalled();
  });

  it("a corrupt file among several is left out with a warning; the others still reach the gate", async () => {
    const [b1, b2] = [await baselineFile("c1.json", T1), await baselineFile("c2.json", T2)];
    const corrupt = join(dir, "corrupt.json");
    await writeFile(corrupt, JSON.stringify({ ...template, scenarios: "nope" }));
    const cap = captureIo();
    await cli(run("--baseline", corrupt, "--baseline", b1, "--baseline", b2), cap.io);
    expect(cap.stderr()).toContain(`perf-gate: warning: baseline not used: ${corrupt}: scenarios: `);
    expect(cap.stderr()).toContain("; the other baselines are still compared with\n");
    const input = gateInput();
    expect(input.baselineSource?.path).toBe(b2);
    expect(times(input.history ?? [])).toEqual([`${T1} ${T1}`]);
  });
});

describe("perf-gate compare with several baselines or none", () => {
  it("the last file is the head; the others are the window, newest by startedAt first", async () => {
    const [b2, b1, b3] = [
      await baselineFile("k2.json", T2),
      await baselineFile("k1.json", T1),
      await baselineFile("k3.json", T3),
    ];
    const head = await writeChatReport(dir, "k-head.json", latencies());
    const code = await cli(["compare", b2, b1, b3, head, "--budget", budget], captureIo().io);
    expect(code).toBe(0);
    const input = gateInput();
    expect(input.baselineSource?.path).toBe(b3);
    expect(times(input.history ?? [])).toEqual([`${T2} ${T2}`, `${T1} ${T1}`]);
    expect([...(input.creep ?? new Map()).keys()]).toEqual(["chat"]);
  });

  it("equal startedAt: command-line order decides which is the baseline", async () => {
    const first = await baselineFile("tie-a.json", T1, "first");
    const second = await baselineFile("tie-b.json", T1, "second");
    const head = await writeChatReport(dir, "tie-head.json", latencies());
    await cli(["compare", first, second, head], captureIo().io);
    const input = gateInput();
    expect(input.baselineSource?.path).toBe(first);
    expect(times(input.history ?? [])).toEqual([`${T1} second`]);
  });

  it("a corrupt baseline among several is refused (exit 2, one line naming the file)", async () => {
    const good = await baselineFile("cg.json", T1);
    const corrupt = join(dir, "c-corrupt.json");
    await writeFile(corrupt, JSON.stringify({ ...template, scenarios: "nope" }));
    const head = await writeChatReport(dir, "c-head.json", latencies());
    const cap = captureIo();
    expect(await cli(["compare", good, corrupt, head], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(
      new RegExp(`^perf-gate: ${corrupt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: scenarios: [^\n]*\n$`),
    );
    expect(gateSpy).not.toHaveBeenCalled();
  });

  it("the head alone without a side-by-side baseline: exit 2 with one line saying what compare needs", async () => {
    const head = await writeChatReport(dir, "alone.json", latencies());
    const cap = captureIo();
    expect(await cli(["compare", head], cap.io)).toBe(2);
    expect(cap.stderr()).toBe(`perf-gate: ${NOTHING_TO_COMPARE}: ${head} was not measured side by side\n`);
    expect(gateSpy).not.toHaveBeenCalled();
  });

  it("the head alone with its embedded baseline side: the gate gets baseline null and the side-by-side source", async () => {
    const path = join(dir, "sbs.json");
    const side = { baseline_target: "http://127.0.0.1:7", scenarios: template.scenarios };
    await writeFile(path, JSON.stringify({ ...template, side_by_side: side }));
    const code = await cli(["compare", path, "--fail-on", "never"], captureIo().io);
    expect(code).toBe(0);
    const input = gateInput();
    expect(input.baseline).toBeNull();
    expect(input.history ?? []).toEqual([]);
    expect(input.head.side_by_side?.baseline_target).toBe("http://127.0.0.1:7");
    expect(input.baselineSource).toEqual({
      description: `http://127.0.0.1:7, measured side by side in ${path}`,
      path,
    });
    expect(input.failOn).toBe("never");
  });
});

describe("--fail-on decides what a failed threshold does (compare, no load)", () => {
  it.each([
    ["any", 1],
    ["strict", 1],
    ["thresholds", 1],
    ["never", 0],
  ])("--fail-on %s with a failing threshold exits %i", async (mode, exit) => {
    const base = await writeChatReport(dir, `fo-base-${mode}.json`, latencies());
    // p95 ≈ 29 ms against a 20 ms limit: the threshold fails.
    const head = await writeChatReport(dir, `fo-head-${mode}.json`, latencies(), 20);
    const cap = captureIo();
    expect(await cli(["compare", base, head, "--fail-on", mode], cap.io)).toBe(exit);
    expect(gateInput().failOn).toBe(mode);
  });

  it("an unknown --fail-on is an input error (exit 2) before any file is read", async () => {
    const cap = captureIo();
    expect(await cli(["compare", join(dir, "none.json"), "--fail-on", "sometimes"], cap.io)).toBe(2);
    expect(cap.stderr()).toBe(
      'perf-gate: --fail-on: expected one of any, strict, thresholds, never, got "sometimes"; run `perf-gate --help` for usage\n',
    );
  });
});
