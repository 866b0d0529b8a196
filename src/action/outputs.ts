/**
 * What the step leaves behind for the workflow: report.json and the markdown on disk, the job
 * summary, and the step outputs. All of it is written before the step passes or fails.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as core from "@actions/core";
import type { GateResult } from "../gate/types.js";

/** Where this budget's files go. */
export interface OutputPaths {
  readonly dir: string;
  readonly report: string;
  readonly markdown: string;
}

/**
 * A folder per budget under the runner's temp dir (`RUNNER_TEMP`, else the working directory),
 * so two perf-gate steps with different budgets in one job never overwrite each other's files.
 */
export function outputPaths(
  budgetFile: string,
  env: Readonly<Record<string, string | undefined>>,
): OutputPaths {
  const slug = budgetFile.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "") || "budget";
  const dir = join(env.RUNNER_TEMP || ".", "perf-gate", slug);
  return { dir, report: join(dir, "report.json"), markdown: join(dir, "summary.md") };
}

/** Writes the markdown file (creating its folder) and appends it to the job summary. */
export async function writeMarkdown(paths: OutputPaths, markdown: string): Promise<void> {
  await mkdir(paths.dir, { recursive: true });
  await writeFile(paths.markdown, markdown, "utf8");
  // Outside a runner there is no summary file; the markdown file is still there.
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
}

/**
 * Adds a note under the job summary, for what went wrong after it was written (a fork PR's
 * read-only token cannot comment: the summary is then the only place the results are shown).
 */
export async function appendSummaryNote(note: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(`\n> [!NOTE]\n> ${note}\n`).write();
}

/** The step outputs, by their names in action.yml. */
export function setOutputs(paths: OutputPaths, gate: GateResult): void {
  core.setOutput("verdict", gate.verdict);
  core.setOutput("verdict-reason", gate.reason);
  core.setOutput("report", paths.report);
  core.setOutput("markdown", paths.markdown);
  core.setOutput("failed-checks", gate.failedChecks);
  core.setOutput("regressions", gate.regressions);
}
