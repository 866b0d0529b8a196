/**
 * `unique_prefix`: the marker goes at the start of the first user message or the prompt.
 */
import { describe, expect, test } from "vitest";
import { hasPromptToPrefix, uniqueMarker, withUniquePrefix } from "../../src/template/index.js";
import type { TemplateValue } from "../../src/template/types.js";

const M = "[n0nce-h] ";

describe("withUniquePrefix", () => {
  test.each<[string, TemplateValue, TemplateValue]>([
    [
      "string content of the first user message",
      {
        model: "m",
        messages: [
          { role: "system", content: "sys" },
          { role: "user", content: "hi" },
          { role: "user", content: "again" },
        ],
      },
      {
        model: "m",
        messages: [
          { role: "system", content: "sys" },
          { role: "user", content: `${M}hi` },
          { role: "user", content: "again" },
        ],
      },
    ],
    [
      "array content: the first text part",
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "image_url", image_url: { url: "u" } },
              { type: "text", text: "describe" },
              { type: "text", text: "more" },
            ],
          },
        ],
      },
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "image_url", image_url: { url: "u" } },
              { type: "text", text: `${M}describe` },
              { type: "text", text: "more" },
            ],
          },
        ],
      },
    ],
    [
      "array content without a text part: one is added in front",
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "u" } }] }] },
      {
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: M },
              { type: "image_url", image_url: { url: "u" } },
            ],
          },
        ],
      },
    ],
    ["a legacy prompt", { model: "m", prompt: "Once" }, { model: "m", prompt: `${M}Once` }],
    ["an array prompt: its first string", { prompt: ["a", "b"] }, { prompt: [`${M}a`, "b"] }],
    [
      "no user message: unchanged",
      { messages: [{ role: "system", content: "s" }] },
      { messages: [{ role: "system", content: "s" }] },
    ],
    ["neither messages nor prompt: unchanged", { input: "x" }, { input: "x" }],
    ["not an object: unchanged", "text", "text"],
  ])("%s", (_, body, expected) => {
    const before = JSON.stringify(body);
    expect(withUniquePrefix(body, M)).toEqual(expected);
    expect(JSON.stringify(body)).toBe(before);
  });
});

describe("hasPromptToPrefix", () => {
  test.each<[TemplateValue, boolean]>([
    [{ messages: [{ role: "user", content: "x" }] }, true],
    [{ messages: "{{= row.messages }}" }, true],
    [{ prompt: "x" }, true],
    ["{{= row }}", true],
    [{ input: "x" }, false],
    ["plain", false],
    [null, false],
    [[{ messages: [] }], false],
  ])("%j → %s", (body, expected) => {
    expect(hasPromptToPrefix(body)).toBe(expected);
  });
});

describe("uniqueMarker", () => {
  test.each([
    ["a1b2c3", 0, "[a1b2c3-0] "],
    ["a1b2c3", 17, "[a1b2c3-h] "],
    ["zz", 36 ** 3, "[zz-1000] "],
  ])("%s, seq %i → %j", (nonce, seq, expected) => {
    expect(uniqueMarker(nonce, seq)).toBe(expected);
  });

  test("no two requests of a run share a marker", () => {
    const markers = Array.from({ length: 5000 }, (_, seq) => uniqueMarker("r1", seq));
    expect(new Set(markers).size).toBe(5000);
  });
});
