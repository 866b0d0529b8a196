/**
 * Which parts of a budget a command uses, so that only their `${VAR}`s must be set: `compare`
 * sends nothing and reads only the regression rules, `run -s NAME` sends only one scenario. A
 * variable that is missing elsewhere is not a problem there; the value keeps its `${VAR}` text.
 */
import { asMap } from "./plain-map.js";
import type { KeyPath } from "./yaml-source.js";

/**
 * The parts of the budget the caller will use:
 * - absent, or `{ scenario: undefined }`: everything (every scenario may run)
 * - `{ scenario: NAME }`: the target, `defaults` and the scenario named NAME (`run -s NAME`). An
 *   unknown NAME uses no scenario, so that the run can refuse it with the names it has.
 * - `"regression"`: the scenario names and their `regression:` and `creep:` rules, and nothing is
 *   sent (`compare`). The file's target and baseline_target are then neither needed nor checked:
 *   `Budget.target` is "" and `Budget.baselineTarget` absent.
 */
export type BudgetUse = "regression" | { readonly scenario: string | undefined };

/** Says whether a value at a key path is used, i.e. whether its `${VAR}`s must be set. */
export type IsUsed = (path: KeyPath) => boolean;

/**
 * The `IsUsed` of `uses` for the budget `data` (after YAML, before interpolation).
 * @param nameOf a scenario's name as it will read after interpolation (names may use `${VAR}`)
 */
export function usedParts(
  uses: BudgetUse | undefined,
  data: unknown,
  nameOf: (written: unknown) => unknown,
): IsUsed {
  if (uses === undefined) return () => true;
  if (uses === "regression") {
    return (path) =>
      path[0] !== "target" && path[0] !== "baseline_target" && path[0] !== "defaults" && isNameOrRules(path);
  }
  const { scenario } = uses;
  if (scenario === undefined) return () => true;
  const scenarios = asMap(data)?.scenarios;
  const list = Array.isArray(scenarios) ? scenarios : [];
  const others = new Set(list.flatMap((item, i) => (nameOf(asMap(item)?.name) === scenario ? [] : [i])));
  return (path) => path[0] !== "scenarios" || !others.has(Number(path[1])) || path[2] === "name";
}

/** Outside `scenarios`, or a scenario's name, `regression:` or `creep:`. */
function isNameOrRules(path: KeyPath): boolean {
  const key = path[2];
  return (
    path[0] !== "scenarios" || path.length < 3 || key === "name" || key === "regression" || key === "creep"
  );
}

/**
 * The problem of a value the command does not use, whose `${NAME}` is not set, but whose written
 * text the schema still refuses (a duration or a limit from the environment): it cannot be left
 * unset, because the budget is checked as a whole.
 */
export function unusedButNeededMessage(name: string): string {
  return `environment variable ${name} is not set: this command does not use the value, but it must still be valid for the budget to be read (set ${name}, or write the value in the file)`;
}
