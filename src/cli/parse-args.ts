import { parseArgs } from "node:util";
import { InputError } from "../errors.js";

/** What the command line asked for, parsed once at the edge. */
export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | RunCommand
  | DemoCommand
  | CompareCommand;

/** Output options shared by the commands that run a budget. */
export interface OutputOptions {
  /** Where report.json goes, as the user wrote it (relative to the working directory). */
  readonly outFile: string;
  /** `false` after `--no-color`; `undefined` lets the terminal decide. */
  readonly color: boolean | undefined;
  /** No live progress and no terminal report: errors only. */
  readonly quiet: boolean;
}

/** `perf-gate run [budget] [--target URL] [--scenario NAME] …` */
export interface RunCommand extends OutputOptions {
  readonly kind: "run";
  readonly budgetFile: string;
  readonly target: string | undefined;
  /** `--baseline-target URL`: run side by side against it, overriding the budget's `baseline_target`. */
  readonly baselineTarget: string | undefined;
  readonly scenario: string | undefined;
  /** A baseline report.json to check regressions against (`--baseline`). */
  readonly baselineFile: string | undefined;
  /** Where to write the markdown summary (`--markdown`). */
  readonly markdownFile: string | undefined;
}

/** `perf-gate compare BASE HEAD [--markdown FILE] [--budget FILE]`: the gate over two reports, no load. */
export interface CompareCommand {
  readonly kind: "compare";
  readonly baseFile: string;
  readonly headFile: string;
  readonly markdownFile: string | undefined;
  /** The budget whose `regression:` rules apply; without it there are no rules. */
  readonly budgetFile: string | undefined;
  readonly color: boolean | undefined;
  readonly quiet: boolean;
}

/** `perf-gate demo [--out FILE]` */
export interface DemoCommand extends OutputOptions {
  readonly kind: "demo";
}

/** Every default of the command line in one place. */
export const DEFAULTS = {
  budgetFile: "perf-budget.yml",
  outFile: "report.json",
} as const;

const OPTIONS = {
  target: { type: "string" },
  "baseline-target": { type: "string" },
  out: { type: "string", short: "o" },
  scenario: { type: "string", short: "s" },
  color: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  baseline: { type: "string" },
  markdown: { type: "string" },
  budget: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Options each command accepts besides --help / --version. */
const ALLOWED: Record<CommandName, readonly OptionName[]> = {
  run: ["target", "baseline-target", "out", "scenario", "color", "quiet", "baseline", "markdown"],
  demo: ["out", "color", "quiet"],
  compare: ["markdown", "budget", "color", "quiet"],
};

type CommandName = "run" | "demo" | "compare";

/** Positional arguments after the command name: at least `min`, at most `max`. */
const POSITIONALS: Record<CommandName, { readonly min: number; readonly max: number }> = {
  run: { min: 0, max: 1 },
  demo: { min: 0, max: 0 },
  compare: { min: 2, max: 2 },
};

const HINT = "run `perf-gate --help` for usage";

/**
 * Parses `argv` (without the node and script paths) into a `Command`.
 * Throws `InputError` (exit code 2) for an unknown flag or command, a missing flag value or a
 * flag the command does not take; the message is one line ending with a usage hint.
 */
export function parseCliArgs(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseWithNode>;
  try {
    parsed = parseWithNode(argv);
  } catch (err) {
    // node:util reports "Unknown option '--x'. To specify a positional argument starting with a '-', …":
    // keep the first sentence only, so the message stays one line.
    const text = err instanceof Error ? err.message.split(/\.\s/)[0]?.replace(/\.$/, "") : String(err);
    throw new InputError(`${text}; ${HINT}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const [name, ...rest] = positionals;
  if (name === undefined) throw new InputError(`missing command (run, compare, demo); ${HINT}`);
  if (name !== "run" && name !== "demo" && name !== "compare") {
    throw new InputError(`unknown command '${name}' (expected run, compare or demo); ${HINT}`);
  }
  for (const key of Object.keys(values) as OptionName[]) {
    if (!ALLOWED[name].includes(key)) {
      throw new InputError(
        `'--${key === "color" ? "[no-]color" : key}' is not an option of '${name}'; ${HINT}`,
      );
    }
  }
  const { min, max } = POSITIONALS[name];
  if (rest.length > max) {
    throw new InputError(`unexpected argument '${rest[max]}' for '${name}'; ${HINT}`);
  }
  if (rest.length < min) {
    throw new InputError(`'${name}' needs two report files: perf-gate compare BASE.json HEAD.json; ${HINT}`);
  }
  if (name === "compare") {
    return {
      kind: "compare",
      baseFile: rest[0] ?? "",
      headFile: rest[1] ?? "",
      markdownFile: nonEmpty("markdown", values.markdown),
      budgetFile: nonEmpty("budget", values.budget),
      color: values.color,
      quiet: values.quiet ?? false,
    };
  }
  const output: OutputOptions = {
    outFile: nonEmpty("out", values.out) ?? DEFAULTS.outFile,
    color: values.color,
    quiet: values.quiet ?? false,
  };
  if (name === "demo") return { kind: "demo", ...output };
  return {
    kind: "run",
    ...output,
    budgetFile: rest[0] ?? DEFAULTS.budgetFile,
    target: nonEmpty("target", values.target),
    baselineTarget: nonEmpty("baseline-target", values["baseline-target"]),
    scenario: nonEmpty("scenario", values.scenario),
    baselineFile: nonEmpty("baseline", values.baseline),
    markdownFile: nonEmpty("markdown", values.markdown),
  };
}

function parseWithNode(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    allowNegative: true,
    strict: true,
  });
}

/** `--out ""` is a mistake, not "use the default". */
function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === "") throw new InputError(`--${flag} needs a non-empty value; ${HINT}`);
  return value;
}
