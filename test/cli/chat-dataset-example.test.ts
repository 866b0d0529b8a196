/**
 * examples/chat-dataset-budget.yml, run as the README says (durations shortened) against a
 * loopback chat endpoint that records what it received: each request carries a conversation of
 * the sample dataset turned into chat messages, every row once per pass, a unique marker before
 * its first user message, a seeded numeric max_tokens; the report says so.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Report } from "../../src/report/types.js";
import { type FlowServer, startFlowServer } from "../fixtures/flow-server.js";
import { captureIo } from "./cli-io.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
let dir: string;
let server: FlowServer;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "perf-gate-chat-example-"));
  server = await startFlowServer();
  const text = await readFile(join(EXAMPLES, "chat-dataset-budget.yml"), "utf8");
  const short = text
    .replace("rate: 2\n", "rate: 40\n")
    .replace("duration: 60s", "duration: 1500ms")
    .replace("warmup: 10s", "warmup: 0s");
  expect(short).not.toBe(text);
  await writeFile(join(dir, "chat-dataset-budget.yml"), short);
  await cp(join(EXAMPLES, "data"), join(dir, "data"), { recursive: true });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface ChatBody {
  readonly max_tokens: unknown;
  readonly user: string;
  readonly messages: readonly { readonly role: string; readonly content: string }[];
}

describe("examples/chat-dataset-budget.yml", () => {
  it("sends the dataset's conversations as chat messages, each prompt with its own prefix", async () => {
    const out = join(dir, "report.json");
    const cap = captureIo({ OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "sk-test-0123456789abcdef" });
    const code = await main(["run", join(dir, "chat-dataset-budget.yml"), "-o", out, "-q"], cap.io);
    expect(cap.stderr()).toBe("");
    expect([0, 1]).toContain(code);
    const report = JSON.parse(await readFile(out, "utf8")) as Report;
    const scenario = report.scenarios[0];
    expect(scenario?.unique_prefix).toBe(true);
    expect(scenario?.data).toMatchObject({ file: "data/sharegpt-sample.jsonl", order: "shuffle", rows: 12 });
    expect(scenario?.response_checks?.map((c) => [c.name, c.failed])).toEqual([
      ["status", 0],
      ["stream", 0],
    ]);
    const rows = (await readFile(join(EXAMPLES, "data/sharegpt-sample.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { conversations: { from: string; value: string }[] });
    const bodies = server.seen
      .filter((s) => s.url === "/v1/chat/completions")
      .map((s) => JSON.parse(s.body) as ChatBody)
      .sort((a, b) => Number(a.user.slice(10)) - Number(b.user.slice(10)));
    expect(bodies.length).toBeGreaterThanOrEqual(24);
    const markers = new Set<string>();
    const firstPass = new Set<number>();
    bodies.forEach((body, seq) => {
      expect(body.user).toBe(`perf-gate-${seq}`);
      expect(typeof body.max_tokens).toBe("number");
      expect(body.max_tokens).toBeGreaterThanOrEqual(64);
      expect(body.max_tokens).toBeLessThanOrEqual(256);
      expect(body.messages.at(-1)?.role).toBe("user");
      const first = body.messages.find((m) => m.role === "user");
      const marker = /^\[[0-9a-f]{6}-[0-9a-z]+\] /.exec(first?.content ?? "")?.[0];
      expect(marker).toBeDefined();
      markers.add(marker ?? "");
      // Which row: the one whose first human turn this prompt carries after its marker.
      const text = first?.content.slice(marker?.length ?? 0);
      const row = rows.findIndex((r) => r.conversations.find((t) => t.from === "human")?.value === text);
      expect(row).toBeGreaterThanOrEqual(0);
      if (seq < 12) firstPass.add(row);
    });
    expect(markers.size).toBe(bodies.length);
    expect(firstPass.size).toBe(12);
  }, 20_000);
});
