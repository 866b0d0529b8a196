/**
 * A recording → the text of a budget (version 1) with one scenario whose `steps:` replay the
 * main origin's requests in order, for the user to edit. Secrets become `${VAR}` placeholders;
 * the text is written by the `yaml` package (quoting is its job) with line folding off, so no
 * value is ever split across lines.
 */
import { basename } from "node:path";
import { Document, isMap } from "yaml";
import { SHORT_SECRET_CHARS } from "../budget/short-secrets.js";
import { InputError, RunError } from "../errors.js";
import { findCaptureHints } from "./capture-hints.js";
import { type FilterOptions, type Selection, selectEntries } from "./filter.js";
import { slug, stepName, uniqueNames } from "./names.js";
import type { Har, HarEntry } from "./parse-har.js";
import { type NeededVariable, Placeholders } from "./placeholders.js";
import { registerSecrets, type StepRequest, toStepRequest } from "./step-request.js";

/** One step of the imported scenario. */
export interface ImportedStep {
  readonly name: string;
  readonly request: StepRequest;
}

/** What `harToBudget` made: the YAML text and what the command reports about it. */
export interface ImportedBudget {
  /** The budget file's text, comments first. */
  readonly yaml: string;
  /** The budget's `target`: the main origin. */
  readonly target: string;
  readonly scenarioName: string;
  readonly steps: readonly ImportedStep[];
  /** What was kept and skipped. */
  readonly selection: Selection;
  /** The `${VAR}`s the budget reads, in order of first use; never their recorded values. */
  readonly needed: readonly NeededVariable[];
  /** Things the user should look at (a recorded `{{`, which a budget reads as a template). */
  readonly warnings: readonly string[];
  /** Values a step's path took from an earlier response, one line each (also a comment in `yaml`). */
  readonly hints: readonly string[];
}

/** Where the recording came from and what to keep. */
export interface ImportOptions extends FilterOptions {
  /** The HAR file's path as the user wrote it (messages, and the budget's first comment). */
  readonly file: string;
}

/** The load every imported scenario starts with: one connection, long enough to read a p95. */
const LOAD = { connections: 1, duration: "30s" } as const;

/**
 * Builds the budget for `har`.
 * @throws InputError when no request is left to replay (the message says what was skipped)
 * @throws RunError if a recorded secret would still be written (a bug: nothing is returned then)
 */
export function harToBudget(har: Har, options: ImportOptions): ImportedBudget {
  const selection = selectEntries(har.entries, options);
  if (selection.kept.length === 0) {
    throw new InputError(`${options.file}: no request left to replay (${skippedText(selection)})`);
  }
  const placeholders = new Placeholders();
  // The kept entries first (their variables get the plain names), then the rest: a token sent
  // to another origin, or with a skipped asset, is still replaced where a kept body repeats it.
  const rest = har.entries.filter((entry) => !selection.kept.includes(entry));
  for (const entry of [...selection.kept, ...rest]) registerSecrets(entry, placeholders);
  const unique = uniqueNames();
  const steps = selection.kept.map((entry) => {
    const request = toStepRequest(entry, placeholders);
    return { name: unique(stepName(request.method, request.path)), request };
  });
  const scenarioName =
    slug(placeholders.scrub(har.pageTitles[0] ?? ""), 60) ||
    slug(new URL(selection.origin).host, 60) ||
    "recording";
  const budget = {
    version: 1,
    target: selection.origin,
    scenarios: [{ name: scenarioName, steps, load: { ...LOAD } }],
  };
  assertNoSecret(budget, placeholders.values());
  const needed = placeholders.needed();
  const doc = new Document(budget);
  const load = doc.getIn(["scenarios", 0, "load"], true);
  if (isMap(load)) load.flow = true;
  const hints = addCaptureHints(doc, selection.kept, steps, placeholders);
  const header = headerComment(options.file, har.entries.length, selection, needed);
  const yaml = `${header}${doc.toString({ lineWidth: 0 })}`;
  return {
    yaml,
    target: selection.origin,
    scenarioName,
    steps,
    selection,
    needed,
    warnings: warnings(steps),
    hints,
  };
}

/**
 * Puts a comment above each step whose path holds a value an earlier response returned, saying
 * how to capture it; returns one line per hint for the terminal.
 */
function addCaptureHints(
  doc: Document,
  kept: readonly HarEntry[],
  steps: readonly ImportedStep[],
  placeholders: Placeholders,
): string[] {
  const found = findCaptureHints(
    kept,
    steps.map((step) => step.request.path),
  );
  return found.map(({ step, fromStep, value, jsonPath, varName }) => {
    const from = steps[fromStep]?.name ?? "";
    // The response's keys are in the JSONPath: scrubbed like everything else that is written.
    const path = placeholders.scrubKey(jsonPath);
    const text =
      ` ${value} in this path is in the response of ${from} at ${path}. To read what each\n` +
      ` iteration created, add to ${from}: capture: { ${varName}: { json: "${path}" } }\n` +
      ` and write {{ vars.${varName} }} here in place of ${value}.`;
    const node = doc.getIn(["scenarios", 0, "steps", step], true);
    if (isMap(node)) node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
    return `step ${steps[step]?.name}: ${value} in its path came from the response of ${from} (${path}); the budget says how to capture it`;
  });
}

/** The comment at the top of the file: where it came from, what was skipped, what to set. */
function headerComment(file: string, total: number, s: Selection, needed: readonly NeededVariable[]): string {
  const name = basename(file).replace(/[^\x20-\x7e]/g, "?");
  const lines = [
    `Written by \`perf-gate import-har ${name}\`: edit it before use (the load, thresholds, which steps to keep).`,
    `Steps: ${s.kept.length} of the ${total} recorded requests, those to ${s.origin}, in recorded order.`,
  ];
  const skipped = skippedText(s);
  if (skipped !== "") lines.push(`Skipped: ${skipped}.`);
  for (const [origin, count] of s.otherOrigins)
    lines.push(`  other origin ${origin}: ${plural(count, "request")}`);
  if (needed.length > 0) {
    lines.push(
      `Set before running (the recorded values are not in this file): ${needed.map((v) => v.name).join(", ")}.`,
    );
  }
  return lines.map((line) => `# ${line}\n`).join("");
}

function skippedText(s: Selection): string {
  const parts: string[] = [];
  if (s.staticCount > 0) parts.push(`${plural(s.staticCount, "static asset")} (--include-static keeps them)`);
  if (s.preflightCount > 0) parts.push(plural(s.preflightCount, "CORS preflight"));
  if (s.unsupportedCount > 0)
    parts.push(
      `${plural(s.unsupportedCount, "request")} a budget cannot send (not http(s), or CONNECT/TRACE)`,
    );
  const others = s.otherOrigins.reduce((sum, [, n]) => sum + n, 0);
  if (others > 0) parts.push(`${plural(others, "request")} to other origins`);
  return parts.join(", ");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** A recorded `{{` is read as a template by the budget parser: say where, so the user checks it. */
function warnings(steps: readonly ImportedStep[]): string[] {
  return steps
    .filter((step) => JSON.stringify(step.request).includes("{{"))
    .map(
      (step) =>
        `step ${step.name}: the recorded request contains "{{", which a budget reads as a template; check it`,
    );
}

/** The last line of defence for "recorded secrets are written nowhere": every key and string checked. */
function assertNoSecret(value: unknown, secrets: readonly string[]): void {
  // Secrets shorter than the scrubbing threshold only leave their own fields; check the rest.
  const long = secrets.filter((s) => s.length >= SHORT_SECRET_CHARS);
  const strings: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") strings.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        strings.push(k);
        walk(v);
      }
    }
  };
  walk(value);
  if (strings.some((text) => long.some((secret) => text.includes(secret)))) {
    throw new RunError(
      "import-har: a recorded secret was left in the budget, so nothing was written (a bug, please report it)",
    );
  }
}
