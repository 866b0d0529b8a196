import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type * as z from "zod";
import { redactSecrets } from "../budget/secrets.js";
import { InputError, RunError } from "../errors.js";
import { reportSchema } from "./report-schema.js";
import type { Report } from "./types.js";

/** The report version this perf-gate writes and reads. */
export const REPORT_VERSION = 1;

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/**
 * Writes `report` as JSON (2-space indent, trailing newline), creating parent directories.
 * Every string value gets a last redaction pass over `secrets` (defence in depth: `buildReport`
 * already redacted every field that can carry one). The file is written beside its final name
 * and renamed into place, so a reader never sees a half-written report.
 * Throws `RunError` naming the path when it cannot be written.
 */
export async function writeReport(path: string, report: Report, secrets: readonly string[]): Promise<void> {
  // Redact string values, not the serialized text: a short secret ("50") must not rewrite the
  // numbers (`"rps": 50.3` → invalid JSON) nor a base64 histogram, which carries no user text.
  const redact = (key: string, value: unknown): unknown =>
    typeof value === "string" && key !== "hdr" ? redactSecrets(value, secrets) : value;
  const text = `${JSON.stringify(report, redact, 2)}\n`;
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, text, "utf8");
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new RunError(`cannot write the report to ${path}: ${reason(err)}`);
  }
}

/** Largest report.json read back: a 24 h run of many scenarios stays far below it. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

/** One issue as `field: message`, or `field message` when the message continues the field's name. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issuePath(issue.path) || "(root)";
  const phrase =
    issue.code === "custom" && (issue.params as { phrase?: unknown } | undefined)?.phrase === true;
  return phrase ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
}

/**
 * Checks the parsed JSON of a report read back from `where` (a path, an artifact): version 1, the
 * expected shape (extra fields are accepted), bounded arrays, and every histogram readable and in
 * agreement with its summary. Returns the report, or the one-line reason it is unusable, which
 * names `where` and the field (`base.json: scenarios[0].latency.hdr is not a readable HdrHistogram
 * (cut or corrupted: …)`).
 */
export function checkReport(data: unknown, where: string): Report | string {
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== REPORT_VERSION) {
    return `${where}: expected a perf-gate report with version ${REPORT_VERSION}, got version ${JSON.stringify(version) ?? "none"}`;
  }
  const parsed = reportSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return `${where}: ${issues.slice(0, 3).map(describeIssue).join("; ")}${more}`;
}

/**
 * Reads a report.json written by `writeReport` (e.g. a baseline) and checks it with `checkReport`.
 * Throws `InputError`, one line naming the path (and the field), when the file cannot be read, is
 * larger than `MAX_REPORT_BYTES`, is not JSON, or is not a usable version-1 report.
 */
export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_REPORT_BYTES) {
      throw new InputError(
        `${path}: ${size} bytes is larger than a perf-gate report can be (${MAX_REPORT_BYTES})`,
      );
    }
    text = await readFile(path, "utf8");
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read the report ${path}: ${reason(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path} is not valid JSON: ${reason(err)}`);
  }
  const report = checkReport(data, path);
  if (typeof report === "string") throw new InputError(report);
  return report;
}
