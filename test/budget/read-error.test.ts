/**
 * The one reader of files named in a budget (`readBudgetFile`), shared by the data-file and the
 * TLS-file rules: what each failure says, in each reader's own words, located at the file's key.
 * Files are "read" through a `readData` the test sets; no disk, no network.
 */
import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { readBudgetFile } from "../../src/budget/read-error.js";
import { BudgetError } from "../../src/errors.js";

const EXPLAIN = { noFolder: "no folder", unreadable: (why: string) => `unreadable (${why})` };

/** A readData that throws an error with `code` (or a plain Error when code is undefined). */
function throwing(code: string | undefined, message = "boom"): (file: string) => string {
  return () => {
    throw Object.assign(new Error(message), code === undefined ? {} : { code });
  };
}

describe("readBudgetFile", () => {
  it.each([
    ["no readData (a budget parsed from a string)", undefined, { problem: "no folder" }],
    ["ENOENT", throwing("ENOENT"), { problem: "unreadable (no such file)" }],
    ["EACCES", throwing("EACCES"), { problem: "unreadable (EACCES)" }],
    ["EISDIR", throwing("EISDIR"), { problem: "unreadable (EISDIR)" }],
    [
      "an error without a code",
      throwing(undefined, "disk on fire"),
      { problem: "unreadable (disk on fire)" },
    ],
    ["a readable file", (file: string) => `text of ${file}`, { text: "text of a.pem" }],
  ])("%s", (_name, readData, expected) => {
    expect(readBudgetFile("a.pem", readData, EXPLAIN)).toEqual(expected);
  });
});

/** The located problems of `source` read with `readData`. */
function problems(source: string, readData?: (file: string) => string): string[] {
  try {
    parseBudget(source, { file: "b.yml", env: {}, readData });
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetError);
    return (error as BudgetError).problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
  throw new Error("expected the budget to be refused");
}

const budget = (scenarioLine: string): string =>
  [
    "version: 1",
    "target: https://127.0.0.1:9",
    "scenarios:",
    "  - name: s",
    "    request: { path: / }",
    "    load: { duration: 1s }",
    scenarioLine,
    "",
  ].join("\n");

describe("each reader keeps its own words (the texts from before the shared reader)", () => {
  const data = budget("    data: { file: rows.jsonl }");
  const tls = budget("    tls: { ca: ca.pem }");
  const CA = "expected a PEM certificate file (-----BEGIN CERTIFICATE-----), got ca.pem";

  it("a data file and a TLS file in a budget not read from a file", () => {
    expect(problems(data)).toEqual([
      "7:19 scenarios[0].data.file: cannot read rows.jsonl: this budget was not read from a file, so a data file has no folder to be found in",
    ]);
    expect(problems(tls)).toEqual([
      `7:16 scenarios[0].tls.ca: ${CA}: this budget was not read from a file, so the file has no folder to be found in`,
    ]);
  });

  it("a data file and a TLS file that are folders (EISDIR)", () => {
    expect(problems(data, throwing("EISDIR"))).toEqual([
      "7:19 scenarios[0].data.file: cannot read rows.jsonl (EISDIR): a data file's path is relative to the budget file's folder",
    ]);
    expect(problems(tls, throwing("EISDIR"))).toEqual([
      `7:16 scenarios[0].tls.ca: ${CA}, which cannot be read (EISDIR): a TLS file's path is relative to the budget file's folder`,
    ]);
  });
});
