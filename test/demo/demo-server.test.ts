import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../../src/demo/demo-server.js";

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server.close();
});

async function timed(path: string, init: Parameters<typeof request>[1] = {}) {
  const start = performance.now();
  const res = await request(`${server.url}${path}`, init);
  const json = (await res.body.json()) as Record<string, unknown>;
  return { status: res.statusCode, headers: res.headers, json, ms: performance.now() - start };
}

const chatInit = (headers: Record<string, string>) => ({
  method: "POST" as const,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({
    model: "demo-mini",
    messages: [{ role: "user", content: "Say hello to the budget" }],
  }),
});

describe("demo server", () => {
  it("listens on a loopback port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("GET /api/items returns a JSON list after 5-15 ms that varies", async () => {
    const results = [];
    for (let i = 0; i < 20; i++) results.push(await timed("/api/items"));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.headers["content-type"]).toBe("application/json");
      const items = r.json.items as { id: number; name: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items[0]).toMatchObject({ id: 1, name: "item-1" });
      // 5 ms floor is the server's delay; one request may meet a garbage collection or a new
      // connection on a busy machine (45 ms seen), so the ceiling is on the median below.
      expect(r.ms).toBeGreaterThanOrEqual(4.5);
      expect(r.ms).toBeLessThan(250);
    }
    const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(25);
    const ms = results.map((r) => r.ms);
    expect(Math.max(...ms) - Math.min(...ms)).toBeGreaterThan(1);
  });

  it("POST /v1/chat/completions answers an OpenAI-shaped chat.completion in ~30-120 ms", async () => {
    const results = [];
    for (let i = 0; i < 8; i++)
      results.push(await timed("/v1/chat/completions", chatInit({ authorization: "Bearer k" })));
    for (const { status, json, ms } of results) {
      expect(status).toBe(200);
      expect(json).toMatchObject({ object: "chat.completion", model: "demo-mini" });
      expect(json.id).toMatch(/^chatcmpl-/);
      expect(Number.isInteger(json.created)).toBe(true);
      const choices = json.choices as { message: { role: string; content: string }; finish_reason: string }[];
      expect(choices[0]?.message.role).toBe("assistant");
      expect(choices[0]?.message.content.length).toBeGreaterThan(0);
      expect(choices[0]?.finish_reason).toBe("stop");
      const usage = json.usage as { prompt_tokens: number; completion_tokens: number; total_tokens: number };
      expect(usage.prompt_tokens).toBeGreaterThan(0);
      expect(usage.completion_tokens).toBeGreaterThanOrEqual(4);
      expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
      // Words in the content are the completion tokens (plus a final full stop).
      expect(choices[0]?.message.content.split(" ").length).toBe(usage.completion_tokens);
      // Service time is 24 ms + 1.5 ms per token, so 30..120 ms; +40 ms of slack for the machine.
      expect(ms).toBeGreaterThanOrEqual(24 + 1.5 * usage.completion_tokens - 1);
      expect(ms).toBeLessThan(160);
    }
    const tokens = new Set(
      results.map((r) => (r.json.usage as { completion_tokens: number }).completion_tokens),
    );
    expect(tokens.size).toBeGreaterThan(1);
  });

  it.each([
    ["no authorization header", {}],
    ["an empty bearer token", { authorization: "Bearer " }],
    ["a non-bearer scheme", { authorization: "Basic abc" }],
  ])("answers 401 with an OpenAI-style error for %s", async (_name, headers) => {
    const { status, json } = await timed("/v1/chat/completions", chatInit(headers));
    expect(status).toBe(401);
    expect(json).toEqual({
      error: {
        message: expect.any(String),
        type: "invalid_request_error",
        param: null,
        code: "invalid_api_key",
      },
    });
  });

  it("answers 400 for a body that is not JSON", async () => {
    const res = await timed("/v1/chat/completions", {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: "{",
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it.each([
    ["GET", "/nope"],
    ["GET", "/v1/chat/completions"],
    ["POST", "/api/items"],
  ] as const)("answers 404 JSON for %s %s", async (method, path) => {
    const { status, json } = await timed(path, { method });
    expect(status).toBe(404);
    expect(json).toMatchObject({ error: { code: "not_found" } });
  });
});
