import { expect } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { BudgetError } from "../../src/errors.js";

/** Joins lines into a budget source, so each test's line numbers can be read off the array. */
export function lines(...text: string[]): string {
  return `${text.join("\n")}\n`;
}

/** Parses a budget that must be invalid and returns the BudgetError it throws. */
export function budgetError(
  source: string,
  env: Readonly<Record<string, string | undefined>> = {},
  target?: string,
): BudgetError {
  try {
    parseBudget(source, { file: "perf-budget.yml", env, ...(target === undefined ? {} : { target }) });
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetError);
    return error as BudgetError;
  }
  throw new Error("expected parseBudget to throw a BudgetError");
}

/**
 * The error message of a budget whose scenarios are `scenarioLines` (the lines under
 * `scenarios:`), or "" when it parses.
 */
export function budgetMessage(scenarioLines: readonly string[]): string {
  const source = ["version: 1", "target: http://127.0.0.1:9", "scenarios:", ...scenarioLines, ""].join("\n");
  try {
    parseBudget(source, { file: "b.yml", env: {} });
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}
