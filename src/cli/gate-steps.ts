/**
 * The steps `run` and `compare` share around the gate: check a baseline path, print the report and
 * the regressions, write the markdown summary, turn the recorded verdict into the exit code.
 */
import { stat, writeFile } from "node:fs/promises";
import { redactSecrets } from "../budget/secrets.js";
import { InputError, RunError } from "../errors.js";
import type { BaselineSource, GateResult } from "../gate/types.js";
import { createPaint } from "../render/ansi.js";
import { renderMarkdownSummary } from "../render/markdown-summary.js";
import { renderRegressionSection } from "../render/regression-section.js";
import { renderTerminalReport } from "../render/terminal-report.js";
import type { Report } from "../report/types.js";
import { type CliIo, type RedactingOutput, SIGNAL_EXIT_CODE, type StopSignal } from "./io.js";

/** A baseline report and where it came from, as the summary names it. */
export interface LoadedBaseline {
  readonly report: Report;
  readonly source: BaselineSource;
}

/** Where a baseline file came from, in the summary's words. */
export function fileSource(path: string, report: Report): BaselineSource {
  return { description: `${path} (run started ${report.startedAt})`, path };
}

/**
 * `--baseline PATH` names a file that must exist: checked before the load, so a typo costs
 * nothing. (Its content is read later; a file that cannot be used is a warning.)
 * @throws InputError naming the path
 */
export async function checkBaselineExists(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw new InputError(`--baseline ${path} is a directory: pass the path of a report.json`);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : (code ?? "cannot be read");
    throw new InputError(
      `--baseline ${path}: ${why}; pass the report.json of an earlier run (perf-gate run --out), or leave --baseline out`,
    );
  }
}

/** Options of `printGate`. */
export interface PrintOptions {
  readonly color: boolean | undefined;
  readonly quiet: boolean;
  /** A baseline was asked for: print the regressions section after the report. */
  readonly withBaseline: boolean;
}

/**
 * Prints (stdout) the report — its verdict line is the gate's, recorded in it — and, when a
 * baseline was asked for, the regressions section. Nothing with `--quiet` (errors only).
 */
export function printGate(
  report: Report,
  gate: GateResult,
  options: PrintOptions,
  io: CliIo,
  out: RedactingOutput,
): void {
  if (options.quiet) return;
  const color = options.color ?? (io.isTTY.stdout && !io.env.NO_COLOR);
  const text = renderTerminalReport(report, { color });
  const section = options.withBaseline
    ? `${renderRegressionSection(report, gate, createPaint(color)).join("\n")}\n`
    : "";
  out.out(`${text}${section}`);
}

/**
 * Writes the markdown summary to `path`, with a last redaction pass over `secrets` (the report is
 * redacted already; the baseline's path and the warnings are not report text).
 * @throws RunError naming the path when it cannot be written
 */
export async function writeMarkdown(
  path: string,
  report: Report,
  gate: GateResult,
  baseline: Report | null,
  secrets: readonly string[],
): Promise<void> {
  const text = redactSecrets(renderMarkdownSummary(report, gate, { baseline }), secrets);
  try {
    await writeFile(path, text, "utf8");
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new RunError(`cannot write the markdown summary to ${path}: ${reason}`);
  }
}

/**
 * The exit code of a recorded verdict: 0 pass; 1 fail or untrusted; an interrupted run exits
 * 128 + the signal number (130 SIGINT, 143 SIGTERM), or 1 when it was judged from a file.
 */
export function verdictExitCode(report: Report, stoppedBy?: StopSignal): number {
  if (stoppedBy !== undefined) return SIGNAL_EXIT_CODE[stoppedBy];
  return report.verdict === "pass" ? 0 : 1;
}
