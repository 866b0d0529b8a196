/**
 * The timing of one streamed demo answer, drawn up front: how long the simulated model "thinks"
 * before its first token (prefill), then how long each decode step takes. Drawing the whole plan
 * when the request arrives keeps runs repeatable: concurrent streams would otherwise interleave
 * their draws from the shared seeded generator in whatever order their timers fire.
 */
import { sampleWords } from "./chat-completion.js";
import { clamp, logNormal } from "./seeded-random.js";

/** Bounds of the demo's streamed timings, in ms (and tokens): what tests and budgets rely on. */
export const STREAM_TIMING = {
  /** Time to first token: log-normal, median 140 ms, clamped to [80, 250] ms. */
  ttftMinMs: 80,
  ttftMaxMs: 250,
  /** Each decode step (one token): a per-request pace, jittered per token, within [10, 30] ms. */
  tokenMinMs: 10,
  tokenMaxMs: 30,
  /** Answer length without `max_tokens`: log-normal, median 45 tokens, clamped to [20, 120]. */
  minTokens: 20,
  maxTokens: 120,
} as const;

/** Chance that a chunk carries two tokens (servers flush what they have, e.g. under load). */
const TWO_TOKEN_CHUNK_CHANCE = 0.1;

/** One content chunk: sent `delayMs` after the previous event, carrying one or two tokens. */
export interface StreamChunk {
  readonly delayMs: number;
  /** Token texts; joined they are the chunk's `delta.content`. */
  readonly tokens: readonly string[];
}

/** Everything a streamed answer will send, and when. */
export interface StreamPlan {
  /** Delay from the role chunk (sent with the headers) to the first content chunk, in ms. */
  readonly ttftMs: number;
  /** Content chunks in order; the first one's delay is `ttftMs`. */
  readonly chunks: readonly StreamChunk[];
  /** Tokens across all chunks: what `usage.completion_tokens` reports. */
  readonly completionTokens: number;
  readonly finishReason: "stop" | "length";
}

/**
 * Draws the plan of one streamed answer. `maxTokens` (the request's `max_tokens`) caps the
 * length, and an answer cut by it finishes with `length`, as OpenAI's do.
 */
export function planChatStream(random: () => number, maxTokens?: number): StreamPlan {
  const t = STREAM_TIMING;
  const wanted = Math.round(clamp(logNormal(random, 45, 0.45), t.minTokens, t.maxTokens));
  const cap = maxTokens !== undefined && maxTokens > 0 ? Math.floor(maxTokens) : Number.POSITIVE_INFINITY;
  const completionTokens = Math.min(wanted, cap);
  const ttftMs = clamp(logNormal(random, 140, 0.3), t.ttftMinMs, t.ttftMaxMs);
  // One pace per request (a server's decode speed depends on its batch), jittered per token.
  const paceMs = clamp(logNormal(random, 17, 0.25), t.tokenMinMs, t.tokenMaxMs);
  const stepMs = () => clamp(paceMs * (0.85 + 0.3 * random()), t.tokenMinMs, t.tokenMaxMs);
  const texts = tokenTexts(sampleWords(random, completionTokens));
  const chunks: StreamChunk[] = [{ delayMs: ttftMs, tokens: texts.slice(0, 1) }];
  let next = 1;
  while (next < texts.length) {
    // The first token is always alone, so TTFT is the prefill; later a chunk may hold two
    // decode steps, which shows as one long inter-token gap while TPOT stays at the pace.
    const size = next + 1 < texts.length && random() < TWO_TOKEN_CHUNK_CHANCE ? 2 : 1;
    let delayMs = 0;
    for (let i = 0; i < size; i++) delayMs += stepMs();
    chunks.push({ delayMs, tokens: texts.slice(next, next + size) });
    next += size;
  }
  return { ttftMs, chunks, completionTokens, finishReason: wanted > cap ? "length" : "stop" };
}

/** Words as a tokenizer would split them: a leading space on all but the first, a full stop last. */
function tokenTexts(words: readonly string[]): string[] {
  return words.map((w, i) => `${i === 0 ? "" : " "}${w}${i === words.length - 1 ? "." : ""}`);
}
