import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { redactSecrets } from "../budget/secrets.js";
import { InputError, RunError } from "../errors.js";
import { type ParsedReport, reportSchema } from "./report-schema.js";
import type { Report, ThresholdsVerdict } from "./types.js";

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

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

/**
 * Reads a report.json written by `writeReport` (e.g. a baseline) and checks that it is version 1
 * with the expected shape; extra fields are accepted. Throws `InputError` naming the path when the
 * file cannot be read, is not JSON, has another version, or does not look like a report.
 */
export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read the report ${path}: ${reason(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${path} is not valid JSON: ${reason(err)}`);
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== REPORT_VERSION) {
    throw new InputError(
      `${path}: expected a perf-gate report with version ${REPORT_VERSION}, got version ${JSON.stringify(version) ?? "none"}`,
    );
  }
  const parsed = reportSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${issuePath(i.path) || "(root)"}: ${i.message}`);
    const more = parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : "";
    throw new InputError(`${path} is not a valid perf-gate report: ${problems.join("; ")}${more}`);
  }
  return normalizeParsedReport(parsed.data);
}

/**
 * A report as parsed by `reportSchema`, as the `Report` type says it: old reports have no
 * `thresholds_verdict`: their `verdict` was exactly that (thresholds only),
 * and a scenario's checks say it too.
 */
export function normalizeParsedReport(data: ParsedReport): Report {
  const scenarios = data.scenarios.map((s) => {
    const own: ThresholdsVerdict = s.checks.every((c) => c.pass) ? "pass" : "fail";
    return { ...s, thresholds_verdict: s.thresholds_verdict ?? own };
  });
  const all: ThresholdsVerdict = scenarios.every((s) => s.thresholds_verdict === "pass") ? "pass" : "fail";
  return { ...data, thresholds_verdict: data.thresholds_verdict ?? all, scenarios };
}
