import { parseDataFile } from "../data/parse-data-file.js";
import type { DataSet } from "../data/types.js";
import { BUDGET_DEFAULTS } from "./budget-defaults.js";
import type { ReadDataFile } from "./flow-checks.js";
import type { PathProblem } from "./issues.js";
import { asMap } from "./plain-map.js";
import { readBudgetFile } from "./read-error.js";
import type { KeyPath } from "./yaml-source.js";

/**
 * Reads and parses the scenario's `data.file` (relative to the budget's folder). Problems go to
 * `problems`, at the `file` value, each naming the data file's line (`queries.jsonl:17: …`).
 * Returns the data set, or undefined when there is none or it cannot be used.
 */
export function loadDataSet(
  scenario: Record<string, unknown>,
  at: KeyPath,
  readData: ReadDataFile | undefined,
  problems: PathProblem[],
): DataSet | undefined {
  const data = asMap(scenario.data);
  const file = data?.file;
  if (data === undefined || typeof file !== "string" || file === "") return undefined;
  const problem = (message: string): undefined => {
    problems.push({ path: [...at, "data", "file"], anchor: "value", message });
    return undefined;
  };
  const read = readBudgetFile(file, readData, {
    noFolder: `cannot read ${file}: this budget was not read from a file, so a data file has no folder to be found in`,
    unreadable: (why) =>
      `cannot read ${file} (${why}): a data file's path is relative to the budget file's folder`,
  });
  if ("problem" in read) return problem(read.problem);
  const parsed = parseDataFile(read.text, file);
  if (parsed.format === undefined || parsed.problems.length > 0) {
    for (const p of parsed.problems) problem(`${file}:${p.line}: ${p.message}`);
    return undefined;
  }
  const loadSeed = asMap(scenario.load)?.seed;
  const seed =
    typeof data.seed === "number"
      ? data.seed
      : typeof loadSeed === "number"
        ? loadSeed
        : BUDGET_DEFAULTS.seed;
  return {
    file,
    format: parsed.format,
    order: data.order === "shuffle" ? "shuffle" : "sequential",
    seed,
    rows: parsed.rows,
    fields: parsed.fields,
    lines: parsed.lines,
  };
}
