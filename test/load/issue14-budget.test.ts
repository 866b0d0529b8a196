/**
 * Issue 14's budget as written (`examples/issue14-budget.yml`: Responses and Messages streams, a
 * non-streamed completion gated on its usage tokens, a health check with `tls: { insecure: true }`),
 * run against one loopback server that serves all four paths with known timing and token counts:
 * once over http, once over https with a self-signed certificate made in the test. Only the
 * example's `defaults.load` line is swapped for a short load; its scenarios run verbatim.
 */
import { readFile, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBudget } from "../../src/budget/load-budget.js";
import { judgeRun, rulesOf, thresholdsOf } from "../../src/judge-run.js";
import type { MeasuredScenario, ScenarioReport } from "../../src/report/types.js";
import { runBudget } from "../../src/run-budget.js";
import { makeTestCerts, type TestCerts } from "../fixtures/tls-certs.js";

/** Token counts each path's usage reports: the truths the report must hold exactly. */
const TRUTH = {
  responses: { input: 5, output: 3 },
  messages: { input: 6, output: 4 },
  completion: { prompt: 7, completion: 2 },
};
const FIRST_TOKEN_MS = 60;
const EVERY_MS = 10;

function sse(res: ServerResponse, type: string, data: unknown): void {
  res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Sends `deltas` deltas, the first at FIRST_TOKEN_MS, then every EVERY_MS, then `end`. */
function stream(res: ServerResponse, deltas: number, delta: () => void, end: () => void): void {
  let sent = 0;
  const next = (): void => {
    delta();
    sent += 1;
    if (sent < deltas) setTimeout(next, EVERY_MS);
    else {
      end();
      res.end();
    }
  };
  setTimeout(next, FIRST_TOKEN_MS);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on("end", () => {
    if (req.url === "/health") {
      res.end("ok");
    } else if (req.url === "/v1/responses") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      sse(res, "response.created", { response: { id: "r", status: "in_progress" } });
      stream(
        res,
        TRUTH.responses.output,
        () => sse(res, "response.output_text.delta", { item_id: "m", output_index: 0, delta: " tok" }),
        () =>
          sse(res, "response.completed", {
            response: {
              id: "r",
              status: "completed",
              usage: { input_tokens: TRUTH.responses.input, output_tokens: TRUTH.responses.output },
            },
          }),
      );
    } else if (req.url === "/v1/messages") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      sse(res, "message_start", {
        message: { id: "m", usage: { input_tokens: TRUTH.messages.input, output_tokens: 1 } },
      });
      sse(res, "content_block_start", { index: 0, content_block: { type: "text", text: "" } });
      stream(
        res,
        TRUTH.messages.output,
        () => sse(res, "content_block_delta", { index: 0, delta: { type: "text_delta", text: " tok" } }),
        () => {
          sse(res, "content_block_stop", { index: 0 });
          sse(res, "message_delta", { delta: {}, usage: { output_tokens: TRUTH.messages.output } });
          sse(res, "message_stop", {});
        },
      );
    } else if (req.url === "/v1/chat/completions") {
      const body = {
        id: "c",
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: "hi there" }, finish_reason: "stop" }],
        usage: {
          prompt_tokens: TRUTH.completion.prompt,
          completion_tokens: TRUTH.completion.completion,
          total_tokens: TRUTH.completion.prompt + TRUTH.completion.completion,
        },
      };
      setTimeout(
        () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body)),
        20,
      );
    } else {
      res.writeHead(404).end();
    }
  });
}

let certs: TestCerts;
const servers: Server[] = [];
let httpUrl = "";
let httpsUrl = "";
let budgetFile = "";

async function listen(server: Server, scheme: string): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  certs = await makeTestCerts();
  httpUrl = await listen(createHttpServer(handle), "http");
  httpsUrl = await listen(
    createHttpsServer({ cert: certs.server.cert, key: certs.server.key }, handle),
    "https",
  );
  const example = await readFile(new URL("../../examples/issue14-budget.yml", import.meta.url), "utf8");
  const short = example.replace(
    /^ {2}load: \{[^}]*\}.*$/m,
    "  load: { rate: 20, duration: 600ms, warmup: 100ms }",
  );
  expect(short).not.toBe(example);
  budgetFile = join(certs.dir, "issue14-budget.yml");
  await writeFile(budgetFile, short);
});

afterAll(async () => {
  for (const s of servers) {
    (s as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await certs?.remove();
});

async function runExample(target: string) {
  const budget = await loadBudget(budgetFile, { env: { API_URL: target } });
  const outcome = await runBudget(budget, { toolVersion: "test" });
  const { report, gate } = judgeRun(outcome.measured, {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    baseline: null,
    baselineSource: null,
    failOn: "any",
  });
  const byName = (name: string) => report.scenarios.find((s) => s.name === name) as ScenarioReport;
  return { report, gate, byName, measured: outcome.measured.scenarios as MeasuredScenario[] };
}

describe("issue 14's budget, as written, against one loopback server", () => {
  it("over http: every scenario ok, streams timed and tokens exact, the plain completion's tokens from its usage", async () => {
    const { byName, report } = await runExample(httpUrl);
    for (const name of ["responses", "messages", "plain-completion", "staging"]) {
      const s = byName(name);
      expect(s.requests.ok, name).toBeGreaterThan(5);
      expect(s.requests.failed, name).toBe(0);
    }
    const responses = byName("responses");
    expect(responses.ttft?.p50).toBeGreaterThanOrEqual(FIRST_TOKEN_MS);
    expect(responses.ttft?.p50).toBeLessThan(FIRST_TOKEN_MS + 25);
    expect(responses.output_tokens?.min).toBe(TRUTH.responses.output);
    expect(responses.output_tokens?.max).toBe(TRUTH.responses.output);
    expect(responses.prompt_tokens?.p50).toBe(TRUTH.responses.input);
    const messages = byName("messages");
    expect(messages.ttft?.p50).toBeGreaterThanOrEqual(FIRST_TOKEN_MS);
    expect(messages.output_tokens?.p50).toBe(TRUTH.messages.output);
    expect(messages.prompt_tokens?.p50).toBe(TRUTH.messages.input);
    const plain = byName("plain-completion");
    expect(plain.output_tokens?.min).toBe(TRUTH.completion.completion);
    expect(plain.output_tokens?.max).toBe(TRUTH.completion.completion);
    expect(plain.prompt_tokens?.p50).toBe(TRUTH.completion.prompt);
    // Its threshold (output_tokens.p50 >= 1) was checked on that data and held.
    const check = plain.checks.find((c) => c.metric === "output_tokens.p50");
    expect(check?.pass).toBe(true);
    expect(check?.actual).toBe(TRUTH.completion.completion);
    expect(report.verdict).toBe("pass");
  });

  it("over https with a self-signed certificate: staging runs (tls.insecure) and warns; the others fail with the hint", async () => {
    const { byName, report } = await runExample(httpsUrl);
    const staging = byName("staging");
    expect(staging.requests.failed).toBe(0);
    expect(staging.requests.ok).toBeGreaterThan(5);
    expect(report.warnings).toContain(
      "scenario staging: TLS certificates are NOT verified (tls.insecure: true): a man-in-the-middle would go unnoticed; use tls.ca for a trusted run",
    );
    const plain = byName("plain-completion");
    expect(plain.requests.ok).toBe(0);
    const sample = JSON.stringify(plain.error_samples ?? []);
    expect(sample).toContain(
      "is not trusted (self-signed certificate): set tls.ca to its CA file, or tls.insecure: true",
    );
    expect(report.verdict).not.toBe("pass");
  });
});
