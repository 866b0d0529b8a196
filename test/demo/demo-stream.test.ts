/**
 * The demo API's streamed chat completions, read off the wire: framing, chunk order, usage only
 * when asked and equal to the tokens sent, and when the first token arrives.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoServer, startDemoServer } from "../../src/demo/demo-server.js";
import { STREAM_TIMING } from "../../src/demo/stream-plan.js";

interface Chunk {
  readonly choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[];
  readonly usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  readonly [key: string]: unknown;
}

/** One SSE event as received: its raw text and when its last byte arrived (ms since sending). */
interface Received {
  readonly raw: string;
  readonly atMs: number;
}

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(async () => {
  await server.close();
});

const chat = (body: object, headers: Record<string, string> = { authorization: "Bearer k" }) =>
  request(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "demo-mini", messages: [{ role: "user", content: "hi" }], ...body }),
  });

/** Sends a streamed request and splits the body on blank lines, timing each event's arrival. */
async function stream(body: object) {
  const start = performance.now();
  const res = await chat({ stream: true, ...body });
  const events: Received[] = [];
  let pending = "";
  for await (const read of res.body) {
    pending += String(read);
    let end = pending.indexOf("\n\n");
    while (end >= 0) {
      events.push({ raw: pending.slice(0, end), atMs: performance.now() - start });
      pending = pending.slice(end + 2);
      end = pending.indexOf("\n\n");
    }
  }
  expect(pending).toBe("");
  return { status: res.statusCode, headers: res.headers, events };
}

function chunksOf(events: readonly Received[]): Chunk[] {
  return events.slice(0, -1).map((e) => JSON.parse(e.raw.replace(/^data: /, "")) as Chunk);
}
const contentOf = (c: Chunk) => c.choices[0]?.delta.content ?? "";

describe("demo server, streamed chat completions", () => {
  it("frames an OpenAI stream: role chunk, content, finish_reason, [DONE] last", async () => {
    const { status, headers, events } = await stream({ max_tokens: 30 });
    expect(status).toBe(200);
    expect(headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    for (const e of events) expect(e.raw).toMatch(/^data: [^\n]+$/);
    expect(events.at(-1)?.raw).toBe("data: [DONE]");
    const chunks = chunksOf(events);
    for (const c of chunks) {
      expect(c).toMatchObject({ object: "chat.completion.chunk", model: "demo-mini", id: chunks[0]?.id });
      expect(c).not.toHaveProperty("usage");
    }
    expect(chunks[0]?.choices).toEqual([
      { index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null },
    ]);
    const content = chunks.slice(1, -1);
    for (const c of content) expect(contentOf(c).length).toBeGreaterThan(0);
    expect(content.map(contentOf).join("")).toMatch(/^\w+( \w+)*\.$/);
    expect(chunks.at(-1)?.choices).toEqual([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]);
  });

  it("sends a usage chunk only when asked, with completion_tokens = the tokens sent", async () => {
    const asked = await stream({ max_tokens: 40, stream_options: { include_usage: true } });
    const chunks = chunksOf(asked.events);
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    // Every chunk before it carries `usage: null`, as OpenAI's do.
    for (const c of chunks.slice(0, -1)) expect(c.usage).toBeNull();
    const text = chunks.map(contentOf).join("");
    const tokensSent = text.split(" ").length;
    expect(usageChunk?.usage).toEqual({
      prompt_tokens: 1,
      completion_tokens: tokensSent,
      total_tokens: 1 + tokensSent,
    });
    expect(asked.events.at(-1)?.raw).toBe("data: [DONE]");
    const notAsked = await stream({ max_tokens: 40, stream_options: { include_usage: false } });
    expect(chunksOf(notAsked.events).every((c) => !("usage" in c) && c.choices.length === 1)).toBe(true);
  });

  it("sends some chunks with two tokens, so chunks undercount the tokens", async () => {
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => stream({ max_tokens: 40, stream_options: { include_usage: true } })),
    );
    let chunks = 0;
    let tokens = 0;
    for (const { events } of runs) {
      const all = chunksOf(events);
      chunks += all.filter((c) => contentOf(c) !== "").length;
      tokens += all.at(-1)?.usage?.completion_tokens ?? 0;
    }
    expect(tokens).toBeGreaterThan(chunks);
  });

  it("sends the role chunk at once and the first token after 80-250 ms, then a token every 10-30 ms", async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, () => stream({ max_tokens: 25 })));
    const firstTokenMs: number[] = [];
    for (const { events } of runs) {
      const chunks = chunksOf(events);
      const firstContent = chunks.findIndex((c) => contentOf(c) !== "");
      expect(firstContent).toBe(1);
      // The role chunk comes with the headers; 40 ms of slack for a busy machine.
      expect(events[0]?.atMs).toBeLessThan(40);
      const ttftMs = events[1]?.atMs ?? 0;
      firstTokenMs.push(ttftMs);
      expect(ttftMs).toBeGreaterThanOrEqual(STREAM_TIMING.ttftMinMs - 1);
      expect(ttftMs).toBeLessThan(STREAM_TIMING.ttftMaxMs + 60);
      const last = chunks.length - 1;
      const perToken = ((events[last - 1]?.atMs ?? 0) - ttftMs) / (chunks.slice(2, last).length || 1);
      // Gaps hold one or two tokens of 10-30 ms; timers fire late, never early.
      expect(perToken).toBeGreaterThanOrEqual(STREAM_TIMING.tokenMinMs - 1);
      expect(perToken).toBeLessThan(2 * STREAM_TIMING.tokenMaxMs + 20);
    }
    expect(Math.max(...firstTokenMs) - Math.min(...firstTokenMs)).toBeGreaterThan(5);
  });

  it("answers 401 JSON, not a stream, without a key", async () => {
    const res = await chat({ stream: true }, {});
    expect(res.statusCode).toBe(401);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(await res.body.json()).toMatchObject({ error: { code: "invalid_api_key" } });
  });

  it("answers 400 to stream_options on a request that does not stream", async () => {
    const res = await chat({ stream_options: { include_usage: true } });
    expect(res.statusCode).toBe(400);
    expect(await res.body.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });
});

describe("demo server close()", () => {
  it("closes at once mid-stream and the client sees the stream cut", async () => {
    const own = await startDemoServer();
    const res = await request(`${own.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer k" },
      body: JSON.stringify({ stream: true }),
    });
    const reads = res.body[Symbol.asyncIterator]();
    await reads.next(); // the role chunk: the stream is open and waiting for its first token
    const started = performance.now();
    await own.close();
    expect(performance.now() - started).toBeLessThan(500);
    await expect(
      (async () => {
        for (let r = await reads.next(); !r.done; r = await reads.next());
      })(),
    ).rejects.toThrow();
  });
});
