// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * The commands themselves (issue 9 §3): `compare --budget` with none of the budget's variables
 * set, and `run -s NAME` with only that scenario's, against a loopback server.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { captureIo } from "../cli/cli-io.js";
import { latencies, writeChatReport } from "../cli/report-files.js";
import { startServer, type TestServer } from "../fixtures/servers.js";

const BUDGET = `version: 1
target: \${API_URL}
defaults:
  headers: { authorization: "Bearer \${API_KEY}" }
scenarios:
  - name: chat
    request: { path: /v1/chat }
    load: { connections: 1, duration: 300ms }
    regression:
      latency.p95: +10%
  - name: other
    request: { headers: { x-other: "\${OTHER_KEY}" } }
    load: { connections: 1, duration: 300ms }
`;

let dir: string;
let budget: string;
let server: TestServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-vars-"));
  budget = join(dir, "perf-budget.yml");
  await writeFile(budget, BUDGET);
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("only the variables of what a command uses must be set", () => {
  it("compare --budget reads the regression rules with no variable set (was: exit 2, 3 variables not set)", async () => {
    const base = await writeChatReport(dir, "base.json", latencies());
    const head = await writeChatReport(dir, "head.json", latencies(1.5));
    const cap = captureIo({});
    const code = await main(["compare", base, head, "--budget", budget, "--no-color"], cap.io);
    expect(cap.stderr()).not.toContain("is not set");
    // The rule was read and applied: p95 rose 50 % against +10 %.
    expect(code).toBe(1);
    expect(cap.stdout()).toMatch(/REGRESSION\s+latency\.p95/);
  });

  it("run -s chat sends chat with API_URL and API_KEY set and OTHER_KEY unset (was: exit 2)", async () => {
    const out = join(dir, "report.json");
    const cap = captureIo({ API_URL: server.url, API_KEY: "sk-run-s-123456" });
    const code = await main(["run", budget, "-s", "chat", "--out", out, "-q"], cap.io);
    expect(cap.stderr()).not.toContain("is not set");
    expect(code).not.toBe(2);
    expect(server.stats.received).toBeGreaterThan(0);
    const report = JSON.parse(await readFile(out, "utf8")) as { scenarios: { name: string }[] };
    expect(report.scenarios.map((s) => s.name)).toEqual(["chat"]);
  });

  it("run -s other still needs OTHER_KEY", async () => {
    const cap = captureIo({ API_URL: server.url, API_KEY: "sk-run-s-123456" });
    const code = await main(["run", budget, "-s", "other", "--out", join(dir, "r2.json"), "-q"], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr()).toContain(
      "scenarios[1].request.headers.x-other: environment variable OTHER_KEY is not set",
    );
  });

  it("run -s with an unknown name is still the InputError listing the scenarios", async () => {
    const cap = captureIo({ API_URL: server.url, API_KEY: "k-123456" });
    const code = await main(["run", budget, "-s", "nope", "--out", join(dir, "r3.json"), "-q"], cap.io);
    expect(code).toBe(2);
    expect(cap.stderr()).toContain("--scenario 'nope' is not in");
    expect(cap.stderr()).toContain("its scenarios are: 'chat', 'other'");
  });
});
