import { parseArgs } from "node:util";
import type { WorkerCount } from "../budget/types.js";
import { MAX_WORKERS, parseWorkerCount } from "../budget/workers-schema.js";
import { InputError } from "../errors.js";
import { FAIL_ON_MODES } from "../judge-run.js";
import { parseShard, type Shard } from "../load/shard.js";
import { parseStartAt } from "../load/start-at.js";
import type { FailOn } from "../report/types.js";

export type { Shard };

/** What the command line asked for, parsed once at the edge. */
export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | RunCommand
  | DemoCommand
  | CompareCommand
  | MergeCommand
  | ImportHarCommand;

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
  /**
   * Baseline report.json files (`--baseline`, repeatable) in command-line order; empty: none.
   * Several make a history window: the newest by `startedAt` is the baseline, the rest history.
   */
  readonly baselineFiles: readonly string[];
  /** What fails the run (`--fail-on`). */
  readonly failOn: FailOn;
  /** Where to write the markdown summary (`--markdown`). */
  readonly markdownFile: string | undefined;
  /** `--shard k/N`: run part k − 1 of N of every scenario's load (see load/part.ts); absent: the whole. */
  readonly shard?: Shard | undefined;
  /** `--workers N | auto`: worker threads per scenario, replacing the budget's `load.workers`. */
  readonly workers: WorkerCount | undefined;
  /**
   * `--start-at` (with `--shard` only): the instant, epoch ms, the shard's first scenario starts
   * at; its limits against the clock are checked when the command runs (load/start-at.ts).
   */
  readonly startAtMs?: number | undefined;
}

/**
 * `perf-gate merge SHARD.json… --out FILE [--budget FILE]`: the shards of one run merged into one
 * report and gated once, as `run` gates (same exit codes).
 */
export interface MergeCommand extends OutputOptions {
  readonly kind: "merge";
  readonly shardFiles: readonly string[];
  /** The budget whose thresholds and rules apply (its digest must match the shards'); absent: the shards' recorded thresholds. */
  readonly budgetFile: string | undefined;
  readonly baselineFiles: readonly string[];
  readonly failOn: FailOn;
  readonly markdownFile: string | undefined;
}

/**
 * `perf-gate compare [BASE…] HEAD [--markdown FILE] [--budget FILE]`: the gate over reports, no
 * load. The last file is the head; the others are baselines (several: a history window); with the
 * head alone, it must hold its own baseline side (`report.side_by_side`).
 */
export interface CompareCommand {
  readonly kind: "compare";
  /** Every file before the head, in command-line order; empty: the head is compared with its embedded side. */
  readonly baseFiles: readonly string[];
  readonly headFile: string;
  /** What fails the comparison (`--fail-on`). */
  readonly failOn: FailOn;
  readonly markdownFile: string | undefined;
  /** The budget whose `regression:` and `creep:` rules apply; without it there are no rules. */
  readonly budgetFile: string | undefined;
  readonly color: boolean | undefined;
  readonly quiet: boolean;
}

/** `perf-gate demo [--out FILE]` */
export interface DemoCommand extends OutputOptions {
  readonly kind: "demo";
}

/** `perf-gate import-har recording.har [--out FILE] [--force] [--include-static]` */
export interface ImportHarCommand {
  readonly kind: "import-har";
  readonly harFile: string;
  /** Where to write the budget; undefined: print it to stdout. */
  readonly outFile: string | undefined;
  /** Overwrite an existing --out file. */
  readonly force: boolean;
  /** Keep static assets (styles, scripts, images, fonts …) as steps. */
  readonly includeStatic: boolean;
}

/** Every default of the command line in one place. */
export const DEFAULTS = {
  budgetFile: "perf-budget.yml",
  outFile: "report.json",
  failOn: "any",
} as const satisfies { readonly failOn: FailOn } & Record<string, string>;

const OPTIONS = {
  target: { type: "string" },
  "baseline-target": { type: "string" },
  out: { type: "string", short: "o" },
  scenario: { type: "string", short: "s" },
  color: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  baseline: { type: "string", multiple: true },
  "fail-on": { type: "string" },
  markdown: { type: "string" },
  budget: { type: "string" },
  force: { type: "boolean" },
  "include-static": { type: "boolean" },
  shard: { type: "string" },
  "start-at": { type: "string" },
  workers: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type OptionName = keyof typeof OPTIONS;

/** Options each command accepts besides --help / --version. */
const ALLOWED: Record<CommandName, readonly OptionName[]> = {
  run: [
    "target",
    "baseline-target",
    "out",
    "scenario",
    "color",
    "quiet",
    "baseline",
    "markdown",
    "fail-on",
    "shard",
    "start-at",
    "workers",
  ],
  merge: ["out", "budget", "baseline", "markdown", "fail-on", "color", "quiet"],
  demo: ["out", "color", "quiet"],
  compare: ["markdown", "budget", "color", "quiet", "fail-on"],
  "import-har": ["out", "force", "include-static"],
};

type CommandName = "run" | "demo" | "compare" | "merge" | "import-har";

/** Positional arguments after the command name: at least `min`, at most `max`. */
const POSITIONALS: Record<CommandName, { readonly min: number; readonly max: number }> = {
  run: { min: 0, max: 1 },
  demo: { min: 0, max: 0 },
  compare: { min: 1, max: Number.POSITIVE_INFINITY },
  merge: { min: 1, max: Number.POSITIVE_INFINITY },
  "import-har": { min: 1, max: 1 },
};

/** What a command says when its positional arguments are missing. */
const MISSING: Record<CommandName, string> = {
  run: "",
  demo: "",
  compare: "'compare' needs report files: perf-gate compare [BASE.json …] HEAD.json",
  merge: "'merge' needs the shards' reports: perf-gate merge s1.json s2.json … --out report.json",
  "import-har": "'import-har' needs a recording: perf-gate import-har recording.har [--out perf-budget.yml]",
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
  if (name === undefined)
    throw new InputError(`missing command (run, compare, merge, demo, import-har); ${HINT}`);
  if (!isCommandName(name)) {
    throw new InputError(
      `unknown command '${name}' (expected run, compare, merge, demo or import-har); ${HINT}`,
    );
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
    throw new InputError(`${MISSING[name]}; ${HINT}`);
  }
  if (name === "import-har") {
    return {
      kind: "import-har",
      harFile: rest[0] ?? "",
      outFile: nonEmpty("out", values.out),
      force: values.force ?? false,
      includeStatic: values["include-static"] ?? false,
    };
  }
  const failOn = parseFailOn(values["fail-on"]);
  if (name === "compare") {
    return {
      kind: "compare",
      baseFiles: rest.slice(0, -1),
      headFile: rest.at(-1) ?? "",
      failOn,
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
  const baselineFiles = (values.baseline ?? []).map((file) => nonEmpty("baseline", file) ?? file);
  if (name === "merge") {
    return {
      kind: "merge",
      ...output,
      shardFiles: rest,
      budgetFile: nonEmpty("budget", values.budget),
      baselineFiles,
      failOn,
      markdownFile: nonEmpty("markdown", values.markdown),
    };
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard, "--shard");
  if (shard !== undefined) refuseGateFlags(values);
  const startAt = values["start-at"];
  if (startAt !== undefined && shard === undefined)
    throw new InputError(
      `--start-at without --shard: it starts the shards of one split at one instant; add --shard K/N (or leave --start-at out); ${HINT}`,
    );
  return {
    kind: "run",
    ...output,
    budgetFile: rest[0] ?? DEFAULTS.budgetFile,
    target: nonEmpty("target", values.target),
    baselineTarget: nonEmpty("baseline-target", values["baseline-target"]),
    scenario: nonEmpty("scenario", values.scenario),
    baselineFiles,
    failOn,
    markdownFile: nonEmpty("markdown", values.markdown),
    ...(shard === undefined ? {} : { shard }),
    ...(startAt === undefined ? {} : { startAtMs: parseStartAt(startAt, "--start-at") }),
    workers: parseWorkers(values.workers),
  };
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(POSITIONALS, name);
}

/** A shard gates nothing (its share is not the load the budget asked for): its gate's flags belong to `merge`. */
function refuseGateFlags(values: ReturnType<typeof parseWithNode>["values"]): void {
  for (const flag of ["baseline", "markdown", "fail-on"] as const) {
    if (values[flag] === undefined) continue;
    throw new InputError(
      `--${flag} with --shard: a shard's report is only its share of the load and gates nothing; pass --${flag} to perf-gate merge, which gates the merged shards`,
    );
  }
}

/** `--workers` is a whole number from 1 to `MAX_WORKERS`, or `auto`; absent: the budget's. */
function parseWorkers(value: string | undefined): WorkerCount | undefined {
  if (value === undefined) return undefined;
  const count = parseWorkerCount(value);
  if (count !== null) return count;
  throw new InputError(
    `--workers: expected a whole number from 1 to ${MAX_WORKERS}, or auto, got ${JSON.stringify(value)}; ${HINT}`,
  );
}

/** `--fail-on` is one of `FAIL_ON_MODES`; absent: the default. */
function parseFailOn(value: string | undefined): FailOn {
  if (value === undefined) return DEFAULTS.failOn;
  const mode = FAIL_ON_MODES.find((m) => m === value.trim());
  if (mode) return mode;
  throw new InputError(
    `--fail-on: expected one of ${FAIL_ON_MODES.join(", ")}, got ${JSON.stringify(value)}; ${HINT}`,
  );
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
