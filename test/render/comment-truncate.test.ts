import { describe, expect, it } from "vitest";
import { closingsFor, TRUNCATION_NOTE, truncateMarkdown } from "../../src/render/comment-truncate.js";

describe("closingsFor", () => {
  it.each([
    [["plain", "text"], []],
    [["```mermaid", "xychart-beta"], ["```"]],
    [["```mermaid", "x", "```"], []],
    [["````", "```", "still code"], ["````"]],
    [["<details><summary>s</summary>", "body"], ["</details>"]],
    [
      ["<details>", "<table>", "<tr>"],
      ["</table>", "</details>"],
    ],
    [
      ["<details>", "```", "<table>"],
      ["```", "</details>"],
    ],
    [["<sub>legend</sub>"], []],
  ])("%j → %j", (lines, closings) => {
    expect(closingsFor(lines)).toEqual(closings);
  });
});

describe("truncateMarkdown", () => {
  const long = "x".repeat(200);
  const text = ["# title", "```mermaid", "line one", long, "```", "after"].join("\n");

  it("returns text that fits unchanged", () => {
    expect(truncateMarkdown(text, text.length)).toBe(text);
  });

  it("cuts at a line boundary, closes the open fence, appends the note", () => {
    const max = "# title\n```mermaid\nline one\n```\n\n".length + TRUNCATION_NOTE.length;
    expect(truncateMarkdown(text, max)).toBe(
      `# title\n\`\`\`mermaid\nline one\n\`\`\`\n\n${TRUNCATION_NOTE}`,
    );
  });

  it.each([10, 60, 70, 80, 100])("never longer than maxChars %i", (max) => {
    expect(truncateMarkdown(text, max).length).toBeLessThanOrEqual(max);
  });

  it("returns an empty string when not even the note fits", () => {
    expect(truncateMarkdown(text, 10)).toBe("");
  });
});
