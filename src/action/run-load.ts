/**
 * The load of an action step: the budget run with its progress in the log, stopped cleanly when
 * the job is cancelled.
 */
import * as core from "@actions/core";
import { shortCapturedWarning } from "../budget/short-secrets.js";
import type { Budget, WorkerCount } from "../budget/types.js";
import type { LoadPart } from "../load/part.js";
import type { StartAt } from "../load/start-at.js";
import type { LiveProgress } from "../load/types.js";
import { renderProgressLine, renderScenarioDoneLine } from "../render/progress-line.js";
import { createProgressSchedule } from "../render/progress-schedule.js";
import { type RunOutcome, runBudget } from "../run-budget.js";
import { readActionVersion } from "./tool-version.js";

/** What an action step runs of the budget, and how. */
export interface LoadOptions {
  /** A shard's part of every scenario's load; absent: the whole. */
  readonly part?: LoadPart;
  /** The instant the first scenario starts at (`start-at`); absent: when ready. */
  readonly startAt?: StartAt;
  /** The `workers` input, replacing the budget's `load.workers`; absent: the budget's. */
  readonly workers?: WorkerCount;
}

/**
 * Runs the budget (or `options.part` of its load: a shard; from the `startAt` instant, when
 * given), logging progress every few seconds; a cancelled job stops the run cleanly, with what
 * was measured and the signal that stopped it.
 */
export async function runLoad(
  budget: Budget,
  { part, startAt, workers }: LoadOptions = {},
): Promise<RunOutcome & { readonly interruptedBy?: string }> {
  const abort = new AbortController();
  let interruptedBy: string | undefined;
  const stop = (signal: NodeJS.Signals): void => {
    interruptedBy ??= signal;
    abort.abort();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // The log is not a terminal: a plain line after 1 s, then every 5 s, as the CLI does in CI.
  const due = createProgressSchedule();
  const onProgress = (p: LiveProgress): void => {
    if (due(p.name)) core.info(renderProgressLine(p));
  };
  try {
    const outcome = await runBudget(budget, {
      signal: abort.signal,
      onProgress,
      onScenarioDone: (s) => core.info(renderScenarioDoneLine(s)),
      // A setup's captured token is masked in the log before any line could carry it.
      onSecrets: (values) => {
        for (const value of values) core.setSecret(value);
        const warning = shortCapturedWarning(values);
        if (warning !== null) core.warning(warning);
      },
      toolVersion: await readActionVersion(),
      ...(part ? { part } : {}),
      ...(startAt ? { startAt } : {}),
      ...(workers === undefined ? {} : { workers }),
    });
    return interruptedBy ? { ...outcome, interruptedBy } : outcome;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
