/**
 * Templates that do not compile: each problem says what was found, what was expected and a fix,
 * at the offset of the offending token.
 */
import { describe, expect, test } from "vitest";
import { compileJson, compileString } from "../../src/template/index.js";

const EXPECTED =
  "expected one of seq, uuid, randomInt(a, b), randomString(n), pick([…]), row, row.<field>, vars.<name>, setup.<name>, urlencode(x), messages(x)";

describe("a template that does not compile is a located problem", () => {
  test.each([
    // [template, offset, message]
    ["{{ randint(1, 5) }}", 3, `unknown function "randint": ${EXPECTED}; did you mean "randomInt"?`],
    [
      "{{ random_string(8) }}",
      3,
      `unknown function "random_string": ${EXPECTED}; did you mean "randomString"?`,
    ],
    ["x {{ seqq }}", 5, `unknown name "seqq": ${EXPECTED}; did you mean "seq"?`],
    ["{{ Row.q }}", 3, `unknown name "Row": ${EXPECTED}; did you mean "row"?`],
    ["{{ frobnicate }}", 3, `unknown name "frobnicate": ${EXPECTED}; check the spelling`],
    [
      "{{ env.HOME }}",
      3,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the ${VAR} syntax
      'unknown name "env": environment variables are written ${NAME} and read once when the budget loads',
    ],
    ["{{ randomInt(1) }}", 3, "randomInt(a, b) takes 2 arguments, got 1: write randomInt(1, 100)"],
    ["{{ randomInt(1, 2, 3) }}", 19, "randomInt(a, b) takes 2 arguments, got 3: write randomInt(1, 100)"],
    [
      '{{ randomInt("1", 5) }}',
      13,
      `randomInt's a must be an integer literal, got "1": write randomInt(1, 100)`,
    ],
    [
      "{{ randomInt(1, 2.5) }}",
      16,
      "randomInt's b must be an integer literal, got 2.5: write randomInt(1, 100)",
    ],
    ["{{ randomInt(9, 1) }}", 3, "randomInt(a, b) needs a ≤ b, got a = 9 and b = 1: write randomInt(1, 9)"],
    ["{{ randomInt }}", 3, "randomInt is a function: write randomInt(1, 100)"],
    ["{{ randomString(0) }}", 3, "randomString(n) takes a length from 1 to 10000, got 0"],
    ["{{ randomString(10001) }}", 3, "randomString(n) takes a length from 1 to 10000, got 10001"],
    [
      "{{ randomString(row.n) }}",
      16,
      "randomString's n must be an integer literal, got row.n: write randomString(8)",
    ],
    ['{{ pick("a", "b") }}', 8, 'pick takes one list of values, got 2 arguments: write pick(["a", "b"])'],
    ['{{ pick("a") }}', 8, 'pick takes one list of values, got "a": write pick(["a", "b"])'],
    ["{{ pick([]) }}", 8, "pick([]) has nothing to pick from: list at least one value"],
    [
      '{{ pick(["a", row.q]) }}',
      14,
      'pick([…]) takes literals (strings, numbers, true, false, null), got row.q: write pick(["a", "b"])',
    ],
    ["{{ urlencode() }}", 3, "urlencode(x) takes 1 argument, got 0: write urlencode(row.q)"],
    [
      "{{ messages(row.a, row.b) }}",
      19,
      "messages(x) takes 1 argument, got 2: write messages(row.conversations)",
    ],
    ["{{ urlencode(nope) }}", 13, `unknown name "nope": ${EXPECTED}; check the spelling`],
    ["{{ seq() }}", 3, "seq is not a function: write {{ seq }}"],
    ["{{ seq.x }}", 7, 'seq is a number: it has no field "x"'],
    ["{{ vars }}", 3, "vars needs a name: write vars.<name>"],
    ["{{ setup.token.x }}", 15, 'setup.token is text (a captured value): it has no field "x"'],
    [
      "{{ row. }}",
      8,
      'expected a field name after "row.", got the end of the expression (missing ")" or "]"?)',
    ],
    ["{{ row[-1] }}", 7, 'expected an index like [0] or a quoted field like ["first name"], got "-1"'],
    ["{{ row.items[0 }}", 15, 'expected "]", got the end of the expression (missing ")" or "]"?)'],
    ["{{ randomInt(1, 5 }}", 18, 'expected "," or ")", got the end of the expression (missing ")" or "]"?)'],
    ["{{ urlencode(row.q).x }}", 19, 'unexpected "." after urlencode(…): a call\'s result has no fields'],
    [
      "{{ row.q + 1 }}",
      9,
      'unexpected character "+": an expression is a name, a call or a literal (no operators)',
    ],
    ["{{ seq uuid }}", 7, 'unexpected "uuid" after the expression: write one expression per {{ }}'],
    ["{{ }}", 2, `empty expression: ${EXPECTED}`],
    ["{{ 1.2.3 }}", 3, 'bad number "1.2.3": expected a number like 42, -3 or 0.5'],
    ["{{ 007 }}", 3, 'bad number "007": expected a number like 42, -3 or 0.5'],
    [
      "{{ 'a\\q' }}",
      5,
      'unknown escape "\\q" in a string: expected one of \\" \\\' \\\\ \\n \\t \\r \\uXXXX',
    ],
    ['{{ pick(["a) }}', 9, 'string "a) }} is not closed: add a closing "'],
    [
      "/items/{{ seq",
      7,
      '"{{" is not closed in "{{ seq": expected "}}" after the expression; a literal "{{" is written {{ "{{" }}',
    ],
    [
      "{{{{ seq }}}}",
      0,
      'found "{{{": expected an expression after "{{"; a literal "{{" is written {{ "{{" }}',
    ],
    [
      "{{= seq }}",
      0,
      'found "{{=" here: {{= … }} gives a JSON value and only works as a whole string inside json:; write {{ … }} to insert text',
    ],
  ])("%s → at %i: %s", (template, offset, message) => {
    const { problems } = compileString(template);
    expect(problems).toEqual([{ path: [], offset, message }]);
  });

  test("every bad hole of a string is reported, not only the first", () => {
    const { problems } = compileString("{{ randint(1, 2) }} and {{ uid }}");
    expect(problems.map((problem) => problem.offset)).toEqual([3, 27]);
  });

  test("20,000 nested brackets are one located problem (was: RangeError, call stack exceeded)", () => {
    const { problems } = compileString(`/{{ ${"[".repeat(20_000)} }}`);
    expect(problems).toEqual([
      { path: [], offset: 4 + 33, message: "expression nested deeper than 32 lists or calls: flatten it" },
    ]);
    const calls = compileString(`{{ ${"urlencode(".repeat(5_000)}seq${")".repeat(5_000)} }}`);
    expect(calls.problems[0]?.message).toMatch(/nested deeper than 32/);
    expect(compileString(`{{ ${"urlencode(".repeat(32)}seq${")".repeat(32)} }}`).problems).toEqual([]);
  });

  test("a long unclosed template is quoted clipped", () => {
    const { problems } = compileString(`{{ ${"x".repeat(500)}`);
    expect(problems[0]?.message.length).toBeLessThan(200);
  });
});

describe("problems inside a json body carry the path of the string", () => {
  test.each([
    // [body, path, offset, message start]
    [{ a: { b: ["ok", "{{ randint(1, 2) }}"] } }, ["a", "b", 1], 3, 'unknown function "randint"'],
    [
      { q: "say {{= seq }}" },
      ["q"],
      4,
      'found "{{=" here: {{= … }} gives a JSON value only when it is the whole string',
    ],
    [{ q: " {{= seq }}" }, ["q"], 1, 'found "{{=" here'],
    [{ q: "{{= seq }}{{ seq }}" }, ["q"], 0, 'found "{{=" here'],
    [{ n: "{{= randomInt(1) }}" }, ["n"], 4, "randomInt(a, b) takes 2 arguments"],
    [{ n: Number.POSITIVE_INFINITY }, ["n"], 0, "expected a JSON value (a string, a finite number"],
    [{ d: new Date(0) }, ["d"], 0, "expected a JSON value"],
  ])("%j → %j", (body, path, offset, message) => {
    const { problems } = compileJson(body);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path, offset });
    expect(problems[0]?.message.startsWith(message)).toBe(true);
  });
});
