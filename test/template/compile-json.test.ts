/**
 * `compileJson`: typed `{{= }}` values, escaping of inserted text, and render ≡ JSON.stringify(value).
 */
import { describe, expect, test } from "vitest";
import { compileJson, requestContext, type TemplateValue } from "../../src/template/index.js";

const ROW: TemplateValue = {
  q: 'say "hi"\nback\\slash\ttab \u0001 é 日本 \ud83d\ude00 lone \ud800',
  n: 7,
  messages: [{ role: "user", content: "hello" }],
  conversations: [
    { from: "human", value: "2+2?" },
    { from: "gpt", value: "4" },
  ],
};

const ctx = (seq = 3, seed = 11) => requestContext({ seed, seq, row: ROW, vars: { id: "v1" } });

const compile = (body: unknown) => {
  const compiled = compileJson(body);
  expect(compiled.problems).toEqual([]);
  return compiled.template;
};

describe("{{= x }} gives x's own JSON value", () => {
  test.each([
    // [body, expected value]
    [{ max_tokens: "{{= randomInt(16, 16) }}" }, { max_tokens: 16 }],
    [{ max_tokens: "{{=randomInt(16,16)}}" }, { max_tokens: 16 }],
    [{ n: "{{ = row.n }}" }, { n: 7 }],
    [{ seq: "{{= seq }}" }, { seq: 3 }],
    [{ flag: "{{= true }}" }, { flag: true }],
    [{ missing: "{{= row.nope }}" }, { missing: null }],
    [{ messages: "{{= row.messages }}" }, { messages: [{ role: "user", content: "hello" }] }],
    [{ messages: "{{= messages(row.conversations) }}" }, { messages: [{ role: "user", content: "2+2?" }] }],
    [{ list: "{{= [1, 'a', null] }}" }, { list: [1, "a", null] }],
    [{ id: "{{= vars.id }}" }, { id: "v1" }],
    ["{{= row.n }}", 7],
  ])("%j → %j", (body, expected) => {
    const template = compile(body);
    expect(template.value(ctx())).toEqual(expected);
    expect(JSON.parse(template.render(ctx()))).toEqual(expected);
  });

  test("a number stays a number in the JSON text, not a string", () => {
    expect(compile({ max_tokens: "{{= randomInt(16, 16) }}" }).render(ctx())).toBe('{"max_tokens":16}');
  });
});

describe("{{ x }} inside a string gives a JSON string, escaped", () => {
  test("quotes, line breaks, backslashes, controls and non-ASCII survive the round trip", () => {
    const q = (ROW as { q: string }).q;
    const template = compile({ q: "{{ row.q }}", wrapped: 'literal "quotes"\n\\ <{{ row.q }}> {{ seq }}\t' });
    const text = template.render(ctx());
    expect(JSON.parse(text)).toEqual({ q, wrapped: `literal "quotes"\n\\ <${q}> 3\t` });
    expect(text).toBe(JSON.stringify(template.value(ctx())));
    expect(text).toContain('say \\"hi\\"\\nback\\\\slash\\ttab \\u0001 é');
    expect(text).toContain("lone \\ud800");
  });

  test("the issue's example body renders as written", () => {
    const template = compile({ q: "{{ row.q }}", request_id: "{{ seq }}-{{ uuid }}" });
    const body = JSON.parse(template.render(requestContext({ seed: 1, seq: 5, row: { q: "red shoes" } })));
    expect(body.q).toBe("red shoes");
    expect(body.request_id).toMatch(
      /^5-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  test("object keys are not templated", () => {
    expect(compile({ "{{ seq }}": "{{ seq }}" }).value(ctx())).toEqual({ "{{ seq }}": "3" });
  });
});

describe("render equals JSON.stringify(value) for the same request", () => {
  const BODY = {
    model: "m",
    stream: true,
    temperature: 0.5,
    stop: null,
    max_tokens: "{{= randomInt(1, 1000) }}",
    messages: [
      { role: "system", content: "You are terse." },
      { role: "user", content: "Ticket {{ randomInt(1, 5000) }}: {{ row.q }} ({{ uuid }})" },
    ],
    metadata: { seq: "{{= seq }}", tags: ["x", "{{ randomString(6) }}"], empty: {}, none: [] },
    "2": "integer-like keys come first in JS objects and in JSON.stringify",
  };
  // JSON.parse makes "__proto__" an own key (an object literal would set the prototype instead).
  const withProtoKey = () => ({
    ...JSON.parse(JSON.stringify(BODY)),
    ...JSON.parse('{"__proto__": "{{ seq }}"}'),
  });

  test.each([0, 1, 2, 99, 12345])("seq %i", (seq) => {
    const template = compile(withProtoKey());
    const rendered = template.render(ctx(seq));
    const value = template.value(ctx(seq));
    expect(rendered).toBe(JSON.stringify(value));
    expect(JSON.parse(rendered)).toEqual(value);
    expect(Object.hasOwn(value as object, "__proto__")).toBe(true);
  });

  test("a constant body is constant, renders its JSON and returns the value as written", () => {
    const body = { model: "m", messages: [{ role: "user", content: "hi" }] };
    const template = compile(body);
    expect(template.constant).toBe(true);
    expect(template.render(ctx())).toBe(JSON.stringify(body));
    expect(template.value(ctx())).toEqual(body);
    expect(compile({ a: "{{ seq }}" }).constant).toBe(false);
  });

  test("constant parts of a templated body are shared, templated parts are new per request", () => {
    const template = compile({ fixed: { a: [1] }, seq: "{{= seq }}" });
    const first = template.value(ctx(1)) as { fixed: unknown };
    const second = template.value(ctx(2)) as { fixed: unknown };
    expect(first).not.toBe(second);
    expect(first.fixed).toBe(second.fixed);
  });
});

describe("refs of a json body carry the path of each string", () => {
  test("row fields, vars and setup", () => {
    const { refs } = compileJson({
      q: "{{ row.q }}",
      messages: [{ content: "x {{ vars.id }}" }],
      auth: "{{= setup.token }}",
    });
    expect(refs).toEqual({
      rowFields: [{ name: "q", path: ["q"], offset: 3 }],
      usesRow: true,
      vars: [{ name: "id", path: ["messages", 0, "content"], offset: 5 }],
      setup: [{ name: "token", path: ["auth"], offset: 4 }],
    });
  });
});
