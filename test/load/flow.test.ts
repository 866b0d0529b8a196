import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { RequestSpec, Step } from "../../src/budget/types.js";
import type { CaptureSpec, CheckSpec } from "../../src/checks/types.js";
import type { ScenarioPlan } from "../../src/load/types.js";
import type { StringTemplate, TemplateContext } from "../../src/template/types.js";
import { startFlowServer } from "../fixtures/flow-server.js";
import { useEngineHarness } from "./engine-harness.js";
import { makePlan } from "./plan.js";

const h = useEngineHarness();

/** A hand-made template (the template compiler is tested on its own): `render` is the truth. */
function tpl(source: string, render: (ctx: TemplateContext) => string): StringTemplate {
  return { source, constant: false, render };
}

function request(over: Partial<RequestSpec>): RequestSpec {
  return { method: "GET", path: "/", headers: {}, timeoutMs: 5000, expectStatus: [], ...over };
}

function flowPlan(url: string, steps: Step[], load: Partial<ScenarioPlan["load"]> = {}): ScenarioPlan {
  const first = steps[0]?.request ?? request({});
  return { ...makePlan(url, { durationMs: 400, connections: 2, ...load }, first), steps };
}

const uploadThenRead = (capture: CaptureSpec[]): Step[] => [
  {
    name: "upload",
    line: 1,
    capture,
    request: request({
      method: "POST",
      path: "/items",
      headers: { "content-type": "application/json" },
      template: {
        headers: [],
        json: {
          constant: false,
          render: (c) => `{"name":"n${c.seq}"}`,
          value: (c) => ({ name: `n${c.seq}` }),
        },
      },
    }),
  },
  {
    name: "read",
    line: 2,
    capture: [],
    request: request({
      path: "/items/{{ vars.id }}",
      template: { headers: [], path: tpl("/items/{{ vars.id }}", (c) => `/items/${c.vars.id}`) },
    }),
  },
];
const captureId: CaptureSpec[] = [{ name: "id", from: { kind: "json", jsonPath: "$.id" }, line: 1 }];

describe("templated requests", () => {
  it("sends a distinct body per request: seq counts 0, 1, 2 … with no gap or repeat", async () => {
    const server = h.serve(await startFlowServer());
    const plan = makePlan(
      server.url,
      { durationMs: 300, connections: 3 },
      request({
        method: "POST",
        path: "/x",
        template: {
          headers: [["x-seq", tpl("{{ seq }}", (c) => String(c.seq))]],
          body: tpl("n{{ seq }}", (c) => `n${c.seq}`),
        },
      }),
    );
    const r = await h.run(plan);
    const bodies = server.seen.map((s) => s.body);
    expect(bodies.length).toBe(r.requests.total);
    expect(new Set(bodies).size).toBe(bodies.length);
    const seqs = bodies.map((b) => Number(b.slice(1))).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(server.seen.map((s) => s.headers["x-seq"])).toEqual(bodies.map((b) => b.slice(1)));
  });
});

describe("multi-step flows", () => {
  it("reads back every uploaded item: the captured id reaches the next step (404 otherwise)", async () => {
    const server = h.serve(await startFlowServer());
    const r = await h.run(flowPlan(server.url, uploadThenRead(captureId)));
    const [upload, read] = r.steps ?? [];
    expect(server.notFound).toBe(0);
    expect(read?.requests.ok).toBe(server.found);
    expect(upload?.requests.ok).toBeGreaterThan(10);
    expect(r.requests.ok).toBe(read?.requests.ok);
    expect(r.requests.failed).toBe(0);
    // An iteration spans both steps: its median is at least each step's.
    expect(r.latency.getValueAtPercentile(50)).toBeGreaterThanOrEqual(
      read?.latency.getValueAtPercentile(50) ?? 0,
    );
  });

  it("a capture that finds nothing fails the later step as capture_failed, unsent, once per failed upload", async () => {
    const server = h.serve(await startFlowServer({ noIdEvery: 4 }));
    const r = await h.run(flowPlan(server.url, uploadThenRead(captureId), { connections: 1 }));
    const [upload, read] = r.steps ?? [];
    expect(server.noIdSent).toBeGreaterThan(2);
    expect(read?.errors).toEqual({ capture_failed: server.noIdSent });
    expect(r.errors).toEqual({ capture_failed: server.noIdSent });
    expect(upload?.requests.failed).toBe(0);
    expect(server.notFound).toBe(0);
    expect(read?.errorSamples[0]?.message).toContain('capture "id"');
    expect(r.errorSamples[0]?.message).toContain('step "upload" (1 of 2) failed: not sent: capture "id"');
  });

  it("without the capture the read step 404s: the failure is the iteration's, with the step named", async () => {
    const server = h.serve(await startFlowServer());
    const steps = uploadThenRead([]);
    const r = await h.run(flowPlan(server.url, steps, { connections: 1 }));
    expect(r.steps?.[1]?.errors).toEqual({ http_4xx: server.notFound });
    expect(r.errors).toEqual({ http_4xx: server.notFound });
    expect(r.requests.ok).toBe(0);
  });
});

describe("streamed steps", () => {
  it("a step that streams has its own stream metrics: ttft and exact usage tokens, per step", async () => {
    const server = h.serve(await startFlowServer());
    const chat = request({
      method: "POST",
      path: "/v1/chat/completions",
      body: '{"stream":true}',
      stream: { format: "openai", idleTimeoutMs: 5000, includeUsage: true },
      checks: [
        {
          name: "stream",
          rule: { kind: "stream", minTokens: 2, finishReason: "stop" },
          line: 3,
          source: "stream",
        },
      ],
    });
    const steps: Step[] = [
      { name: "plain", line: 1, capture: [], request: request({ path: "/quick" }) },
      { name: "chat", line: 2, capture: [], request: chat },
    ];
    const r = await h.run(flowPlan(server.url, steps, { connections: 1, durationMs: 300 }));
    const [plain, streamed] = r.steps ?? [];
    expect(plain?.stream).toBeUndefined();
    expect(r.stream).toBeUndefined();
    expect(streamed?.requests.ok).toBeGreaterThan(5);
    expect(streamed?.stream?.ttft.totalCount).toBe(streamed?.requests.ok);
    // Every answer is two tokens (usage: completion_tokens 2) and finishes with "stop".
    expect(streamed?.stream?.outputTokensTotal).toBe(2 * (streamed?.requests.ok ?? 0));
    expect(streamed?.stream?.requestsWithUsage).toBe(streamed?.requests.ok);
    expect(r.checks?.[0]).toMatchObject({ name: "stream", step: "chat", failed: 0 });
    expect(r.checks?.[0]?.evaluated).toBe(streamed?.requests.ok);
  });
});

describe("step timeouts", () => {
  it("a step that never answers times out in its step and fails its iteration as a timeout", async () => {
    const server = h.serve(await startFlowServer({ hangPrefix: "/hang" }));
    const steps: Step[] = [
      { name: "quick", line: 1, capture: [], request: request({ path: "/quick" }) },
      { name: "stuck", line: 2, capture: [], request: request({ path: "/hang", timeoutMs: 100 }) },
    ];
    const r = await h.run(flowPlan(server.url, steps, { connections: 1, durationMs: 500 }));
    const [quick, stuck] = r.steps ?? [];
    const timeouts = r.errors.timeout ?? 0;
    expect(timeouts).toBeGreaterThanOrEqual(3);
    expect(r.errors).toEqual({ timeout: timeouts });
    expect(stuck?.errors).toEqual({ timeout: timeouts });
    expect(quick?.requests.ok).toBe(timeouts);
    // The iteration's failed latency holds the 100 ms timeout (the sweep fires at most ~5 ms late).
    expect(r.latencyFailed.minNonZeroValue / 1000).toBeGreaterThanOrEqual(100);
    expect(r.errorSamples[0]?.message).toContain(
      'step "stuck" (2 of 2) failed: no complete response within the request\'s timeout (100 ms)',
    );
  });
});

describe("bodies past the 4 MiB that checks read", () => {
  it("a capture whose value lies past 4 MiB fails, and its sample says the body was cut (was: no hint why)", async () => {
    const big = JSON.stringify({ pad: "x".repeat(5 * 1024 * 1024), id: "late" });
    const server = h.serve(
      await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
        const s = createServer((_req, res) => res.end(big));
        s.listen(0, "127.0.0.1", () =>
          resolve({
            url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
            close: () => new Promise((done) => s.close(() => done())),
          }),
        );
      }),
    );
    const steps: Step[] = [
      {
        name: "big",
        line: 1,
        capture: [{ name: "id", from: { kind: "json", jsonPath: "$.id" }, line: 9 }],
        request: request({}),
      },
      { name: "next", line: 2, capture: [], request: request({ path: "/next" }) },
    ];
    const r = await h.run(flowPlan(server.url, steps, { connections: 1, durationMs: 200 }));
    expect(r.errors.capture_failed).toBe(r.requests.total);
    expect(r.errorSamples[0]?.message).toContain(
      'capture "id" (line 9) of the step before found nothing (the body is longer than 4 MiB: checks and captures read its first 4 MiB only)',
    );
  });
});

describe("a connection reset mid-iteration", () => {
  it("a reset in step 2 fails its iteration once, as reset, and the next iteration starts on a fresh connection", async () => {
    let resets = 0;
    let connections = 0;
    let reads = 0;
    const server = h.serve(
      await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
        const s = createServer((req, res) => {
          req.resume();
          req.on("end", () => {
            if (req.url === "/two" && ++reads % 3 === 0) {
              resets++;
              req.socket.destroy();
            } else res.end("ok");
          });
        });
        s.on("connection", () => connections++);
        s.listen(0, "127.0.0.1", () =>
          resolve({
            url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
            close: () => {
              s.closeAllConnections();
              return new Promise((done) => s.close(() => done()));
            },
          }),
        );
      }),
    );
    const steps: Step[] = [
      { name: "one", line: 1, capture: [], request: request({ path: "/one" }) },
      { name: "two", line: 2, capture: [], request: request({ path: "/two" }) },
    ];
    const r = await h.run(flowPlan(server.url, steps, { connections: 1, durationMs: 300 }));
    const [one, two] = r.steps ?? [];
    expect(resets).toBeGreaterThan(5);
    expect(r.errors).toEqual({ reset: resets });
    expect(r.requests.total).toBe(r.requests.ok + resets);
    expect(two?.errors).toEqual({ reset: resets });
    expect(one?.requests.ok).toBe(r.requests.total);
    // One connection to start, and one more after each reset (but a reset that ended the run).
    expect(connections).toBeGreaterThanOrEqual(resets);
    expect(connections).toBeLessThanOrEqual(resets + 1);
  });
});

describe("a stop mid-iteration", () => {
  it("the step after the stop is neither sent nor counted in its total (was: counted, never sent)", async () => {
    const server = h.serve(await startFlowServer({ delayMs: 150 }));
    const steps: Step[] = [
      { name: "one", line: 1, capture: [], request: request({ path: "/one" }) },
      { name: "two", line: 2, capture: [], request: request({ path: "/two" }) },
    ];
    const stop = new AbortController();
    // Iterations start at 0 and ~300 ms; the stop lands in the second one's first step.
    setTimeout(() => stop.abort(), 380);
    const r = await h.run(flowPlan(server.url, steps, { connections: 2, durationMs: 1500 }), {
      signal: stop.signal,
    });
    const sent = (path: string) => server.seen.filter((s) => s.url === path).length;
    const [one, two] = r.steps ?? [];
    expect(r.incomplete).toBe(true);
    expect(sent("/two")).toBeLessThan(sent("/one"));
    expect(one?.requests.total).toBe(sent("/one"));
    expect(two?.requests.total).toBe(sent("/two"));
    // Only iterations whose every step ended are recorded; the cut-off ones stay unfinished.
    expect(r.requests.ok).toBe(sent("/two"));
    expect(r.requests.total).toBe(sent("/one"));
  });
});

describe("checks", () => {
  const bodyCheck: CheckSpec = {
    name: "body",
    rule: { kind: "body", contains: '"results"' },
    line: 7,
    source: "body: { contains: '\"results\"' }",
  };
  it("counts a failed check on exactly the responses the server got wrong (every 5th)", async () => {
    const server = h.serve(await startFlowServer({ badEvery: 5 }));
    const r = await h.run(
      makePlan(
        server.url,
        { durationMs: 400, connections: 2 },
        request({ path: "/search", checks: [bodyCheck] }),
      ),
    );
    expect(server.badSent).toBeGreaterThan(5);
    expect(r.errors).toEqual({ check_failed: server.badSent });
    expect(r.requests.failed).toBe(server.badSent);
    expect(r.checks).toEqual([
      {
        name: "body",
        line: 7,
        source: bodyCheck.source,
        evaluated: r.requests.total,
        failed: server.badSent,
      },
    ]);
    expect(r.errorSamples[0]?.message).toContain('check "body" (line 7');
    expect(r.errorSamples[0]?.message).toContain('{"error":"busy"}');
  });
});
