/**
 * The built-in demo API that `perf-gate demo` measures: a JSON list endpoint and an OpenAI-like
 * chat completion endpoint with realistic, varying latency, on a free loopback port.
 * Delays come from a seeded generator, so runs are repeatable given the same request order.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mulberry32 } from "../load/schedule.js";
import {
  buildChatCompletion,
  completionLatencyMs,
  estimatePromptTokens,
  sampleCompletionTokens,
} from "./chat-completion.js";
import { parseChatRequest } from "./chat-request.js";
import { streamChatCompletion } from "./chat-stream.js";
import { clamp, logNormal } from "./seeded-random.js";
import { planChatStream } from "./stream-plan.js";

/** A running demo server. */
export interface DemoServer {
  /** Base URL, `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

/** Bodies larger than this are refused: the demo never needs them, and it keeps memory bounded. */
const MAX_BODY_BYTES = 1_000_000;

const ITEMS = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  name: `item-${i + 1}`,
  price_cents: 100 + ((i * 7919) % 900),
  in_stock: i % 4 !== 0,
}));

/**
 * Starts the demo API on 127.0.0.1, port 0 (a free port):
 * - `GET /api/items` → `{ items: [...] }`, after ~5–15 ms (log-normal, median ~7 ms);
 * - `POST /v1/chat/completions` → a `chat.completion` object after ~30–120 ms, longer for longer
 *   answers; with `"stream": true`, OpenAI-style server-sent events on the timings of
 *   `STREAM_TIMING` (first token after 80–250 ms, then a token every 10–30 ms); needs
 *   `authorization: Bearer <key>` (else 401 with an OpenAI-style error);
 * - anything else → 404 with a JSON error.
 */
export async function startDemoServer(options: { readonly seed?: number } = {}): Promise<DemoServer> {
  const random = mulberry32(options.seed ?? 42);
  let nextId = 1;
  const server = createServer((req, res) => {
    route(req, res, random, () => nextId++).catch((err: unknown) => {
      // A bug in the demo must not crash the run it is serving: answer 500 and carry on.
      if (!res.headersSent) sendJson(res, 500, openAiError(String(err), "server_error", null));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  random: () => number,
  takeId: () => number,
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://demo.invalid").pathname;
  if (path === "/api/items" && req.method === "GET") {
    await delay(clamp(5 + logNormal(random, 2, 0.7), 5, 15));
    sendJson(res, 200, { items: ITEMS, total: ITEMS.length });
    return;
  }
  if (path === "/v1/chat/completions" && req.method === "POST") {
    await handleChat(req, res, random, takeId());
    return;
  }
  req.resume();
  sendJson(res, 404, openAiError(`no route for ${req.method} ${path}`, "invalid_request_error", "not_found"));
}

async function handleChat(
  req: IncomingMessage,
  res: ServerResponse,
  random: () => number,
  id: number,
): Promise<void> {
  const body = await readBody(req);
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? "")) {
    const message = "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.";
    sendJson(res, 401, openAiError(message, "invalid_request_error", "invalid_api_key"));
    return;
  }
  const request = parseChatRequest(body);
  if ("error" in request) {
    sendJson(res, 400, openAiError(request.error, "invalid_request_error", null));
    return;
  }
  const completionId = `chatcmpl-demo${id.toString(36).padStart(8, "0")}`;
  const promptTokens = estimatePromptTokens(request.messages);
  if (request.stream) {
    const plan = planChatStream(random, request.maxTokens);
    const meta = { id: completionId, model: request.model, promptTokens, includeUsage: request.includeUsage };
    await streamChatCompletion(res, plan, meta);
    return;
  }
  const { maxTokens } = request;
  const completionTokens = sampleCompletionTokens(random, maxTokens);
  await delay(completionLatencyMs(completionTokens));
  const completion = buildChatCompletion({
    id: completionId,
    model: request.model,
    promptTokens,
    completionTokens,
    finishReason: maxTokens !== undefined && completionTokens >= maxTokens ? "length" : "stop",
    random,
  });
  sendJson(res, 200, completion);
}

/** Reads the request body as text (undefined when empty); over MAX_BODY_BYTES it rejects. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

function openAiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
