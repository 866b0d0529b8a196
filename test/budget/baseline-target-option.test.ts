/**
 * `BudgetOptions.baselineTarget` (the action's `baseline-target` input, `--baseline-target`):
 * checked like `--target` and built into `Budget.baselineTarget`.
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { BudgetError, InputError } from "../../src/errors.js";
import { lines } from "./helpers.js";

const SOURCE = lines(
  "version: 1",
  "target: http://127.0.0.1:8080",
  "scenarios:",
  "  - name: a",
  "    load: { duration: 1s }",
);
const parse = (baselineTarget?: string) =>
  parseBudget(SOURCE, {
    file: "perf-budget.yml",
    env: {},
    ...(baselineTarget === undefined ? {} : { baselineTarget }),
  });

describe("baselineTarget option", () => {
  test("becomes Budget.baselineTarget, trailing slashes trimmed; absent: none", () => {
    expect(parse("http://127.0.0.1:8081/v1//").baselineTarget).toBe("http://127.0.0.1:8081/v1");
    expect(parse().baselineTarget).toBeUndefined();
  });

  test("a value that is not an http(s) base URL is a located problem naming the flag", () => {
    expect(() => parse("127.0.0.1:8081")).toThrow(BudgetError);
    expect(() => parse("127.0.0.1:8081")).toThrow(
      'perf-budget.yml:1:1 --baseline-target: expected an http:// or https:// URL like "http://127.0.0.1:8081", got "127.0.0.1:8081"',
    );
  });

  test("credentials in it are refused without echoing them", () => {
    let caught: unknown;
    try {
      parse("http://user:hunter2@127.0.0.1:8081");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toMatch(/^--baseline-target \(the action's baseline-target input\): /);
    expect((caught as Error).message).not.toContain("hunter2");
  });
});
