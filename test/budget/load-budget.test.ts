import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadBudget } from "../../src/budget/index.js";
import { BudgetError } from "../../src/errors.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/perf-budget.yml", import.meta.url));
const OPENAI_EXAMPLE = fileURLToPath(new URL("../../examples/openai-budget.yml", import.meta.url));
const SIDE_BY_SIDE_EXAMPLE = fileURLToPath(
  new URL("../../examples/side-by-side-budget.yml", import.meta.url),
);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-budget-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadError(file: string): Promise<BudgetError> {
  const error = await loadBudget(file, { env: {} }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BudgetError);
  return error as BudgetError;
}

describe("loadBudget", () => {
  test("a missing file names the path and says what to do", async () => {
    const file = join(dir, "nope.yml");
    const error = await loadError(file);
    expect(error.problems).toEqual([
      {
        file,
        line: 1,
        col: 1,
        path: "",
        message:
          "cannot read the budget file (no such file): create it (see examples/perf-budget.yml), or pass its path: perf-gate run path/to/perf-budget.yml",
      },
    ]);
    expect(error.exitCode).toBe(2);
  });

  test("a directory is not a budget", async () => {
    expect((await loadError(dir)).problems[0]?.message).toContain("(it is a directory)");
  });

  test("problems in a file name that file", async () => {
    const file = join(dir, "broken.yml");
    await writeFile(file, "version: 1\ntarget: http://h\nscenarios: []\n");
    expect((await loadError(file)).message).toContain(
      `${file}:3:12 scenarios: expected a list of at least one scenario`,
    );
  });
});

describe("examples/perf-budget.yml (the demo's budget)", () => {
  const env = { DEMO_TARGET: "http://127.0.0.1:43210", DEMO_API_KEY: "demo-key-123" };

  test("parses with the environment the demo sets", async () => {
    const budget = await loadBudget(EXAMPLE, { env });
    expect(budget.target).toBe("http://127.0.0.1:43210");
    expect(budget.secrets).toEqual(["http://127.0.0.1:43210", "demo-key-123"]);
    expect(budget.scenarios.map((s) => [s.name, s.request.method, s.request.path])).toEqual([
      ["items", "GET", "/api/items"],
      ["chat", "POST", "/v1/chat/completions"],
    ]);
    const [items, chat] = budget.scenarios;
    expect(items?.load).toMatchObject({ connections: 16, durationMs: 10_000, warmupMs: 2000 });
    expect(items?.load.ratePerSec).toBeUndefined();
    expect(chat?.load).toMatchObject({ arrival: "poisson", durationMs: 10_000, warmupMs: 2000 });
    expect(chat?.load.ratePerSec).toBeGreaterThan(0);
    // The demo shows the LLM metrics: an openai stream whose body asks for usage, and objectives.
    expect(chat?.request.stream).toMatchObject({ format: "openai", includeUsage: true });
    expect(JSON.parse(chat?.request.body ?? "{}")).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chat?.slo).toBeDefined();
    expect(chat?.request.headers).toMatchObject({
      authorization: "Bearer demo-key-123",
      "content-type": "application/json",
    });
    // The demo must finish in under a minute: measured + warm-up time of all scenarios.
    const totalMs = budget.scenarios.reduce((sum, s) => sum + s.load.durationMs + s.load.warmupMs, 0);
    expect(totalMs).toBeLessThanOrEqual(30_000);
  });

  test("points editors at the checked-in schema on its first line", async () => {
    const { readFile } = await import("node:fs/promises");
    const first = (await readFile(EXAMPLE, "utf8")).split("\n")[0];
    expect(first).toBe("# yaml-language-server: $schema=../schema/perf-budget.schema.json");
  });

  test("without DEMO_TARGET it says which variable is missing", async () => {
    const error = await loadBudget(EXAMPLE, { env: { DEMO_API_KEY: "k" } }).catch((e: unknown) => e);
    expect((error as BudgetError).problems.map((p) => p.message)).toEqual([
      "environment variable DEMO_TARGET is not set",
    ]);
  });
});

describe("examples/openai-budget.yml (the README's ready budget)", () => {
  const env = { OPENAI_BASE_URL: "http://127.0.0.1:8000", OPENAI_API_KEY: "sk-test-0123456789" };

  test("parses, streams both scenarios with usage asked for, and keeps the key secret", async () => {
    const budget = await loadBudget(OPENAI_EXAMPLE, { env });
    expect(budget.secrets).toEqual(["http://127.0.0.1:8000", "sk-test-0123456789"]);
    const [chat, batch] = budget.scenarios;
    for (const scenario of [chat, batch]) {
      expect(scenario?.request.stream).toMatchObject({ format: "openai", includeUsage: true });
      expect(JSON.parse(scenario?.request.body ?? "{}")).toMatchObject({
        stream: true,
        stream_options: { include_usage: true },
      });
    }
    expect(chat?.slo).toMatchObject({ ttftMs: 500, tpotMs: 50, latencyMs: 20_000 });
    expect(chat?.request.stream?.idleTimeoutMs).toBe(10_000);
    expect(batch?.request.stream?.idleTimeoutMs).toBe(60_000);
    expect(chat?.thresholds.map((t) => t.metric)).toEqual([
      "ttft.p95",
      "itl.p99",
      "tpot.p95",
      "goodput",
      "error_rate",
    ]);
    expect(batch?.regression.map((r) => r.metric)).toEqual(["output_tps", "request_output_tps.p50"]);
  });
});

describe("examples/side-by-side-budget.yml (the README's side-by-side budget)", () => {
  test("parses with a baseline target, 2 s rounds, regression and creep rules", async () => {
    const budget = await loadBudget(SIDE_BY_SIDE_EXAMPLE, { env: {} });
    expect(budget.baselineTarget).toBe("http://127.0.0.1:8081");
    const [search] = budget.scenarios;
    expect(search?.load).toMatchObject({ durationMs: 30_000, warmupMs: 2000, roundMs: 2000 });
    expect(search?.regression.map((r) => r.metric)).toEqual(["latency.p95", "latency.p50", "rps"]);
    expect(search?.regression[1]).toMatchObject({ maxRelative: 0.1, floor: 2 });
    expect(search?.creep.map((r) => `${r.metric} ${r.source}`)).toEqual(["latency.p95 +25%"]);
  });

  test("--baseline-target replaces its baseline target", async () => {
    const budget = await loadBudget(SIDE_BY_SIDE_EXAMPLE, {
      env: {},
      baselineTarget: "http://127.0.0.1:9000/",
    });
    expect(budget.baselineTarget).toBe("http://127.0.0.1:9000");
  });
});
