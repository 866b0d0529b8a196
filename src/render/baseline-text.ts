/**
 * Where the baseline came from, in the one line the terminal, the job summary and the PR comment
 * share: side by side in this job, a window of the base branch's last runs, or one earlier report.
 * The mode decides how the gate measured noise, so a reviewer must see it next to the verdict.
 */
import type { GateResult } from "../gate/types.js";
import type { BaselineMode, MeasuredScenario, Report } from "../report/types.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The gate's baseline mode; `artifact` for a gate that names a baseline source but no mode (a
 * result built before modes existed), so it is never shown as "no baseline".
 */
export function baselineModeOf(gate: GateResult): BaselineMode {
  const mode = gate.baselineMode ?? "none";
  return mode === "none" && gate.baseline !== null ? "artifact" : mode;
}

/** The action's description of a baseline run (see baseline-artifact.ts): `run 1234 on main at abc1234`. */
const RUN_DESCRIPTION = /^run (\d+) on (.+) at ([0-9a-f]{7,40})$/;

/** The branch of the history window, when the newest baseline's description names one. */
function historyBranch(gate: GateResult): { branch: string; run: string; commit: string } | null {
  const m = gate.baseline ? RUN_DESCRIPTION.exec(gate.baseline.description) : null;
  return m?.[1] && m[2] && m[3] ? { run: m[1], branch: m[2], commit: m[3] } : null;
}

/**
 * The history window in words, for a creep check: `the last 5 runs on main` (or `the last 5
 * runs` when the branch is unknown). The creep check compares with the OLDEST of these.
 */
export function describeWindow(gate: GateResult): string {
  const runs = gate.historyRuns ?? 0;
  const branch = historyBranch(gate)?.branch;
  const last = runs > 1 ? `the last ${runs} runs` : "the history window";
  return branch ? `${last} on ${branch}` : last;
}

/**
 * One line on the baseline, or null without one; `wrap` marks up a URL (inline code in markdown):
 * - side by side: `measured side by side, 12 rounds per side against http://127.0.0.1:8081 (…)`
 * - history: `compared with the last 5 runs on main (newest: run 1234 at abc1234)`
 * - artifact: the source's own description (`run 1234 on main at abc1234`, or a path)
 */
export function describeBaseline(
  report: Report,
  gate: GateResult,
  wrap: (text: string) => string = (text) => text,
): string | null {
  switch (baselineModeOf(gate)) {
    case "none":
      return null;
    case "side_by_side": {
      const rounds = gate.roundPairs === undefined ? "" : `, ${plural(gate.roundPairs, "round")} per side`;
      const target = report.side_by_side?.baseline_target;
      const against = target ? ` against ${wrap(target)}` : " against the baseline target";
      // Capacity searches take turns step by step: they have no rounds to count or pair.
      if (gate.roundPairs === 0 && report.scenarios.some((s) => s.capacity_search !== undefined))
        return `measured side by side${against} (capacity searches, steps interleaved A B B A …)`;
      return `measured side by side${rounds}${against} (rounds interleaved A B B A …, compared in pairs)`;
    }
    case "history": {
      const runs = gate.historyRuns ?? 1;
      const newest = historyBranch(gate);
      if (newest) {
        return `compared with the last ${plural(runs, "run")} on ${newest.branch} (newest: run ${newest.run} at ${newest.commit})`;
      }
      return `compared with the last ${plural(runs, "run")} (newest: ${gate.baseline?.description ?? "unknown"})`;
    }
    case "artifact":
      return gate.baseline?.description ?? "an earlier report";
  }
}

/**
 * The baseline side's scenarios by name, for the baseline column and charts: side A embedded in
 * `report.side_by_side` when the gate measured side by side, else the baseline report's.
 */
export function baselineScenarios(
  report: Report,
  gate: GateResult,
  baseline: Report | null | undefined,
): Map<string, MeasuredScenario> {
  const list =
    baselineModeOf(gate) === "side_by_side"
      ? (report.side_by_side?.scenarios ?? baseline?.scenarios ?? [])
      : (baseline?.scenarios ?? []);
  return new Map(list.map((s) => [s.name, s]));
}

/** The header of the baseline column: side by side says so, since both values are from this job. */
export function baselineColumn(gate: GateResult): string {
  return baselineModeOf(gate) === "side_by_side" ? "baseline (side by side)" : "baseline";
}
