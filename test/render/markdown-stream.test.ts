import { describe, expect, it } from "vitest";
import {
  labelledValue,
  renderErrorSamplesMarkdown,
  renderStreamLines,
  renderStreamRows,
} from "../../src/render/markdown-stream.js";
import { renderMarkdownSummary } from "../../src/render/markdown-summary.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { sampleStreamGate, withVerdict } from "./sample-gate.js";
import { sampleStreamBaseline, sampleStreamReport, type TokenSource } from "./sample-stream.js";

function summaryOf(options: { tokens?: TokenSource; slo?: boolean; baseline?: boolean } = {}): string {
  const withBaseline = options.baseline ?? true;
  // What the gate recorded: with the baseline, chat-stream's ttft.p95 rule is a regression.
  const head = sampleStreamReport(options);
  const report = withBaseline
    ? withVerdict(head, "fail", "1 regression: chat-stream ttft.p95", { "chat-stream": "fail" })
    : head;
  return renderMarkdownSummary(report, sampleStreamGate(report, { baseline: withBaseline }), {
    baseline: withBaseline ? sampleStreamBaseline() : null,
  });
}

/** The table row of `metric` whose limit cell is `limit` ("—" for a row no rule gates). */
function rowOf(text: string, metric: string, limit: string): string[] | undefined {
  return text
    .split("\n")
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .find((c) => c[0] === `\`${metric}\`` && c[4] === limit);
}

function chatOf(tokens: TokenSource = "usage"): ScenarioReport {
  const s = sampleStreamReport({ tokens }).scenarios[0];
  if (!s) throw new Error("no chat-stream");
  return s;
}

describe("streamed scenario in the markdown summary", () => {
  const text = summaryOf();

  it.each([
    ["ttft.p50", "180.0 ms", "200.0 ms", "+20.0 ms (+11.1 %)", "not gated"],
    ["ttft.p99", "340.0 ms", "450.0 ms", "+110.0 ms (+32.4 %)", "not gated"],
    ["itl.p50", "19.0 ms", "20.0 ms", "+1.00 ms (+5.3 %)", "not gated"],
    ["itl.p99", "40.0 ms", "48.0 ms", "+8.00 ms (+20.0 %)", "not gated"],
    ["tpot.p50", "19.5 ms", "20.0 ms", "+0.500 ms (+2.6 %)", "not gated"],
    // No rule gates these rows: they show the change, never a verdict on noise.
    ["goodput", "9.5 req/s", "9.0 req/s", "-0.5 req/s (-5.3 %)", "not gated"],
  ])("row %s: baseline %s, this run %s, change %s, %s", (metric, before, after, change, status) => {
    expect(rowOf(text, metric, "—")).toEqual([`\`${metric}\``, before, after, change, "—", status]);
  });

  it("shows a metric a threshold or rule names once per rule, with its limit and status, and no extra row", () => {
    expect(rowOf(text, "ttft.p95", "≤ 400 ms")).toEqual([
      "`ttft.p95`",
      "300.0 ms",
      "380.0 ms",
      "+80.0 ms (+26.7 %)",
      "≤ 400 ms",
      "✅ pass",
    ]);
    expect(rowOf(text, "ttft.p95", "vs baseline `+10 %`")?.[5]).toBe("🔺 regression");
    expect(rowOf(text, "tpot.p95", "vs baseline `+15 %`")?.[3]).toBe("+2.00 ms (+8.3 %)");
    expect(rowOf(text, "output_tps", "≥ 1,500 tok/s")?.slice(1, 4)).toEqual([
      "1,700.0 tok/s",
      "1,600.0 tok/s",
      "-100.0 tok/s (-5.9 %)",
    ]);
    for (const metric of ["ttft.p95", "tpot.p95", "output_tps"])
      expect(rowOf(text, metric, "—")).toBeUndefined();
  });

  it("says where the tokens came from, their rates and the goodput against the slo", () => {
    expect(text).toContain(
      "**Streaming:** `openai` stream · 6,400 tok output (from usage) · 160 tok per request p50 · 47.3 tok/s per request p50 · prompt 420 tok p50\n",
    );
    expect(text).toContain(
      "**Goodput:** 9.0 req/s (90.00 % of ok requests met slo ttft ≤ 500 ms, tpot ≤ 50 ms)",
    );
    expect(text).toContain(
      "**Errors:** `stream_error` 3 (error event, bad JSON or no event in the stream) · `timeout` 1 · error rate 9.09 %",
    );
  });

  it("a scenario with an slo but no stream gets a goodput row and line, no streaming line", () => {
    const embed = text.slice(text.indexOf("### ✅ embed"));
    expect(rowOf(embed, "goodput", "—")).toEqual([
      "`goodput`",
      "19.5 req/s",
      "19.3 req/s",
      "-0.3 req/s (-1.3 %)",
      "—",
      "not gated",
    ]);
    expect(embed).toContain("**Goodput:** 19.3 req/s (96.25 % of ok requests met slo latency ≤ 250 ms)");
    expect(embed).not.toContain("**Streaming:**");
    expect(embed).not.toContain("`ttft.");
  });

  it("collapses the error samples in <details>, inside a code block", () => {
    const start = text.indexOf("<details><summary>Error samples: first 4 failures in full</summary>");
    expect(start).toBeGreaterThan(text.indexOf("**Goodput:**"));
    expect(text.slice(start)).toMatch(
      /^<details>.*\n\n```text\nstream_error: malformed JSON in chunk: data: \{"choices".*\n(.*\n){2}timeout: no complete response within 30s\n```\n\n<\/details>\n/,
    );
  });

  it("charts TTFT apart from latency, baseline as bars; no TTFT chart for a scenario that does not stream", () => {
    const chat = text.slice(0, text.indexOf("### ✅ embed"));
    expect(chat).toContain('  title "chat-stream: TTFT (ms)"');
    // The ttft.p95 threshold (≤ 400 ms) is drawn as a line after the two series.
    expect(chat).toContain(
      "  bar [180, 240, 300, 340]\n  line [200, 290, 380, 450]\n  line [400, 400, 400, 400]",
    );
    expect(chat).toContain(
      "TTFT percentiles in ms · grey bars: baseline · blue line: this run · red line: limit ttft.p95 ≤ 400 ms",
    );
    expect(text.slice(text.indexOf("### ✅ embed"))).not.toContain("TTFT");
  });

  it("states each streaming formula from the report in a collapsed block before the legend", () => {
    const start = text.indexOf("<details><summary>How the streaming metrics are measured</summary>");
    expect(start).toBeGreaterThan(text.lastIndexOf("```mermaid"));
    expect(text.indexOf("<sub>✅ pass")).toBeGreaterThan(start);
    expect(text).toContain(
      "\n- `tpot`: Per ok request with more than 1 output token, (latency − ttft) / (output_tokens − 1), ms.",
    );
    expect(text).toContain("\n- `goodput`: ");
  });

  it("matches the representative streamed summary", () => {
    expect(text).toMatchSnapshot();
  });
});

describe("streamed scenario variants", () => {
  it("without a baseline: this run's values, no change, no direction", () => {
    const text = summaryOf({ baseline: false });
    expect(rowOf(text, "ttft.p50", "—")).toEqual(["`ttft.p50`", "n/a", "200.0 ms", "—", "—", ""]);
    expect(rowOf(text, "output_tps", "≥ 1,500 tok/s")?.[1]).toBe("n/a");
  });

  it.each<[TokenSource, string, string]>([
    ["estimated", "1,600.0 tok/s (estimated)", "6,400 tok output (estimated)"],
    ["mixed", "1,600.0 tok/s (partly estimated)", "6,400 tok output (mixed: 10 of 40 estimated)"],
  ])("labels %s token figures", (tokens, value, line) => {
    const text = summaryOf({ tokens });
    expect(rowOf(text, "output_tps", "≥ 1,500 tok/s")?.[2]).toBe(value);
    expect(text).toContain(line);
    expect(text).toContain("2 ok streams ended without `[DONE]`");
  });

  it("names a stream: sse scenario's end event from sse.end in the streaming line (was: always [DONE])", () => {
    const chat = chatOf("mixed");
    const stream = chat.stream;
    if (stream === undefined) throw new Error("no stream");
    const lines = renderStreamLines({ ...chat, stream: { ...stream, format: "sse", sse: { end: "stop" } } });
    expect(lines.join("\n")).toContain("2 ok streams ended without `stop`");
    expect(lines.join("\n")).not.toContain("[DONE]");
  });

  it("without an slo: no goodput row or line", () => {
    const text = summaryOf({ slo: false });
    expect(rowOf(text.slice(0, text.indexOf("### ✅ embed")), "goodput", "—")).toBeUndefined();
    expect(text.slice(0, text.indexOf("### ✅ embed"))).not.toContain("**Goodput:**");
  });
});

describe("markdown-stream parts", () => {
  it("labelledValue marks token figures only", () => {
    expect(labelledValue("output_tokens.p50", 160, chatOf("estimated"))).toBe("160 tok (estimated)");
    expect(labelledValue("ttft.p95", 380, chatOf("estimated"))).toBe("380.0 ms");
    expect(labelledValue("output_tps", null, chatOf("estimated"))).toBe("n/a");
    expect(labelledValue("output_tps", 1600, null)).toBe("1,600.0 tok/s");
  });

  it("renderStreamRows skips named metrics and metrics the scenario lacks", () => {
    const rows = renderStreamRows({ ...chatOf(), itl: undefined }, null, new Set(["ttft.p50"]));
    expect(rows.map((r) => r.split(" | ")[0])).toEqual([
      "| `ttft.p95`",
      "| `ttft.p99`",
      "| `tpot.p50`",
      "| `tpot.p95`",
      "| `output_tps`",
      "| `goodput`",
    ]);
  });

  it("a message with backticks cannot close the fence around the samples", () => {
    const s = { ...chatOf(), error_samples: [{ kind: "stream_error", message: "bad ```` chunk" }] };
    const lines = renderErrorSamplesMarkdown(s);
    expect(lines).toContain("`````text");
    expect(lines).toContain("`````");
    expect(renderErrorSamplesMarkdown({ ...s, error_samples: undefined })).toEqual([]);
  });
});
