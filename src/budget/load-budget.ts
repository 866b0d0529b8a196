/**
 * Reading the budget file (and its data files) from disk: the one place a budget touches the file
 * system.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { BudgetError } from "../errors.js";
import { type BudgetOptions, EXAMPLE, parseBudget } from "./parse-budget.js";
import type { Budget, BudgetOrigin } from "./types.js";

/**
 * Reads and parses a budget file.
 * @throws BudgetError when the file cannot be read (naming the path and what to do) or is invalid
 */
export async function loadBudget(file: string, options: BudgetOptions): Promise<Budget> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code;
    const message = `cannot read the budget file (${why}): create it${EXAMPLE}, or pass its path: perf-gate run path/to/perf-budget.yml`;
    throw new BudgetError([{ file, line: 1, col: 1, path: "", message }]);
  }
  // Data files (`data.file`) are named relative to the budget's own folder, not the working directory.
  const folder = dirname(resolve(file));
  const readData = (name: string): string => readFileSync(resolve(folder, name), "utf8");
  const budget = parseBudget(source, { readData, ...options, file });
  const { env, target, baselineTarget, uses } = options;
  // Plain values only: the origin is posted to worker threads, which read the file again.
  const origin: BudgetOrigin = {
    file,
    env: { ...env },
    ...(target === undefined ? {} : { target }),
    ...(baselineTarget === undefined ? {} : { baselineTarget }),
    ...(uses === undefined ? {} : { uses }),
  };
  return { ...budget, origin };
}
