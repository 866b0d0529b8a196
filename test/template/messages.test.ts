/**
 * `messages(x)`: ShareGPT conversations become OpenAI chat messages asking for the next answer.
 */
import { describe, expect, test } from "vitest";
import { toChatMessages } from "../../src/template/index.js";
import type { TemplateValue } from "../../src/template/types.js";

describe("toChatMessages", () => {
  test.each<[string, TemplateValue | undefined, TemplateValue]>([
    [
      "a ShareGPT conversation, trailing answer dropped",
      [
        { from: "system", value: "Be brief." },
        { from: "human", value: "Hi" },
        { from: "gpt", value: "Hello!" },
        { from: "human", value: "2+2?" },
        { from: "gpt", value: "4" },
      ],
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello!" },
        { role: "user", content: "2+2?" },
      ],
    ],
    [
      "several trailing answers are all dropped",
      [
        { from: "human", value: "q" },
        { from: "gpt", value: "a1" },
        { from: "chatgpt", value: "a2" },
      ],
      [{ role: "user", content: "q" }],
    ],
    [
      "other ShareGPT speakers",
      [
        { from: "user", value: "u" },
        { from: "bard", value: "b" },
        { from: "Human", value: "h" },
      ],
      [
        { role: "user", content: "u" },
        { role: "assistant", content: "b" },
        { role: "user", content: "h" },
      ],
    ],
    [
      "chat messages pass through unchanged",
      [
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ],
      [
        { role: "user", content: "q" },
        { role: "assistant", content: "a" },
      ],
    ],
    [
      "a whole ShareGPT row",
      { id: "x1", conversations: [{ from: "human", value: "q" }] },
      [{ role: "user", content: "q" }],
    ],
    [
      "a row holding messages",
      { messages: [{ role: "user", content: "q" }] },
      [{ role: "user", content: "q" }],
    ],
    ["a string is one user message", "hello", [{ role: "user", content: "hello" }]],
    ["a missing field is no messages", undefined, []],
    ["a number is no messages", 3, []],
    ["an empty conversation", [], []],
  ])("%s", (_, input, expected) => {
    expect(toChatMessages(input)).toEqual(expected);
  });
});
