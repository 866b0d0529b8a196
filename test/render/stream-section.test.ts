import { describe, expect, it } from "vitest";
import { createPaint } from "../../src/render/ansi.js";
import { renderErrorSamples, renderStreamTable, streamTotalRows } from "../../src/render/stream-section.js";
import { renderTerminalReport } from "../../src/render/terminal-report.js";
import type { ScenarioReport } from "../../src/report/types.js";
import { sampleReport } from "./sample-report.js";
import { sampleStreamReport, type TokenSource } from "./sample-stream.js";

const plain = createPaint(false);

function chatOf(options: { tokens?: TokenSource; slo?: boolean } = {}): ScenarioReport {
  const chat = sampleStreamReport(options).scenarios[0];
  if (!chat) throw new Error("no chat-stream scenario");
  return chat;
}

/** The trimmed cells of a box-drawn table row. */
function cells(line: string | undefined): string[] {
  return (line ?? "")
    .split("│")
    .slice(1, -1)
    .map((c) => c.trim());
}

describe("renderStreamTable", () => {
  const lines = renderStreamTable(chatOf(), plain, "  ");
  const row = (label: string) => cells(lines.find((l) => l.includes(`│ ${label} `)));

  it("heads the table with the stream format and the columns in ms", () => {
    expect(cells(lines[1])).toEqual(["Streaming (openai), ms", "p50", "p95", "p99", "mean", "max"]);
  });

  it("has TTFT, ITL, TPOT and TTFB rows in that order with their percentiles", () => {
    expect(row("TTFT")).toEqual(["TTFT", "200.0", "380.0", "450.0", "215.5", "452.0"]);
    expect(row("ITL")).toEqual(["ITL", "20.0", "31.0", "48.0", "20.4", "95.0"]);
    expect(row("TPOT")).toEqual(["TPOT", "20.0", "26.0", "27.5", "20.5", "27.9"]);
    expect(row("TTFB")).toEqual(["TTFB", "12.5", "18.2", "21.0", "13.1", "21.4"]);
    const order = ["TTFT", "ITL", "TPOT", "TTFB"].map((l) => lines.findIndex((x) => x.includes(`│ ${l} `)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("shows n/a for a family that recorded nothing, and nothing for a scenario that does not stream", () => {
    const noTpot = renderStreamTable({ ...chatOf(), tpot: undefined }, plain, "");
    expect(cells(noTpot.find((l) => l.includes("TPOT")))).toEqual([
      "TPOT",
      "n/a",
      "n/a",
      "n/a",
      "n/a",
      "n/a",
    ]);
    expect(renderStreamTable({ ...chatOf(), stream: undefined }, plain, "")).toEqual([]);
  });
});

describe("streamTotalRows", () => {
  it("output: total tok/s, per-request tok/s and tokens p50, prompt tokens p50; goodput with its slo", () => {
    expect(streamTotalRows(chatOf())).toEqual([
      ["output", "1,600.0 tok/s · 47.3 tok/s per request p50 · 160 tok per request p50 · prompt 420 tok p50"],
      ["goodput", "9.0 req/s (90.00 % of ok requests met slo ttft ≤ 500 ms, tpot ≤ 50 ms)"],
    ]);
  });

  it.each<[TokenSource, string]>([
    ["estimated", "160 tok per request p50 (estimated)"],
    ["mixed", "160 tok per request p50 (mixed: 10 of 40 estimated)"],
  ])("labels %s token counts", (tokens, text) => {
    const output = streamTotalRows(chatOf({ tokens }))[0]?.[1] ?? "";
    expect(output).toContain(text);
  });

  it("no prompt tokens without usage, no goodput without an slo", () => {
    const rows = streamTotalRows(chatOf({ tokens: "estimated", slo: false }));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[1]).not.toContain("prompt");
  });
});

describe("renderErrorSamples", () => {
  it("prints the first 3 samples under a title counting them, server text made safe", () => {
    const lines = renderErrorSamples(chatOf(), plain, "  ");
    expect(lines[0]).toBe("  error samples (3 of 4):");
    expect(lines.slice(1)).toEqual([
      '    stream_error  malformed JSON in chunk: data: {"choices":[{"delta":{"content":"Hel',
      '    stream_error  error event in a 200 stream: {"error":{"message":"overloaded [2J"}}',
      "    stream_error  no event in a 200 response",
    ]);
  });

  it("prints nothing without samples", () => {
    expect(renderErrorSamples({ ...chatOf(), error_samples: [] }, plain, "  ")).toEqual([]);
  });
});

describe("renderTerminalReport with a streamed scenario", () => {
  const text = renderTerminalReport(sampleStreamReport({ tokens: "mixed" }), { color: false });
  const [chat = "", embed = ""] = text.split("\nembed ");

  it("puts the streaming table after the latency table and the token, goodput and error lines after it", () => {
    const order = [
      "Stat (ms)",
      "Streaming (openai), ms",
      "  errors ",
      "  output ",
      "  goodput ",
      "error samples",
    ];
    const at = order.map((part) => chat.indexOf(part));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("labels stream_error in the errors line and warns about streams without [DONE]", () => {
    expect(chat).toMatch(
      / {2}errors +stream_error 3 \(error event, bad JSON or no event in the stream\) · timeout 1/,
    );
    expect(chat).toContain("warning: 2 ok streams ended without data: [DONE]");
  });

  it("names an Anthropic stream's own end event, message_stop, not [DONE]", () => {
    const report = sampleStreamReport({ tokens: "mixed" });
    const anthropic = {
      ...report,
      scenarios: report.scenarios.map((s) =>
        s.stream === undefined ? s : { ...s, stream: { ...s.stream, format: "anthropic" as const } },
      ),
    };
    const out = renderTerminalReport(anthropic, { color: false });
    expect(out).toContain("warning: 2 ok streams ended without event: message_stop");
    expect(out).not.toContain("[DONE]");
  });

  it.each([
    ["sse.end names stop", { end: "stop" }, "event: stop"],
    ["no sse.end", { event: ["delta"] }, "data: [DONE]"],
    ["a report from before the sse record", undefined, "data: [DONE]"],
  ] as const)("names a stream: sse scenario's own end event (%s), not always [DONE]", (_what, sse, end) => {
    const report = sampleStreamReport({ tokens: "mixed" });
    const custom = {
      ...report,
      scenarios: report.scenarios.map((s) =>
        s.stream === undefined
          ? s
          : { ...s, stream: { ...s.stream, format: "sse" as const, ...(sse === undefined ? {} : { sse }) } },
      ),
    };
    const out = renderTerminalReport(custom, { color: false });
    expect(out).toContain(`warning: 2 ok streams ended without ${end}`);
  });

  it("a scenario that does not stream but has an slo shows goodput only", () => {
    expect(embed).toMatch(/ {2}goodput +19\.3 req\/s \(96\.25 % of ok requests met slo latency ≤ 250 ms\)/);
    expect(embed).not.toContain("Streaming");
    expect(embed).not.toMatch(/^ {2}output /m);
  });

  it("no control character from an error sample reaches the terminal", () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for escapes is the point
    expect(text).not.toMatch(/\u001b/);
  });

  it("matches the representative streamed terminal report", () => {
    expect(text).toMatchSnapshot();
  });
});

describe("renderTerminalReport without a stream", () => {
  it("adds no streaming table, output, goodput or error samples lines", async () => {
    const text = renderTerminalReport(await sampleReport(), { color: false });
    expect(text).not.toMatch(/Streaming|tok\/s|goodput|error samples/);
  });
});
