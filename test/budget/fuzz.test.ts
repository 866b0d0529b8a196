// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * A seeded budget fuzzer (issue 9 §3: hostile budgets). Each mutant of examples/perf-budget.yml
 * (huge, negative and NaN-like numbers, wrong types, deep nesting, very long strings, unicode,
 * hostile keys, cut text) must either parse into a budget whose numbers are finite and within
 * the engine's bounds, or fail with located problems: never a throw of another kind, a stack, or
 * a hang. Deterministic (seeded) and fast (100 mutants, about 1 s); FUZZ_MUTANTS and FUZZ_SEED
 * run a longer hunt (10,000 mutants over seeds 4, 5, 7, 8 passed when this was written).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parse as parseYamlText, stringify } from "yaml";
import { type Budget, LOAD_LIMITS, parseBudget } from "../../src/budget/index.js";
import { BudgetError } from "../../src/errors.js";
import { mulberry32 } from "../../src/load/schedule.js";

const EXAMPLE = readFileSync(
  fileURLToPath(new URL("../../examples/perf-budget.yml", import.meta.url)),
  "utf8",
);
const ENV = { DEMO_TARGET: "http://127.0.0.1:43210", DEMO_API_KEY: "demo-key-123" };
const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 100);

/** The schedule's seeded PRNG, so every run tries the same mutants. */
const prng = mulberry32;

type Node = unknown;
const nested = (depth: number, leaf: Node, list: boolean): Node => {
  let node = leaf;
  for (let i = 0; i < depth; i++) node = list ? [node] : { a: node };
  return node;
};

/** Replacement values: numbers at and past every edge, other types, nesting, text. */
const VALUES: readonly (() => Node)[] = [
  () => 1e12,
  () => 1e308,
  () => -1,
  () => -0,
  () => 0,
  () => 0.5,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => 2 ** 53 + 1,
  () => "NaN",
  () => "Infinity",
  () => "1e12",
  () => "-5s",
  () => "1e3ms",
  () => `${"9".repeat(400)}h`,
  () => `<= ${"9".repeat(400)}ms`,
  () => `+${"9".repeat(400)}%`,
  () => `-${"9".repeat(400)}`,
  () => "0x10",
  () => null,
  () => true,
  () => [],
  () => {},
  () => [1, "a", null],
  () => ({ max: "+1e400%", floor: `${"9".repeat(400)}ms` }),
  () => nested(500, 1, true),
  () => nested(500, "x", false),
  () => "x".repeat(100_000),
  () => "\u0000\u0007\u001b[31m",
  () => "\ud800",
  () => "😀".repeat(1000),
  () => "\u202eevil",
  () => "${UNSET_VAR}",
  () => "${",
  () => "$${DEMO_API_KEY}",
  () => "http://user:pass@127.0.0.1",
  () => "/v1/../../etc/passwd",
  () => "__proto__",
];
const KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  "x".repeat(10_000),
  "😀",
  "0",
  "p95",
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Every path to a node of the document. */
function paths(
  node: Node,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) paths(item, [...at, i], out);
  } else if (node !== null && typeof node === "object")
    for (const [k, v] of Object.entries(node)) paths(v, [...at, k], out);
  return out;
}

function setAt(root: Node, path: readonly (string | number)[], value: Node): Node {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container = root as Record<string | number, Node>;
  container[head] = setAt(container[head], rest, value);
  return root;
}

/** One mutant: a structural change through the YAML data, or a change of the text itself. */
function mutant(random: () => number): string {
  const kind = random();
  if (kind < 0.15) {
    // Text: cut, duplicate a line, insert characters that YAML treats specially.
    const lines = EXAMPLE.split("\n");
    const i = Math.floor(random() * lines.length);
    const inserts = [
      "&a [*a]",
      "*nope",
      "!!binary x",
      "? [a]\n: b",
      "\t",
      "%YAML 1.1",
      "---",
      "{",
      "'",
      "<<: *a",
    ];
    if (random() < 0.3) return EXAMPLE.slice(0, Math.floor(random() * EXAMPLE.length));
    lines.splice(i, random() < 0.5 ? 1 : 0, `${lines[i] ?? ""}${pick(random, inserts)}`);
    return lines.join("\n");
  }
  const data = parseYamlText(EXAMPLE) as Node;
  const count = 1 + Math.floor(random() * 3);
  for (let n = 0; n < count; n++) {
    const path = pick(random, paths(data));
    if (random() < 0.8) setAt(data, path, pick(random, VALUES)());
    else {
      // A hostile key beside the others (defineProperty: "__proto__" as an own key, as YAML makes it).
      const node = path.reduce<Node>((at, seg) => (at as Record<string | number, Node>)[seg], data);
      if (node !== null && typeof node === "object" && !Array.isArray(node)) {
        const value = pick(random, VALUES)();
        Object.defineProperty(node, pick(random, KEYS), {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
    }
  }
  try {
    return stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    return EXAMPLE; // nesting beyond what the YAML writer itself can write: nothing to test
  }
}

/** What a parsed budget must hold for the engine: finite numbers within the bounds. */
function checkBudget(budget: Budget): void {
  for (const s of budget.scenarios) {
    const { load, request } = s;
    expect(Number.isInteger(load.connections) && load.connections >= 1).toBe(true);
    expect(load.connections).toBeLessThanOrEqual(LOAD_LIMITS.connections.max);
    if (load.ratePerSec !== undefined) {
      expect(load.ratePerSec > 0 && load.ratePerSec <= LOAD_LIMITS.ratePerSec.max).toBe(true);
    }
    expect(load.durationMs > 0 && load.durationMs + load.warmupMs <= LOAD_LIMITS.runMs.max).toBe(true);
    expect(load.warmupMs >= 0).toBe(true);
    expect(request.timeoutMs > 0 && request.timeoutMs <= LOAD_LIMITS.timeoutMs.max).toBe(true);
    expect(Number.isSafeInteger(load.seed)).toBe(true);
    for (const t of s.thresholds) expect(Number.isFinite(t.limit), `${s.name} ${t.metric}`).toBe(true);
    for (const r of s.regression) {
      for (const v of [r.maxRelative, r.maxAbsolute, r.floor]) {
        if (v !== undefined) expect(Number.isFinite(v), `${s.name} ${r.metric}`).toBe(true);
      }
    }
    for (const ms of [s.slo?.ttfbMs, s.slo?.ttftMs, s.slo?.tpotMs, s.slo?.latencyMs]) {
      if (ms !== undefined) expect(Number.isFinite(ms)).toBe(true);
    }
  }
}

function checkError(error: unknown, source: string): void {
  expect(error, `not a BudgetError for:\n${source.slice(0, 2000)}`).toBeInstanceOf(BudgetError);
  const { problems, message } = error as BudgetError;
  expect(problems.length).toBeGreaterThan(0);
  const lineCount = source.split("\n").length;
  for (const p of problems) {
    expect(p.line >= 1 && p.line <= lineCount + 1 && p.col >= 1, JSON.stringify(p)).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    // A problem is one readable line: no stack frames, no zod wording, no runaway echo.
    expect(p.message, p.message.slice(0, 300)).not.toMatch(/\n\s+at |Zod|Invalid input|\[object Object\]/);
    expect(p.message.length, p.message.slice(0, 300)).toBeLessThan(1000);
  }
  expect(message).not.toContain("demo-key-123");
}

describe("budget fuzzer (seeded)", () => {
  test(`${MUTANTS} mutants of examples/perf-budget.yml parse or fail with located problems`, () => {
    const random = prng(Number(process.env.FUZZ_SEED ?? 9));
    const failures: string[] = [];

    for (let i = 0; i < MUTANTS; i++) {
      const source = mutant(random);
      const started = performance.now();
      try {
        let outcome: { budget?: Budget; error?: unknown };
        try {
          outcome = { budget: parseBudget(source, { file: "perf-budget.yml", env: ENV }) };
        } catch (error) {
          outcome = { error };
        }
        const tookMs = performance.now() - started;

        expect(tookMs, `took ${Math.round(tookMs)} ms`).toBeLessThan(1000);
        if (outcome.budget) checkBudget(outcome.budget);
        else checkError(outcome.error, source);
      } catch (failure) {
        failures.push(`mutant ${i}: ${String((failure as Error).message).slice(0, 400)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
