import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/load/schedule.js";
import { TOKEN_ESTIMATE_FORMULA, TokenEstimator } from "../../src/metrics/token-estimate.js";

function estimate(...chunks: string[]): number {
  const estimator = new TokenEstimator();
  for (const chunk of chunks) estimator.add(chunk);
  return estimator.tokens();
}

const PROSE =
  "Large language models generate text one token at a time. The time to first token is what a chat user " +
  "feels as responsiveness, while the inter-token latency decides whether the answer reads smoothly. " +
  "Throughput matters more for batch jobs, where nobody watches the screen and only the total cost per " +
  "request counts.";
const CODE =
  "export function median(values: number[]): number {\n  const sorted = [...values].sort((a, b) => a - b);\n" +
  "  const mid = Math.floor(sorted.length / 2);\n" +
  "  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!;\n}\n";
const JSON_TEXT =
  '{"name": "perf-gate", "version": "1.4.2", "scripts": {"test": "vitest run", "build": "ncc build ' +
  'src/action/index.ts -o dist"}, "keywords": ["load", "latency", "github-action"]}';
const CHINESE =
  "大型语言模型一次生成一个词元。首个词元的时间决定了用户感受到的响应速度，而词元之间的间隔决定了回答是否流畅。";
const MIXED = "I'm sure it's fine: café, naïve (e\u0301), Привет, 日本語, 🚀👍🏽 and 1,234,567 → done…";

describe("TokenEstimator is additive over chunk boundaries", () => {
  for (const [name, text] of Object.entries({ PROSE, CODE, CHINESE, MIXED })) {
    it(`${name}: every two-piece split, seeded random splits and one chunk per UTF-16 unit agree`, () => {
      const whole = estimate(text);
      for (let cut = 0; cut <= text.length; cut++) {
        expect(estimate(text.slice(0, cut), text.slice(cut)), `cut at ${cut}`).toBe(whole);
      }
      const random = mulberry32(7);
      for (let run = 0; run < 50; run++) {
        const chunks: string[] = [];
        for (let at = 0; at < text.length; ) {
          const next = at + 1 + Math.floor(random() * 8);
          chunks.push(text.slice(at, next));
          at = next;
        }
        expect(estimate(...chunks), `run ${run}`).toBe(whole);
      }
      expect(estimate(...text.split(""))).toBe(whole);
    });
  }

  it("does not count one token per chunk", () => {
    expect(estimate(..."abcdefghij".split(""))).toBe(2);
    expect(estimate("Hello", " world")).toBe(2);
  });
});

describe("TokenEstimator against real tokenizers", () => {
  // Token counts measured with OpenAI's cl100k_base and o200k_base encodings.
  const known: { text: string; cl100k: number; o200k: number }[] = [
    { text: "Hello world", cl100k: 2, o200k: 2 },
    { text: "The quick brown fox jumps over the lazy dog.", cl100k: 10, o200k: 10 },
    { text: "Sure! Here is a short explanation of how HTTP caching works.", cl100k: 13, o200k: 13 },
    { text: "I'm sorry, but I can't help with that request.", cl100k: 13, o200k: 11 },
    {
      text: "Photosynthesis converts light energy into chemical energy stored in glucose molecules.",
      cl100k: 13,
      o200k: 13,
    },
    {
      text: "Once upon a time, in a land far, far away, there lived a curious little robot named Pip.",
      cl100k: 22,
      o200k: 22,
    },
    { text: PROSE, cl100k: 59, o200k: 59 },
    { text: CODE, cl100k: 72, o200k: 71 },
    { text: JSON_TEXT, cl100k: 58, o200k: 59 },
  ];
  for (const { text, cl100k, o200k } of known) {
    it(`within ±35 % of cl100k (${cl100k}) and o200k (${o200k}): ${text.slice(0, 40)}`, () => {
      const tokens = estimate(text);
      for (const truth of [cl100k, o200k]) {
        expect(tokens).toBeGreaterThanOrEqual(truth * 0.65);
        expect(tokens).toBeLessThanOrEqual(truth * 1.35);
      }
    });
  }

  it("counts Chinese, Japanese and Korean roughly one token per character", () => {
    for (const text of [
      CHINESE,
      "大規模言語モデルは一度に一つのトークンを生成します",
      "대규모언어모델은토큰을생성합니다",
    ]) {
      const perChar = estimate(text) / [...text].length;
      expect(perChar, text).toBeGreaterThanOrEqual(0.8);
      expect(perChar, text).toBeLessThanOrEqual(1.2);
    }
  });
});

describe("TokenEstimator rules", () => {
  // The formula, case by case; a change to any rule shows up here.
  const cases: { text: string; tokens: number }[] = [
    { text: "", tokens: 0 },
    { text: " ", tokens: 0 },
    { text: "\n\n\t \r\n", tokens: 0 },
    { text: "\u00a0\u3000\u2009", tokens: 0 },
    { text: "a", tokens: 1 },
    { text: ".", tokens: 1 },
    { text: "7", tokens: 1 },
    { text: "é", tokens: 1 },
    { text: "日", tokens: 1 },
    { text: "→", tokens: 1 },
    { text: "🚀", tokens: 2 },
    { text: " \u0301", tokens: 1 },
    { text: "Hello", tokens: 1 },
    { text: "example", tokens: 1 },
    { text: "internationalization", tokens: 3 },
    { text: "e\u0301te\u0301", tokens: 1 },
    { text: "1234567", tokens: 3 },
    { text: "can't", tokens: 2 },
    { text: "we\u2019ll", tokens: 2 },
    { text: "'quoted'", tokens: 3 },
    { text: "...", tokens: 2 },
    { text: "Привет", tokens: 2 },
    { text: "👍🏽", tokens: 4 },
    { text: "𠀀", tokens: 1 },
  ];
  for (const { text, tokens } of cases) {
    it(`${JSON.stringify(text)} → ${tokens}`, () => {
      expect(estimate(text)).toBe(tokens);
    });
  }

  it("reset() forgets closed runs and the open run", () => {
    const estimator = new TokenEstimator();
    estimator.add("Hello world, abcdefg");
    estimator.reset();
    expect(estimator.tokens()).toBe(0);
    // Had the open 7-letter run survived, "h" would make it 8 letters: 2 tokens.
    estimator.add("abcdefg");
    estimator.reset();
    estimator.add("h");
    expect(estimator.tokens()).toBe(1);
  });

  it("exports the formula it implements", () => {
    expect(TOKEN_ESTIMATE_FORMULA).toContain("⌈n/7⌉");
    expect(TOKEN_ESTIMATE_FORMULA).toContain("CJK");
  });
});
