/**
 * Several baseline files (`run --baseline A --baseline B …`, `compare A B … HEAD`) become one
 * history window: the newest run is THE baseline, the older ones its history, newest first. The
 * order comes from each report's `startedAt`, not from the command line, so a user can list the
 * files in any order (a glob sorts by name, not by time).
 */
import { PerfGateError } from "../errors.js";
import type { BaselineSource } from "../gate/types.js";
import type { Report } from "../report/types.js";
import { readReport } from "../report/write-report.js";
import { checkBaselineExists, fileSource, type LoadedBaseline } from "./gate-steps.js";
import type { RedactingOutput } from "./io.js";

/** A window of baselines: `baseline` is the newest (null: none usable), `history` the older ones. */
export interface BaselineWindow {
  readonly baseline: LoadedBaseline | null;
  /** Older than `baseline`, newest first. */
  readonly history: readonly Report[];
  /** Why a file was left out, one line each (also printed to stderr by `readBaselineWindow`). */
  readonly warnings: readonly string[];
}

/**
 * Orders baselines newest first by `startedAt`; equal (or unreadable) times keep the order given,
 * so the command line breaks ties. The first is the baseline, the rest its history.
 */
export function newestFirst(loaded: readonly LoadedBaseline[]): Pick<BaselineWindow, "baseline" | "history"> {
  const time = (b: LoadedBaseline): number => {
    const ms = Date.parse(b.report.startedAt);
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  };
  // Array.prototype.sort is stable: ties stay in command-line order.
  const [newest, ...older] = [...loaded].sort((a, b) => time(b) - time(a));
  return { baseline: newest ?? null, history: older.map((b) => b.report) };
}

/**
 * `run --baseline …`, read before the load. Every path is checked to exist first: a missing one
 * is an input error now (exit 2, nothing sent). A file that exists but cannot be used (corrupt,
 * another version) is a warning and is left out; the others still make the window, and with none
 * left the thresholds gate alone.
 * @throws InputError naming the first path that does not exist or is a directory
 */
export async function readBaselineWindow(
  paths: readonly string[],
  out: RedactingOutput,
): Promise<BaselineWindow> {
  for (const path of paths) await checkBaselineExists(path);
  const loaded: LoadedBaseline[] = [];
  const reasons: string[] = [];
  for (const path of paths) {
    try {
      const report = await readReport(path);
      loaded.push({ report, source: fileSource(path, report) });
    } catch (err) {
      if (!(err instanceof PerfGateError)) throw err;
      reasons.push(err.message);
    }
  }
  const consequence =
    loaded.length === 0
      ? "regressions not checked, the thresholds still gate"
      : "the other baselines are still compared with";
  const warnings = reasons.map((reason) => `baseline not used: ${reason}; ${consequence}`);
  for (const warning of warnings) out.err(`perf-gate: warning: ${warning}\n`);
  return { ...newestFirst(loaded), warnings };
}

/**
 * `compare`'s baselines: every file must be a usable report (comparing is the whole point, so a
 * bad one is an error, exit 2), ordered as `newestFirst`.
 * @throws PerfGateError naming the file and the field that is unusable
 */
export async function readCompareBaselines(
  paths: readonly string[],
): Promise<Pick<BaselineWindow, "baseline" | "history">> {
  const loaded: LoadedBaseline[] = [];
  for (const path of paths) {
    const report = await readReport(path);
    loaded.push({ report, source: fileSource(path, report) });
  }
  return newestFirst(loaded);
}

/** Where an embedded side-by-side baseline came from, in the summary's words. */
export function embeddedSource(headFile: string, head: Report): BaselineSource | null {
  if (!head.side_by_side) return null;
  return {
    description: `${head.side_by_side.baseline_target}, measured side by side in ${headFile}`,
    path: headFile,
  };
}
