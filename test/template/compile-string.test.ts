/**
 * `compileString`: what each expression inserts, and how the path and header contexts encode it.
 */
import { describe, expect, test } from "vitest";
import { compileString, requestContext, type TemplateValue } from "../../src/template/index.js";

const ROW: TemplateValue = {
  q: "red shoes",
  n: 3,
  ok: true,
  none: null,
  tags: ["a", "b"],
  user: { name: "Zoë", "first name": "Ann" },
  items: [{ text: "first" }, { text: "second" }],
  "user-id": "u-7",
};

const render = (text: string, context: "path" | "header" | "body" = "body", row: TemplateValue = ROW) => {
  const compiled = compileString(text, { context });
  expect(compiled.problems).toEqual([]);
  return compiled.template.render(
    requestContext({ seed: 7, seq: 17, row, vars: { id: "42" }, setup: { token: "t0k" } }),
  );
};

describe("compileString inserts each expression's text", () => {
  test.each([
    // [template, expected text]
    ["plain text, no holes", "plain text, no holes"],
    ["{{ seq }}", "17"],
    ["{{seq}}", "17"],
    ["n{{ seq }}-x", "n17-x"],
    ["{{ row.q }}", "red shoes"],
    ["{{ row.n }}", "3"],
    ["{{ row.ok }}", "true"],
    ["{{ row.none }}", ""],
    ["{{ row.missing }}", ""],
    ["{{ row.tags }}", '["a","b"]'],
    ["{{ row.user.name }}", "Zoë"],
    ['{{ row.user["first name"] }}', "Ann"],
    ["{{ row.items[1].text }}", "second"],
    ["{{ row.items[9].text }}", ""],
    ["{{ row.user-id }}", "u-7"],
    ["{{ row.constructor }}", ""],
    ["{{ row.tags.length }}", ""],
    ["{{ vars.id }}", "42"],
    ["{{ setup.token }}", "t0k"],
    ['{{ "{{" }} literal', "{{ literal"],
    ["{{ 'it\\'s' }}", "it's"],
    ['{{ "\\u00e9\\n" }}', "é\n"],
    ["{{ 42 }}", "42"],
    ["{{ null }}", ""],
    ['{{ pick(["only"]) }}', "only"],
    ['{{ pick(["}}"]) }}', "}}"],
    ["{{ urlencode(row.q) }}", "red%20shoes"],
    ['{{ urlencode("a&b=c/d") }}', "a%26b%3Dc%2Fd"],
    ["{{ urlencode(row.n) }}", "3"],
    ["{{ randomInt(5, 5) }}", "5"],
    ["{{ messages(row.q) }}", '[{"role":"user","content":"red shoes"}]'],
    ["a}}b", "a}}b"],
  ])("%s → %s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  test("a text file's row is the line itself", () => {
    expect(render("{{ row }}|{{ row.x }}", "body", "one line of text")).toBe("one line of text|");
  });

  test("a string without holes is constant and renders its source", () => {
    const { template } = compileString("/health");
    expect(template.constant).toBe(true);
    expect(compileString("/items/{{ seq }}").template.constant).toBe(false);
  });
});

describe("the path context percent-encodes what a request target cannot hold", () => {
  test.each([
    // [template, row, expected path]
    ["/search?q={{ row.q }}", { q: "red shoes" }, "/search?q=red%20shoes"],
    ["/search?{{ row.q }}", { q: "a=1&b=2/3?x%20:@+" }, "/search?a=1&b=2/3?x%20:@+"],
    ["/s?q={{ row.q }}", { q: 'x"<>\\^`{|}y' }, "/s?q=x%22%3C%3E%5C%5E%60%7B%7C%7Dy"],
    ["/s?q={{ row.q }}", { q: "Zoë 日本" }, "/s?q=Zo%C3%AB%20%E6%97%A5%E6%9C%AC"],
    ["/s?q={{ row.q }}", { q: "a\tb\nc\u007f" }, "/s?q=a%09b%0Ac%7F"],
    ["/s?q={{ row.q }}", { q: "\ud83d\ude00 \ud800" }, "/s?q=%F0%9F%98%80%20%EF%BF%BD"],
    ["/s?q={{ urlencode(row.q) }}", { q: "a b&c" }, "/s?q=a%20b%26c"],
    ["/a b/{{ row.q }}", { q: "c d" }, "/a b/c%20d"],
  ])("%s with %j → %s", (template, row, expected) => {
    expect(render(template, "path", row)).toBe(expected);
  });

  test("the body context inserts text as it is", () => {
    expect(render("q={{ row.q }}", "body", { q: 'a b"\n' })).toBe('q=a b"\n');
  });

  test("the header context sends a non-ASCII inserted value as UTF-8 bytes (was: undici refused it, ending the run)", () => {
    const sent = render("q={{ row.q }}", "header", { q: "日本 café" });
    expect(Buffer.from(sent, "latin1").toString("utf8")).toBe("q=日本 café");
    expect(render("{{ row.q }}", "header", { q: "plain" })).toBe("plain");
  });

  test("the header context turns control characters of inserted values into spaces", () => {
    expect(render("Bearer {{ row.q }}", "header", { q: "abc\r\nX-Evil: 1\ttab" })).toBe(
      "Bearer abc  X-Evil: 1\ttab",
    );
  });
});

describe("refs list the row fields, vars and setup names a template reads", () => {
  test("each with the offset of its expression", () => {
    const text = "/{{ row.q }}/{{ vars.id }}?t={{ setup.token }}&{{ urlencode(row.user.name) }}";
    const at = (expr: string) => text.indexOf(expr);
    expect(compileString(text).refs).toEqual({
      rowFields: [
        { name: "q", path: [], offset: at("row.q") },
        { name: "user", path: [], offset: at("row.user") },
      ],
      usesRow: true,
      vars: [{ name: "id", path: [], offset: at("vars.id") }],
      setup: [{ name: "token", path: [], offset: at("setup.token") }],
    });
  });

  test("a whole row or an index read uses the row without naming a field", () => {
    expect(compileString("{{ row }}").refs).toMatchObject({ usesRow: true, rowFields: [] });
    expect(compileString("{{ row[0] }}").refs).toMatchObject({ usesRow: true, rowFields: [] });
    expect(compileString("{{ seq }}").refs).toMatchObject({ usesRow: false, rowFields: [] });
  });
});
