import { describe, expect, it } from "vitest";
import {
  describeErrorCount,
  describeGoodput,
  estimatedNote,
  goodShare,
  sampleLabel,
  sampleText,
} from "../../src/render/stream-text.js";
import type { ScenarioReport, StreamReport } from "../../src/report/types.js";
import { sampleStreamReport } from "./sample-stream.js";

const [chat, embed] = sampleStreamReport().scenarios as [ScenarioReport, ScenarioReport];

function stream(source: StreamReport["output_tokens_source"], withUsage: number, estimated: number) {
  const s: StreamReport = {
    format: "openai",
    usage_requested: true,
    output_tokens_source: source,
    output_tokens_total: 100,
    requests_with_usage: withUsage,
    requests_estimated: estimated,
    streams_without_done: 0,
  };
  return s;
}

describe("goodput", () => {
  it("the share of ok requests that met the slo: goodput × measured seconds / ok", () => {
    expect(goodShare(chat)).toBeCloseTo(36 / 40, 12);
    expect(goodShare(embed)).toBeCloseTo(77 / 80, 12);
    expect(goodShare({ ...chat, goodput: undefined })).toBeNull();
    expect(goodShare({ ...chat, ok_rps: 0 })).toBeNull();
  });

  it("counts the share over the window's ok requests: every request met the slo reads 100 %, not 85 % (the drain's ok requests are in no rate)", () => {
    // 40 ok in all, 34 of them inside the 2 s window, all 34 good: goodput 17/s, ok_rps 17/s.
    const run = {
      ...chat,
      duration_ms: 2000,
      goodput: 17,
      ok_rps: 17,
      requests: { ...chat.requests, ok: 40 },
    };
    expect(goodShare(run)).toBe(1);
    expect(describeGoodput(run)).toMatch(/^17\.0 req\/s \(100\.00 % of ok requests met slo/);
  });

  it("describes goodput with its share and the objectives, or nothing without an slo", () => {
    expect(describeGoodput(chat)).toBe(
      "9.0 req/s (90.00 % of ok requests met slo ttft ≤ 500 ms, tpot ≤ 50 ms)",
    );
    expect(describeGoodput(embed)).toBe("19.3 req/s (96.25 % of ok requests met slo latency ≤ 250 ms)");
    expect(describeGoodput({ ...chat, goodput: undefined, slo: undefined })).toBeNull();
  });
});

describe("estimatedNote", () => {
  it.each<[StreamReport | undefined, string | null]>([
    [undefined, null],
    [stream("usage", 40, 0), null],
    [stream("none", 0, 0), null],
    [stream("estimated", 0, 40), "estimated"],
    [stream("mixed", 30, 10), "mixed: 10 of 40 estimated"],
  ])("%o → %s", (s, note) => {
    expect(estimatedNote(s)).toBe(note);
  });
});

describe("describeErrorCount / sampleText", () => {
  it("explains stream_error, leaves self-explanatory kinds alone", () => {
    expect(describeErrorCount("timeout", 1)).toBe("timeout 1");
    expect(describeErrorCount("stream_error", 3, "`stream_error`")).toBe(
      "`stream_error` 3 (error event, bad JSON or no event in the stream)",
    );
  });

  it("explains client_error: the generator's own failure, with the fix for EMFILE", () => {
    // Issue 9: EMFILE showed as `errors.other: 5023` with no message.
    expect(describeErrorCount("client_error", 5023)).toBe(
      "client_error 5023 (the load generator itself failed, not the server: out of file descriptors (EMFILE) means raise ulimit -n or lower connections)",
    );
  });

  it("labels an error sample with its status and errno code", () => {
    expect(sampleLabel({ kind: "http_5xx", status: 503 })).toBe("http_5xx [HTTP 503]");
    expect(sampleLabel({ kind: "connect", code: "ECONNREFUSED" })).toBe("connect [ECONNREFUSED]");
    expect(sampleLabel({ kind: "unexpected_status", status: 404, code: "X" })).toBe(
      "unexpected_status [HTTP 404 X]",
    );
    expect(sampleLabel({ kind: "stream_error" })).toBe("stream_error");
  });

  it("flattens line breaks and control characters, cuts long text with an ellipsis", () => {
    expect(sampleText('event:\r\n{"error":"x\u001b[2J"}\t', 100)).toBe('event: {"error":"x [2J"}');
    expect(sampleText("abcdef", 4)).toBe("abc…");
    expect(sampleText("abcd", 4)).toBe("abcd");
  });
});
