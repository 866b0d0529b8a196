import { describe, expect, it } from "vitest";
import {
  code,
  escapeCell,
  formatChange,
  formatCheckLimit,
  formatDelta,
  formatRuleSource,
  formatValue,
  tableRow,
} from "../../src/render/markdown-values.js";

describe("formatDelta", () => {
  it.each([
    ["latency.p95", 52, "+52.0 ms"],
    ["latency.p95", -0.25, "-0.250 ms"],
    ["latency.p95", 0, "0 ms"],
    ["error_rate", 0.005, "+0.50 pp"],
    ["error_rate", -0.0125, "-1.25 pp"],
    ["rps", -3.14, "-3.1 req/s"],
    ["requests.failed", 12, "+12"],
    ["output_tps", -100, "-100.0 tok/s"],
    ["request_output_tps.p50", 2.25, "+2.3 tok/s"],
    ["output_tokens.p50", 12, "+12 tok"],
    ["goodput", -0.5, "-0.5 req/s"],
    ["ttft.p95", 80, "+80.0 ms"],
  ] as const)("%s %d → %s", (metric, delta, text) => {
    expect(formatDelta(metric, delta)).toBe(text);
  });
});

describe("formatValue", () => {
  it.each([
    ["latency.p99", 950.27, "950.3 ms"],
    ["error_rate", 0.0196, "1.96 %"],
    ["rps", 25.5, "25.5 req/s"],
    ["requests.ok", 100, "100"],
    ["latency.p99", null, "n/a"],
    ["output_tps", 1600, "1,600.0 tok/s"],
    ["output_tokens.p50", 160, "160 tok"],
    ["goodput", 9, "9.0 req/s"],
    ["itl.p99", 48, "48.0 ms"],
  ] as const)("%s %s → %s", (metric, value, text) => {
    expect(formatValue(metric, value)).toBe(text);
  });
});

describe("formatChange", () => {
  it.each([
    ["latency.p95", 190, 0.25, null, "+190.0 ms (+25.0 %)"],
    ["latency.p95", null, null, null, "—"],
    ["error_rate", 0.01, null, null, "+1.00 pp"],
    [
      "latency.p95",
      190,
      0.25,
      { low: 150, high: 230, confidence: 0.95 },
      "+190.0 ms (+25.0 %)<br>95 % CI +150.0 … +230.0 ms",
    ],
    [
      "rps",
      -5,
      -0.1,
      { low: -8, high: -2, confidence: 0.9 },
      "-5.0 req/s (-10.0 %)<br>90 % CI -8.0 … -2.0 req/s",
    ],
    ["requests.failed", 3, null, { low: 1, high: 5, confidence: 0.95 }, "+3<br>95 % CI +1 … +5"],
    [
      "output_tps",
      -100,
      -0.0588,
      { low: -160, high: -40, confidence: 0.95 },
      "-100.0 tok/s (-5.9 %)<br>95 % CI -160.0 … -40.0 tok/s",
    ],
  ] as const)("%s %s", (metric, change, relative, interval, text) => {
    expect(formatChange(metric, change, relative, interval)).toBe(text);
  });
});

describe("units in one style in limits and rules", () => {
  // Issue 9: limits were printed as written (`500ms`, `>= 500`, `1%`), a different style per line.
  it.each([
    [{ metric: "rps", op: ">=", limit: 500 }, false, "≥ 500 req/s"],
    [{ metric: "rps", op: ">=", limit: 500 }, true, ">= 500 req/s"],
    [{ metric: "latency.p95", op: "<=", limit: 100 }, true, "<= 100 ms"],
    [{ metric: "latency.p99", op: "<=", limit: 2000 }, false, "≤ 2000 ms"],
    [{ metric: "error_rate", op: "<=", limit: 0.01 }, true, "<= 1 %"],
    [{ metric: "output_tps", op: ">", limit: 1500 }, false, "> 1,500 tok/s"],
  ] as const)("threshold limit %o (ascii %s) → %s", (check, ascii, text) => {
    expect(formatCheckLimit(check, ascii)).toBe(text);
  });

  it.each([
    ["+10%", "+10 %"],
    ["+0.5pp", "+0.5 pp"],
    ["+20ms", "+20 ms"],
    ["-10%", "-10 %"],
    ["{ max: +15%, floor: 20ms }", "+15 %, floor 20 ms"],
    ["{ max: +10%, floor: 1s }", "+10 %, floor 1000 ms"],
  ])("regression rule %j → %j", (source, text) => {
    expect(formatRuleSource(source)).toBe(text);
  });
});

describe("escapeCell / code", () => {
  it.each([
    ["a|b", "a\\|b"],
    ["two\nlines", "two lines"],
  ])("cell %j → %j", (text, cell) => {
    expect(escapeCell(text)).toBe(cell);
  });

  it("tableRow escapes each cell", () => {
    expect(tableRow(["`a`", "x|y", "two\nlines"])).toBe("| `a` | x\\|y | two lines |");
  });

  it.each([
    ["latency.p95", "`latency.p95`"],
    ["a`b", "``a`b``"],
    ["`x", "`` `x ``"],
  ])("code %j → %j", (text, md) => {
    expect(code(text)).toBe(md);
  });
});
