/**
 * The gate steps `run` and `compare` share once a report exists: read the baseline, evaluate
 * the gate, print the regressions after the terminal report, write the markdown summary.
 */
import { writeFile } from "node:fs/promises";
import { redactSecrets } from "../budget/secrets.js";
import type { Budget, RegressionRule } from "../budget/types.js";
import { PerfGateError, RunError } from "../errors.js";
import { evaluateGate } from "../gate/evaluate-gate.js";
import type { BaselineSource, GateResult } from "../gate/types.js";
import { createPaint } from "../render/ansi.js";
import { renderMarkdownSummary } from "../render/markdown-summary.js";
import { renderRegressionSection } from "../render/regression-section.js";
import { renderTerminalReport } from "../render/terminal-report.js";
import type { Report } from "../report/types.js";
import { readReport } from "../report/write-report.js";
import type { CliIo, RedactingOutput } from "./io.js";

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
 * Reads `--baseline` for `run`. A missing, unreadable or foreign file is not fatal: the warning
 * is printed to stderr and returned, so the summary shows it too, and the thresholds still gate.
 */
export async function readBaselineOrWarn(
  path: string,
  out: RedactingOutput,
): Promise<{ baseline: LoadedBaseline | null; warning?: string }> {
  try {
    const report = await readReport(path);
    return { baseline: { report, source: fileSource(path, report) } };
  } catch (err) {
    if (!(err instanceof PerfGateError)) throw err;
    const warning = `baseline not used: ${err.message}; regressions not checked, the thresholds still gate`;
    out.err(`perf-gate: warning: ${warning}\n`);
    return { baseline: null, warning };
  }
}

/** Per scenario name, the budget's `regression:` rules. */
export function rulesOf(budget: Budget): ReadonlyMap<string, readonly RegressionRule[]> {
  return new Map(budget.scenarios.map((s) => [s.name, s.regression]));
}

/**
 * The gate over `head` with every threshold and regression failing it (`fail-on: any`, the
 * CLI's only mode); `extraWarnings` (e.g. why the baseline was not used) are shown first.
 */
export function gateReport(
  head: Report,
  baseline: LoadedBaseline | null,
  rules: ReadonlyMap<string, readonly RegressionRule[]>,
  extraWarnings: readonly string[] = [],
): GateResult {
  const gate = evaluateGate({
    head,
    baseline: baseline?.report ?? null,
    baselineSource: baseline?.source ?? null,
    rules,
    failOn: "any",
  });
  return extraWarnings.length === 0 ? gate : { ...gate, warnings: [...extraWarnings, ...gate.warnings] };
}

/** Options of `printGate`. */
export interface PrintOptions {
  readonly color: boolean | undefined;
  readonly quiet: boolean;
  /** Print the report itself too (`compare`; `run` has printed it already). */
  readonly withReport: boolean;
}

/** Prints (stdout) the report when asked, then the regressions section and the gate's verdict. */
export function printGate(
  report: Report,
  gate: GateResult,
  options: PrintOptions,
  io: CliIo,
  out: RedactingOutput,
): void {
  if (options.quiet) return;
  const color = options.color ?? (io.isTTY.stdout && !io.env.NO_COLOR);
  const section = renderRegressionSection(gate, report.budget, createPaint(color)).join("\n");
  const before = options.withReport ? `${renderTerminalReport(report, { color })}\n` : "";
  out.out(`${before}${section}\n`);
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

/** 1 when the gate or the report failed (an empty run fails the report), else 0. */
export function gateExitCode(report: Report, gate: GateResult): number {
  return gate.verdict === "fail" || report.verdict === "fail" ? 1 : 0;
}
