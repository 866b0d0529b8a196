/**
 * The action's inputs, parsed once at the edge into a readonly typed object. Names and defaults
 * live in one place each and match action.yml; every other module reads `ActionInputs`.
 */
import type { WorkerCount } from "../budget/types.js";
import { MAX_WORKERS, parseWorkerCount } from "../budget/workers-schema.js";
import { InputError } from "../errors.js";
import { FAIL_ON_MODES } from "../judge-run.js";
import { parseShard, type Shard } from "../load/shard.js";
import { parseStartAt } from "../load/start-at.js";
import type { FailOn } from "../report/types.js";

export type { FailOn };

/** `comment`: when the sticky PR comment is written. */
export type CommentMode = "always" | "on-failure" | "never";
/** `save-baseline`: when report.json is uploaded as the baseline artifact. */
export type SaveBaseline = "auto" | "true" | "false";
/** `baseline`: the base branch's artifact, none, or a report.json on disk. */
export type BaselineInput =
  | { readonly kind: "auto" }
  | { readonly kind: "none" }
  | { readonly kind: "path"; readonly path: string };

/**
 * Every input, typed. `target` is undefined when the budget's own target is meant, and
 * `baselineTarget` when the budget's own (or none: no side-by-side run) is meant.
 */
export interface ActionInputs {
  readonly budget: string;
  readonly target: string | undefined;
  readonly baselineTarget: string | undefined;
  readonly githubToken: string;
  readonly baseline: BaselineInput;
  /** `baseline: auto` on a PR: how many of the base branch's last successful runs make the window (1–20). */
  readonly baselineHistory: number;
  readonly comment: CommentMode;
  readonly failOn: FailOn;
  readonly saveBaseline: SaveBaseline;
  readonly artifactName: string;
  /** `shard: k/N`: run this shard's share of the load and upload its report (no gate); absent: the whole. */
  readonly shard: Shard | undefined;
  /** `merge: true`: no load; merge this workflow run's shard reports, then gate once. */
  readonly merge: boolean;
  /** `start-at` (with `shard` only): the instant, epoch ms, the shard's first scenario starts at. */
  readonly startAtMs: number | undefined;
  /** `workers: N | auto`: worker threads per scenario, replacing the budget's `load.workers`; absent: the budget's. */
  readonly workers: WorkerCount | undefined;
}

/** The input names as action.yml spells them, per field. */
export const INPUT_NAMES = {
  budget: "budget",
  target: "target",
  baselineTarget: "baseline-target",
  githubToken: "github-token",
  baseline: "baseline",
  baselineHistory: "baseline-history",
  comment: "comment",
  failOn: "fail-on",
  saveBaseline: "save-baseline",
  artifactName: "artifact-name",
  shard: "shard",
  merge: "merge",
  startAtMs: "start-at",
  workers: "workers",
} as const satisfies Record<keyof ActionInputs, string>;

/**
 * Defaults, the same as action.yml's (a runner fills those in; these serve a run outside a
 * runner and an input set to the empty string). `github-token` has none: action.yml defaults it
 * to `${{ github.token }}`, which only the runner can expand.
 */
export const INPUT_DEFAULTS = {
  budget: "perf-budget.yml",
  baseline: "auto",
  baselineHistory: "5",
  comment: "always",
  failOn: "any",
  saveBaseline: "auto",
  artifactName: "perf-gate-report",
  merge: "false",
} as const;

/** The `start-at` input as its messages name it. */
export const START_AT_INPUT = `input '${INPUT_NAMES.startAtMs}'`;

const COMMENT_MODES = ["always", "on-failure", "never"] as const;
/** Bounds of `baseline-history`: each run costs two API calls and a download. */
export const BASELINE_HISTORY_RUNS = { min: 1, max: 20 } as const;
const SAVE_BASELINE = ["auto", "true", "false"] as const;

/** Reads one input by name; the empty string means "not set". `@actions/core`'s getInput fits. */
export type GetInput = (name: string) => string;

/**
 * Parses every input. Invalid values throw `InputError` naming the input, the allowed values and
 * what was found, e.g. `input 'fail-on': expected one of any, thresholds, never, got "all"`.
 */
export function parseInputs(getInput: GetInput): ActionInputs {
  const read = (name: string): string => getInput(name).trim();
  const orDefault = (name: string, fallback: string): string => read(name) || fallback;
  const artifactName = orDefault(INPUT_NAMES.artifactName, INPUT_DEFAULTS.artifactName);
  checkArtifactName(artifactName);
  return {
    budget: orDefault(INPUT_NAMES.budget, INPUT_DEFAULTS.budget),
    target: read(INPUT_NAMES.target) || undefined,
    baselineTarget: read(INPUT_NAMES.baselineTarget) || undefined,
    githubToken: read(INPUT_NAMES.githubToken),
    baseline: parseBaseline(orDefault(INPUT_NAMES.baseline, INPUT_DEFAULTS.baseline)),
    baselineHistory: parseHistory(orDefault(INPUT_NAMES.baselineHistory, INPUT_DEFAULTS.baselineHistory)),
    comment: oneOf(
      INPUT_NAMES.comment,
      orDefault(INPUT_NAMES.comment, INPUT_DEFAULTS.comment),
      COMMENT_MODES,
    ),
    failOn: oneOf(INPUT_NAMES.failOn, orDefault(INPUT_NAMES.failOn, INPUT_DEFAULTS.failOn), FAIL_ON_MODES),
    saveBaseline: oneOf(
      INPUT_NAMES.saveBaseline,
      orDefault(INPUT_NAMES.saveBaseline, INPUT_DEFAULTS.saveBaseline).toLowerCase(),
      SAVE_BASELINE,
    ),
    artifactName,
    workers: parseWorkersInput(read(INPUT_NAMES.workers)),
    ...shardInputs(
      read(INPUT_NAMES.shard),
      orDefault(INPUT_NAMES.merge, INPUT_DEFAULTS.merge),
      read(INPUT_NAMES.startAtMs),
    ),
  };
}

/** `workers`: `auto` or 1 … `MAX_WORKERS`; empty: the budget's `load.workers`. */
function parseWorkersInput(value: string): WorkerCount | undefined {
  if (value === "") return undefined;
  const count = parseWorkerCount(value);
  if (count !== null) return count;
  throw new InputError(
    `input '${INPUT_NAMES.workers}': expected a whole number of worker threads from 1 to ${MAX_WORKERS}, or auto, got ${JSON.stringify(value)}; leave it empty to use the budget's load.workers`,
  );
}

/** `shard` and `merge`: a job runs a shard, or merges them, never both; `start-at` only with `shard`. */
function shardInputs(
  shard: string,
  merge: string,
  startAt: string,
): Pick<ActionInputs, "shard" | "merge" | "startAtMs"> {
  const merging = oneOf(INPUT_NAMES.merge, merge.toLowerCase(), ["true", "false"] as const) === "true";
  if (startAt !== "" && shard === "")
    throw new InputError(
      `input '${INPUT_NAMES.startAtMs}' without 'shard': it starts the shard jobs of one split at one instant; set shard: k/N in the same step, or leave start-at empty`,
    );
  if (shard === "") return { shard: undefined, merge: merging, startAtMs: undefined };
  if (merging)
    throw new InputError(
      `inputs 'shard' and 'merge' are set together: a shard job runs its share (shard: k/N), the merge job (merge: true, in a job that needs the shards) merges them`,
    );
  return {
    shard: parseShard(shard, `input '${INPUT_NAMES.shard}'`),
    merge: false,
    startAtMs: startAt === "" ? undefined : parseStartAt(startAt, START_AT_INPUT),
  };
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(
    `input '${name}': expected one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`,
  );
}

/** `baseline-history`: a whole number within `BASELINE_HISTORY_RUNS`, written in decimal digits. */
function parseHistory(value: string): number {
  const { min, max } = BASELINE_HISTORY_RUNS;
  const runs = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (runs >= min && runs <= max) return runs;
  throw new InputError(
    `input '${INPUT_NAMES.baselineHistory}': expected a whole number from ${min} to ${max} (how many of the base branch's last runs to compare with), got ${JSON.stringify(value)}`,
  );
}

/** `auto` and `none` are keywords; anything else is a path to a report.json. */
function parseBaseline(value: string): BaselineInput {
  if (value === "auto" || value === "none") return { kind: value };
  return { kind: "path", path: value };
}

/** The characters upload-artifact refuses in a name; better said before the run than after it. */
const FORBIDDEN_IN_ARTIFACT_NAME = /["<>|*?:\r\n\\/]/;

function checkArtifactName(name: string): void {
  if (FORBIDDEN_IN_ARTIFACT_NAME.test(name)) {
    throw new InputError(
      `input '${INPUT_NAMES.artifactName}': expected a name without " : < > | * ? \\ / or line breaks, got ${JSON.stringify(name)}`,
    );
  }
}
