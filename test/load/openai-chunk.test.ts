import { describe, expect, it } from "vitest";
import { type OpenAiChunk, readOpenAiChunk } from "../../src/load/openai-chunk.js";
import { SAMPLE_RAW_CHARS } from "../../src/metrics/types.js";

const OPENAI_HEAD =
  '"id":"chatcmpl-AbC123","object":"chat.completion.chunk","created":1732960000,' +
  '"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_0ba0d124f1"';
const VLLM_HEAD =
  '"id":"chatcmpl-8f0c2a","object":"chat.completion.chunk","created":1732960000,' +
  '"model":"meta-llama/Llama-3.1-8B-Instruct"';
const TGI_HEAD =
  '"object":"chat.completion.chunk","id":"","created":1732960000,' +
  '"model":"meta-llama/Meta-Llama-3-8B-Instruct","system_fingerprint":"2.4.0-sha-0a655a0"';
const LLAMA_CPP_TAIL =
  '"created":1732960000,"id":"chatcmpl-xyz","model":"gpt-3.5-turbo",' +
  '"system_fingerprint":"b4200-2e2f8f09","object":"chat.completion.chunk"';
const OLLAMA_HEAD =
  '"id":"chatcmpl-527","object":"chat.completion.chunk","created":1732960000,' +
  '"model":"llama3.2","system_fingerprint":"fp_ollama"';

/** A `chunk` result; usage as [completion_tokens, prompt_tokens] when the chunk carries a usage object. */
function chunk(
  text: string,
  hasContent: boolean,
  usage?: [completion?: number, prompt?: number],
): OpenAiChunk {
  // Answer text only: reasoning chunks are written out where a case has one.
  const base = { kind: "chunk", text, hasContent, reasoningText: "", hasAnswer: hasContent } as const;
  if (usage === undefined) return base;
  return { ...base, completionTokens: usage[0], promptTokens: usage[1] };
}

/** The same chunk, saying `finish_reason` (choices[0]'s). */
function finished(expected: OpenAiChunk, finishReason: string): OpenAiChunk {
  return { ...expected, finishReason } as OpenAiChunk;
}

const cases: { name: string; data: string; expected: OpenAiChunk }[] = [
  // OpenAI / Azure OpenAI chat completions
  {
    name: "OpenAI role-only opening chunk is not content",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}`,
    expected: chunk("", false),
  },
  {
    name: "OpenAI content chunk with usage null",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}`,
    expected: chunk("Hello", true),
  },
  {
    name: "OpenAI finish_reason chunk with an empty delta",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}`,
    expected: finished(chunk("", false), "stop"),
  },
  {
    name: "OpenAI usage-only final chunk with empty choices",
    data: `{${OPENAI_HEAD},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":34,"total_tokens":46,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}`,
    expected: { ...chunk("", false, [34, 12]), reasoningTokens: 0, cachedTokens: 0 } as OpenAiChunk,
  },
  {
    name: "OpenAI tool-call opening delta with the function name",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}`,
    expected: chunk("get_weather", true),
  },
  {
    name: "OpenAI tool-call arguments fragment",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},"logprobs":null,"finish_reason":null}]}`,
    expected: chunk('{"city":', true),
  },
  {
    name: "tool-call delta with an empty fragment still carries output",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":""}}]}}]}`,
    expected: chunk("", true),
  },
  {
    name: "empty tool_calls array is not a tool-call delta",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"content":"","tool_calls":[]}}]}`,
    expected: chunk("", false),
  },
  {
    name: "OpenAI refusal delta",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"refusal":"I'm sorry"},"finish_reason":null}]}`,
    expected: chunk("I'm sorry", true),
  },
  {
    name: "n = 2: both choices' text",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"content":"Hi"}},{"index":1,"delta":{"content":" there"}}]}`,
    expected: chunk("Hi there", true),
  },
  {
    name: "finish_reason length is read",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}`,
    expected: finished(chunk("", false), "length"),
  },
  {
    name: "finish_reason of a choice other than the first is not choices[0]'s",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null},{"index":1,"delta":{},"finish_reason":"stop"}]}`,
    expected: chunk("x", true),
  },
  {
    name: "n = 2: one choice finished, the other still generating",
    data: `{${OPENAI_HEAD},"choices":[{"index":0,"delta":{},"finish_reason":"stop"},{"index":1,"delta":{"content":"!"}}]}`,
    expected: finished(chunk("!", true), "stop"),
  },
  {
    name: "legacy completions text on the choice",
    data: '{"id":"cmpl-1","object":"text_completion","created":1732960000,"choices":[{"text":" world","index":0,"logprobs":null,"finish_reason":null}],"model":"gpt-3.5-turbo-instruct"}',
    expected: chunk(" world", true),
  },
  {
    name: "Azure prompt_filter_results chunk with empty choices",
    data: '{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}',
    expected: chunk("", false),
  },
  // vLLM
  {
    name: "vLLM content chunk",
    data: `{${VLLM_HEAD},"choices":[{"index":0,"delta":{"content":" Paris"},"logprobs":null,"finish_reason":null}]}`,
    expected: chunk(" Paris", true),
  },
  {
    name: "vLLM continuous usage stats on a content chunk",
    data: `{${VLLM_HEAD},"choices":[{"index":0,"delta":{"content":" is"},"logprobs":null,"finish_reason":null}],"usage":{"prompt_tokens":10,"total_tokens":13,"completion_tokens":3}}`,
    expected: chunk(" is", true, [3, 10]),
  },
  {
    name: "vLLM reasoning_content delta",
    data: `{${VLLM_HEAD},"choices":[{"index":0,"delta":{"reasoning_content":"Let me think"},"logprobs":null,"finish_reason":null}]}`,
    expected: {
      kind: "chunk",
      text: "Let me think",
      hasContent: true,
      reasoningText: "Let me think",
      hasAnswer: false,
    },
  },
  // TGI Messages API repeats the role in every delta
  {
    name: "TGI content chunk with role in the delta",
    data: `{${TGI_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":"Deep"},"logprobs":null,"finish_reason":null}],"usage":null}`,
    expected: chunk("Deep", true),
  },
  {
    name: "TGI final chunk with finish_reason and usage",
    data: `{${TGI_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":15,"completion_tokens":20,"total_tokens":35}}`,
    expected: finished(chunk("", false, [20, 15]), "stop"),
  },
  // llama.cpp server
  {
    name: "llama.cpp content chunk",
    data: `{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" the"}}],${LLAMA_CPP_TAIL}}`,
    expected: chunk(" the", true),
  },
  {
    name: "llama.cpp final chunk with usage and timings",
    data: `{"choices":[{"finish_reason":"stop","index":0,"delta":{}}],${LLAMA_CPP_TAIL},"usage":{"completion_tokens":42,"prompt_tokens":9,"total_tokens":51},"timings":{"prompt_n":9,"predicted_n":42,"predicted_per_second":61.2}}`,
    expected: finished(chunk("", false, [42, 9]), "stop"),
  },
  // Ollama /v1
  {
    name: "Ollama content chunk",
    data: `{${OLLAMA_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":"The"},"finish_reason":null}]}`,
    expected: chunk("The", true),
  },
  {
    name: "Ollama reasoning delta with empty content",
    data: `{${OLLAMA_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"Hmm"},"finish_reason":null}]}`,
    expected: { kind: "chunk", text: "Hmm", hasContent: true, reasoningText: "Hmm", hasAnswer: false },
  },
  {
    name: "Ollama final chunk with finish_reason and empty content",
    data: `{${OLLAMA_HEAD},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":"stop"}]}`,
    expected: finished(chunk("", false), "stop"),
  },
  {
    name: "Ollama usage chunk",
    data: `{${OLLAMA_HEAD},"choices":[],"usage":{"prompt_tokens":26,"completion_tokens":11,"total_tokens":37}}`,
    expected: chunk("", false, [11, 26]),
  },
  // Usage values that are not counts
  {
    name: "negative, string and infinite usage values are ignored",
    data: '{"choices":[],"usage":{"completion_tokens":-1,"prompt_tokens":"12"}}',
    expected: chunk("", false, [undefined, undefined]),
  },
  {
    name: "overflowing number is not finite",
    data: '{"choices":[],"usage":{"completion_tokens":1e400}}',
    expected: chunk("", false, [undefined, undefined]),
  },
  {
    name: "error: null on an ordinary chunk",
    data: '{"error":null,"choices":[{"delta":{"content":"x"}}]}',
    expected: chunk("x", true),
  },
  {
    name: "non-object choices and deltas are skipped",
    data: '{"choices":[null,3,{"delta":"x"}]}',
    expected: chunk("", false),
  },
  // End of stream
  { name: "[DONE]", data: "[DONE]", expected: { kind: "done" } },
  { name: "[DONE] with whitespace", data: " [DONE]\t", expected: { kind: "done" } },
];

describe("readOpenAiChunk", () => {
  for (const { name, data, expected } of cases) {
    it(name, () => {
      expect(readOpenAiChunk(data)).toEqual(expected);
    });
  }
});

describe("readOpenAiChunk errors and invalid data", () => {
  const errorCases: { name: string; data: string; message: string }[] = [
    {
      name: "OpenAI error object",
      data: '{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}',
      message:
        'error event in the stream: "The server had an error" ({"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}})',
    },
    {
      name: "vLLM error object",
      data: '{"object":"error","message":"This model\'s maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400}',
      message: `error event in the stream: "This model's maximum context length is 4096 tokens." ({"object":"error","message":"This model's maximum context length is 4096 tokens.","type":"BadRequestError","param":null,"code":400})`,
    },
    {
      name: "TGI error string",
      data: '{"error":"Input validation error: `max_new_tokens` must be <= 4096","error_type":"validation"}',
      message:
        'error event in the stream: "Input validation error: `max_new_tokens` must be <= 4096" ({"error":"Input validation error: `max_new_tokens` must be <= 4096","error_type":"validation"})',
    },
    {
      name: "llama.cpp error",
      data: '{"error":{"code":500,"message":"context size exceeded","type":"server_error"}}',
      message:
        'error event in the stream: "context size exceeded" ({"error":{"code":500,"message":"context size exceeded","type":"server_error"}})',
    },
    {
      name: "error object without a message",
      data: '{"error":{"code":500}}',
      message: 'error event in the stream ({"error":{"code":500}})',
    },
  ];
  for (const { name, data, message } of errorCases) {
    it(name, () => {
      expect(readOpenAiChunk(data)).toEqual({ kind: "error", message });
    });
  }

  const invalidCases: { name: string; data: string; message: string }[] = [
    {
      name: "truncated JSON",
      data: '{"choices":[{"delt',
      message: 'chunk is not valid JSON: {"choices":[{"delt',
    },
    { name: "empty data", data: "", message: "chunk is not valid JSON: " },
    { name: "lowercase [done]", data: "[done]", message: "chunk is not valid JSON: [done]" },
    { name: "array", data: "[1,2]", message: "chunk is not a JSON object: [1,2]" },
    { name: "string", data: '"hello"', message: 'chunk is not a JSON object: "hello"' },
    { name: "null", data: "null", message: "chunk is not a JSON object: null" },
  ];
  for (const { name, data, message } of invalidCases) {
    it(name, () => {
      expect(readOpenAiChunk(data)).toEqual({ kind: "invalid", message });
    });
  }

  it("quotes up to SAMPLE_RAW_CHARS of long data raw (not 200: the report redacts before it cuts)", () => {
    const data = `<html>${"x".repeat(194)}key=sk-CANARY123456789${"y".repeat(2000)}`;
    const result = readOpenAiChunk(data);
    const quoted = data.slice(0, SAMPLE_RAW_CHARS);
    expect(quoted).toContain("key=sk-CANARY123456789");
    expect(result).toEqual({ kind: "invalid", message: `chunk is not valid JSON: ${quoted}…` });
  });
});
