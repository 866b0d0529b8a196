/**
 * `perf-gate import-har recording.har [--out FILE] [--force] [--include-static]`: a budget from a
 * browser or proxy recording, printed (stdout) or written to --out, for the user to edit. What it
 * kept and skipped, and which `${VAR}`s the budget now needs, go to stderr.
 */
import { readFile, writeFile } from "node:fs/promises";
import { InputError, RunError } from "../errors.js";
import { parseHar } from "../har/parse-har.js";
import { harToBudget, type ImportedBudget } from "../har/to-budget.js";
import type { RedactingOutput } from "./io.js";
import type { ImportHarCommand } from "./parse-args.js";

/** Runs the import; resolves to 0 (errors are thrown: InputError exit 2, RunError exit 3). */
export async function importHarCommand(command: ImportHarCommand, out: RedactingOutput): Promise<number> {
  const text = await readRecording(command.harFile);
  const budget = harToBudget(parseHar(text, command.harFile), {
    file: command.harFile,
    includeStatic: command.includeStatic,
  });
  if (command.outFile === undefined) out.out(budget.yaml);
  else await writeBudget(command.outFile, budget.yaml, command.force);
  for (const line of summary(budget, command.outFile)) out.err(`perf-gate: ${line}\n`);
  return 0;
}

async function readRecording(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new InputError(`${file}: cannot read the recording (${reason(err)})`);
  }
}

/** Writes the budget; an existing file is kept unless `force` (the user may have edited it). */
async function writeBudget(file: string, yaml: string, force: boolean): Promise<void> {
  try {
    // "wx" fails if the file exists, atomically: no window between a check and the write.
    await writeFile(file, yaml, { flag: force ? "w" : "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new InputError(`${file} already exists: pass --force to overwrite it, or choose another --out`);
    }
    throw new RunError(`${file}: cannot write the budget (${reason(err)})`);
  }
}

function summary(budget: ImportedBudget, outFile: string | undefined): string[] {
  const where = outFile === undefined ? "printed a budget" : `wrote ${outFile}`;
  const steps = budget.steps.length;
  const lines = [
    `${where}: scenario ${budget.scenarioName}, ${steps} step${steps === 1 ? "" : "s"} against ${budget.target}`,
  ];
  const s = budget.selection;
  const others = s.otherOrigins.map(([origin, n]) => `${origin} (${n})`).join(", ");
  if (s.staticCount > 0) lines.push(`skipped ${s.staticCount} static asset(s); --include-static keeps them`);
  if (others !== "") lines.push(`skipped requests to other origins: ${others}`);
  if (budget.needed.length > 0) {
    lines.push("the budget reads these environment variables (the recorded values were not written):");
    for (const v of budget.needed) lines.push(`  ${v.name}  (${v.source})`);
  }
  for (const hint of budget.hints) lines.push(`hint: ${hint}`);
  for (const warning of budget.warnings) lines.push(`warning: ${warning}`);
  return lines;
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? (err instanceof Error ? err.message : String(err));
}
