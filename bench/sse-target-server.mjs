// A soak target in its own process: every POST is answered with an OpenAI-style chat completion
// stream on fixed timings, the known truth the soak compares perf-gate's figures with:
// a role chunk with the headers, the first token after TTFT_MS, then TOKENS - 1 more tokens every
// TOKEN_MS, a finish_reason chunk, a usage chunk when the body asks for it, then [DONE].
// Fixed rather than random timings: any spread in the measured p50 is then the client's (or the
// timers'), never the server's. Prints its port on stdout once listening.
import http from "node:http";

const ttftMs = Number(process.env.TTFT_MS ?? 50);
const tokenMs = Number(process.env.TOKEN_MS ?? 5);
const tokens = Number(process.env.TOKENS ?? 20);

function event(res, choices, usage) {
  const body = { id: "chatcmpl-soak", object: "chat.completion.chunk", created: 0, model: "soak", choices };
  if (usage !== undefined) body.usage = usage;
  res.write(`data: ${JSON.stringify(body)}\n\n`);
}

function answer(res, includeUsage) {
  let timer;
  res.once("close", () => clearTimeout(timer));
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  event(res, [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
  let sent = 0;
  const next = () => {
    event(res, [{ index: 0, delta: { content: sent === 0 ? "token" : " token" }, finish_reason: null }]);
    sent++;
    if (sent < tokens) {
      timer = setTimeout(next, tokenMs);
      return;
    }
    event(res, [{ index: 0, delta: {}, finish_reason: "stop" }]);
    if (includeUsage)
      event(res, [], { prompt_tokens: 8, completion_tokens: tokens, total_tokens: 8 + tokens });
    res.end("data: [DONE]\n\n");
  };
  timer = setTimeout(next, ttftMs);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let includeUsage = false;
    try {
      includeUsage = JSON.parse(Buffer.concat(chunks).toString()).stream_options?.include_usage === true;
    } catch {
      // Not JSON: still stream, without usage.
    }
    answer(res, includeUsage);
  });
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
