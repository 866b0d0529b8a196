/**
 * The demo's OpenAI-like chat completion: the response body and its simulated cost. Latency grows
 * with the number of completion tokens, as it does on a real inference server (prefill, then one
 * decode step per token).
 */
import { clamp, logNormal } from "./seeded-random.js";

/** A non-streaming `chat.completion` object, shaped like OpenAI's. */
export interface ChatCompletion {
  readonly id: string;
  readonly object: "chat.completion";
  /** Unix seconds. */
  readonly created: number;
  readonly model: string;
  readonly choices: readonly {
    readonly index: number;
    readonly message: { readonly role: "assistant"; readonly content: string };
    readonly finish_reason: "stop" | "length";
  }[];
  readonly usage: {
    readonly prompt_tokens: number;
    readonly completion_tokens: number;
    readonly total_tokens: number;
  };
}

/** Time to first token and per-token decode time of the simulated model, in ms. */
const PREFILL_MS = 24;
const DECODE_MS_PER_TOKEN = 1.5;
const MIN_TOKENS = 4;
const MAX_TOKENS = 64;

const WORDS = [
  "the",
  "latency",
  "budget",
  "request",
  "server",
  "token",
  "stream",
  "model",
  "p95",
  "holds",
  "steady",
  "under",
  "load",
  "and",
  "every",
  "response",
  "arrives",
  "on",
  "time",
  "today",
];

/** How many completion tokens the next answer has: skewed, mostly short answers, a few long ones. */
export function sampleCompletionTokens(random: () => number, maxTokens?: number): number {
  const cap = maxTokens !== undefined && maxTokens > 0 ? Math.min(maxTokens, MAX_TOKENS) : MAX_TOKENS;
  return Math.round(clamp(logNormal(random, 24, 0.5), MIN_TOKENS, cap));
}

/** Simulated service time for an answer of `completionTokens` tokens: ~30 ms … ~120 ms. */
export function completionLatencyMs(completionTokens: number): number {
  return PREFILL_MS + DECODE_MS_PER_TOKEN * completionTokens;
}

/** `count` words of the demo's vocabulary, drawn from `random`: one word is one token. */
export function sampleWords(random: () => number, count: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] ?? "token");
  return words;
}

/** Builds the chat.completion body for `completionTokens` words of content. */
export function buildChatCompletion(options: {
  /** The completion's id, `chatcmpl-…`. */
  readonly id: string;
  readonly model: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly finishReason: "stop" | "length";
  readonly random: () => number;
}): ChatCompletion {
  const { completionTokens, promptTokens } = options;
  const words = sampleWords(options.random, completionTokens);
  return {
    id: options.id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: `${words.join(" ")}.` },
        finish_reason: options.finishReason,
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** A rough prompt token count (about four characters a token), as a demo server may estimate it. */
export function estimatePromptTokens(messages: unknown): number {
  if (!Array.isArray(messages)) return 1;
  let chars = 0;
  for (const m of messages) {
    if (m && typeof m === "object" && "content" in m && typeof m.content === "string")
      chars += m.content.length;
  }
  return Math.max(1, Math.ceil(chars / 4));
}
