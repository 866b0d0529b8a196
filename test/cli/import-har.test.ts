/**
 * `perf-gate import-har` in-process through `main`: the browser-made recording in test/fixtures/har
 * to stdout or --out, and the one-line errors (exit 2) for files that are not recordings.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYamlText } from "yaml";
import { parseBudget } from "../../src/budget/parse-budget.js";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
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

/** A loopback items API like the recorded app's: POST answers 201 {"id": n}, GET the item or 404. */
async function startItemsApp() {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const items = new Set<string>();
  let next = 100;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      const url = req.url ?? "/";
      seen.push({ method: req.method ?? "", url, headers: req.headers, body });
      if (req.method === "POST" && url.startsWith("/api/items")) {
        const id = String(next++);
        items.add(id);
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id: Number(id) }));
        return;
      }
      const item = /^\/api\/items\/(\d+)/.exec(url);
      if (item) {
        res.writeHead(items.has(item[1] ?? "") ? 200 : 404).end("{}");
        return;
      }
      res.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("an imported budget, replayed", () => {
  const env = {
    API_KEY: "key-0123456789",
    COOKIE: "session=cookie-0123456789",
    AUTHORIZATION: "Bearer auth-0123456789",
    X_API_KEY: "xkey-0123456789",
  };

  it("parses whole (steps included) with the real budget parser, the variables in place", async () => {
    const { stdout } = await run("import-har", APP_HAR);
    const budget = parseBudget(stdout, { file: "perf-budget.yml", env });
    const steps = budget.scenarios[0]?.steps ?? [];
    expect(steps.map((s) => `${s.name} ${s.request.method} ${s.request.path}`)).toEqual([
      "get-index GET /",
      "post-api-items POST /api/items?api_key=key-0123456789",
      "get-api-items-41 GET /api/items/41?view=full",
    ]);
    expect(steps[1]?.request.headers).toMatchObject({ authorization: env.AUTHORIZATION, cookie: env.COOKIE });
  });

  it("runs against a loopback app with the variables set, and after its hint reads back each created id", async () => {
    const app = await startItemsApp();
    try {
      const out = join(dir, "replay.yml");
      await run("import-har", APP_HAR, "--out", out, "--force");
      // The edit the import's comment asks for: capture the id, read it back, and a short load.
      const edited = (await readFile(out, "utf8"))
        .replace(
          "      - name: post-api-items\n",
          '      - name: post-api-items\n        capture: { id: { json: "$.id" } }\n',
        )
        .replace("path: /api/items/41?view=full", 'path: "/api/items/{{ vars.id }}?view=full"')
        .replace("load: { connections: 1, duration: 30s }", "load: { connections: 2, duration: 300ms }");
      await writeFile(out, edited);
      const report = join(dir, "replay.json");
      const captured = captureIo(env);
      const code = await main(["run", out, "--target", app.url, "-o", report, "-q"], captured.io);
      expect(captured.stderr()).toBe("");
      // No thresholds: 0, or 1 only when a busy machine made the short run untrusted.
      expect([0, 1]).toContain(code);
      const posts = app.seen.filter((s) => s.method === "POST");
      const reads = app.seen.filter((s) => s.url.startsWith("/api/items/"));
      expect(posts.length).toBeGreaterThan(5);
      for (const post of posts) {
        expect(post.url).toBe(`/api/items?api_key=${env.API_KEY}`);
        expect(post.headers).toMatchObject({ authorization: env.AUTHORIZATION, "x-api-key": env.X_API_KEY });
        expect(JSON.parse(post.body)).toEqual({ name: "n1", tags: ["a", "b"], count: 2 });
      }
      const result = JSON.parse(await readFile(report, "utf8")) as Report;
      expect(result.scenarios[0]?.errors).toEqual({});
      expect(result.scenarios[0]?.steps?.[2]?.requests.ok).toBe(reads.length);
      for (const value of Object.values(env)) expect(JSON.stringify(result)).not.toContain(value);
    } finally {
      await app.close();
    }
  }, 20_000);
});
