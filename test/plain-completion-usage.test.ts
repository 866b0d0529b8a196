/**
 * The issue's `plain-completion` scenario, as written (no stream key, a threshold on
 * output_tokens.p50): parsed, run against a non-streamed server with usage and judged; and the
 * same budget against a server that sends NO usage, which must not pass and must say why.
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseBudget } from "../src/budget/index.js";
import { judgeRun, rulesOf, thresholdsOf } from "../src/judge-run.js";
import { renderMarkdownSummary } from "../src/render/markdown-summary.js";
import { renderTerminalReport } from "../src/render/terminal-report.js";
import { runBudget } from "../src/run-budget.js";
import { type LlmApi, type LlmServer, startLlmServer } from "./fixtures/llm-usage-server.js";

const open: LlmServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** The scenario, word for word, with a short load and a target. */
function budgetText(target: string): string {
  return [
    "version: 1",
    `target: ${target}`,
    "scenarios:",
    "  - name: plain-completion           # not streamed: tokens from usage",
    "    request: { method: POST, path: /v1/chat/completions, json: { model: m, messages: [{ role: user, content: hi }] } }",
    '    thresholds: { output_tokens.p50: ">= 1" }',
    // untrusted: warn: a busy test machine lagging its own generator must not turn this into "untrusted".
    "    load: { rate: 20, duration: 1s, warmup: 0s, untrusted: warn }",
    "",
  ].join("\n");
}

async function judged(api: LlmApi) {
  const server = await startLlmServer({
    api,
    answerAtMs: 5,
    reasoningChunks: 0,
    answerChunks: 9,
    promptTokens: 11,
  });
  open.push(server);
  const budget = parseBudget(budgetText(server.url), { file: "perf-budget.yml", env: {} });
  const { measured, notRun } = await runBudget(budget, { toolVersion: "0" });
  return judgeRun(measured, {
    thresholds: thresholdsOf(budget),
    rules: rulesOf(budget),
    baseline: null,
    baselineSource: null,
    failOn: "any",
    notRun,
  });
}

describe("plain-completion: a non-streamed completion gated on output_tokens", () => {
  it("parses as written: the request reads its JSON body for usage (format json)", () => {
    const budget = parseBudget(budgetText("http://127.0.0.1:1"), { file: "perf-budget.yml", env: {} });
    expect(budget.scenarios[0]?.request.stream?.format).toBe("json");
  });

  it("passes on a server with usage: output_tokens.p50 is the usage's 9, prompt_tokens its 11", async () => {
    const { report, gate } = await judged("json-chat");
    const s = report.scenarios[0];
    expect(report.verdict, report.verdict_reason).toBe("pass");
    expect(s?.output_tokens?.p50).toBe(9);
    expect(s?.prompt_tokens?.p50).toBe(11);
    expect(s?.stream?.format).toBe("json");
    expect(s?.stream?.requests_with_usage).toBe(s?.requests.ok);
    expect(s?.stream?.requests_without_usage).toBe(0);
    expect(s?.output_tps).toBeGreaterThan(0);
    expect(s?.ttft).toBeUndefined();
    // Terminal and markdown show the token line, never empty TTFT / ITL / TPOT rows.
    const terminal = renderTerminalReport(report, { color: false });
    expect(terminal).toMatch(/9 tok per request p50/);
    expect(terminal).not.toMatch(/TTFT|ITL|TPOT/);
    const markdown = renderMarkdownSummary(report, gate);
    expect(markdown).toMatch(/json.* body/);
    expect(markdown).not.toMatch(/ttft|itl\.|tpot/);
  });

  it("does not pass when the server sends no usage: the verdict says no ok response carried usage", async () => {
    const { report } = await judged("json-none");
    const s = report.scenarios[0];
    expect(s?.requests.ok).toBeGreaterThan(0);
    expect(report.verdict).toBe("fail");
    expect(s?.stream?.requests_without_usage).toBe(s?.requests.ok);
    expect(report.verdict_reason).toBe(
      `1 of 1 threshold failed: output_tokens.p50 had no data (none of the ${s?.requests.ok} ok responses carried usage (the server sent no usage object))`,
    );
  });
});
