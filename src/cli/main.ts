/**
 * The CLI as a function: arguments and injected I/O in, exit code out. `src/cli.ts` wires it to
 * the real process; tests call it directly.
 */
import { PerfGateError } from "../errors.js";
import { compareCommand } from "./compare-command.js";
import { demoCommand } from "./demo-command.js";
import { importHarCommand } from "./import-har-command.js";
import { type CliIo, RedactingOutput } from "./io.js";
import { mergeCommand } from "./merge-command.js";
import { readToolVersion } from "./package-files.js";
import { parseCliArgs } from "./parse-args.js";
import { runCommand } from "./run-command.js";
import { USAGE } from "./usage.js";

/** Exit code when the run could not happen, and for unexpected errors (bugs). */
export const EXIT_RUN_ERROR = 3;

/**
 * Runs the command line `argv` (without node and script paths) and resolves to the exit code:
 * 0 pass, 1 a threshold failed or a regression was found, 2 invalid input, 3 run error, 130 / 143 interrupted.
 * User errors print `perf-gate: <message>` without a stack; anything else is a bug and prints one.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const out = new RedactingOutput(io);
  try {
    const command = parseCliArgs(argv);
    switch (command.kind) {
      case "help":
        out.out(USAGE);
        return 0;
      case "version":
        out.out(`${await readToolVersion()}\n`);
        return 0;
      case "run":
        return await runCommand(command, io, out);
      case "demo":
        return await demoCommand(command, io, out);
      case "compare":
        return await compareCommand(command, io, out);
      case "merge":
        return await mergeCommand(command, io, out);
      case "import-har":
        return await importHarCommand(command, out);
    }
  } catch (err) {
    if (err instanceof PerfGateError) {
      out.err(`perf-gate: ${err.message}\n`);
      return err.exitCode;
    }
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    out.err(`perf-gate: unexpected error (a bug, please report it):\n${detail}\n`);
    return EXIT_RUN_ERROR;
  }
}
