/**
 * `perf-gate import-har` in-process through `main`: the browser-made recording in test/fixtures/har
 * to stdout or --out, and the one-line errors (exit 2) for files that are not recordings.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYamlText } from "yaml";
import { main } from "../../src/cli/main.js";
import { APP_HAR, APP_SECRETS, harText } from "../har/har-builder.js";
import { captureIo } from "./cli-io.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-import-har-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const captured = captureIo();
  const code = await main(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe("perf-gate import-har", () => {
  it("prints the budget to stdout and names the variables it needs on stderr, never their values", async () => {
    const { code, stdout, stderr } = await run("import-har", APP_HAR);
    expect(code).toBe(0);
    const doc = parseYamlText(stdout);
    expect(doc.target).toBe("http://127.0.0.1:47311");
    expect(doc.scenarios[0].steps.map((s: { name: string }) => s.name)).toEqual([
      "get-index",
      "post-api-items",
      "get-api-items-41",
    ]);
    expect(stderr).toBe(
      [
        "perf-gate: printed a budget: scenario items-app, 3 steps against http://127.0.0.1:47311",
        "perf-gate: skipped 3 static asset(s); --include-static keeps them",
        "perf-gate: skipped requests to other origins: http://127.0.0.1:47312 (1)",
        "perf-gate: the budget reads these environment variables (the recorded values were not written):",
        "perf-gate:   API_KEY  (query parameter api_key)",
        "perf-gate:   COOKIE  (header cookie)",
        "perf-gate:   AUTHORIZATION  (header authorization)",
        "perf-gate:   X_API_KEY  (header x-api-key)",
        "perf-gate: hint: step get-api-items-41: 41 in its path came from the response of post-api-items ($.id); the budget says how to capture it",
        "",
      ].join("\n"),
    );
    for (const secret of APP_SECRETS) expect(stdout + stderr).not.toContain(secret.slice(-10));
  });

  it("writes --out, refuses to overwrite it (exit 2, file kept), and overwrites it with --force", async () => {
    const out = join(dir, "perf-budget.yml");
    const first = await run("import-har", APP_HAR, "--out", out);
    expect(first).toMatchObject({ code: 0, stdout: "" });
    expect(first.stderr).toMatch(/^perf-gate: wrote .*perf-budget\.yml: scenario items-app, 3 steps/);
    const written = await readFile(out, "utf8");
    expect(parseYamlText(written).scenarios[0].steps).toHaveLength(3);

    await writeFile(out, "# edited by hand\n");
    const again = await run("import-har", APP_HAR, "--out", out, "--include-static");
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `perf-gate: ${out} already exists: pass --force to overwrite it, or choose another --out\n`,
    );
    expect(await readFile(out, "utf8")).toBe("# edited by hand\n");

    const forced = await run("import-har", APP_HAR, "--out", out, "--include-static", "--force");
    expect(forced.code).toBe(0);
    expect(parseYamlText(await readFile(out, "utf8")).scenarios[0].steps).toHaveLength(6);
  });

  it.each([
    [
      "a budget file",
      "budget.yml",
      "version: 1\nscenarios: []\n",
      "budget.yml:1:1 not a HAR file: invalid JSON: expected a JSON value, found 'v'",
    ],
    [
      "invalid JSON",
      "cut.har",
      '{"log": {"entries": [',
      "cut.har:1:22 not a HAR file: invalid JSON: the JSON ends too early",
    ],
    [
      "JSON that is not a HAR",
      "other.json",
      '{"items": []}',
      'other.json:1:1 not a HAR file: expected a JSON object with a "log" object (HAR 1.2, as a browser\'s "Save all as HAR" writes), found an object with keys "items"',
    ],
    [
      "a HAR without entries",
      "empty.har",
      '{"log": {"version": "1.2", "entries": []}}',
      "empty.har:1:39 log.entries: the recording has no requests: record again, with the page's requests in it",
    ],
    [
      "a HAR of static assets only",
      "static.har",
      harText([{ url: "http://h.test/a.css", mime: "text/css" }]),
      "static.har: no request left to replay (1 static asset (--include-static keeps them))",
    ],
  ])("rejects %s with one line naming the file (exit 2)", async (_what, name, text, message) => {
    const file = join(dir, name);
    await writeFile(file, text);
    const { code, stdout, stderr } = await run("import-har", file);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`perf-gate: ${dir}/${message}\n`);
  });

  it("rejects a recording that does not exist (exit 2)", async () => {
    const missing = join(dir, "nope.har");
    const { code, stderr } = await run("import-har", missing);
    expect(code).toBe(2);
    expect(stderr).toBe(`perf-gate: ${missing}: cannot read the recording (no such file or directory)\n`);
  });
});
