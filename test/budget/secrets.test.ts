// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * Issue 9 §3: secrets in the forms perf-gate itself writes (the request URL built by `new URL`),
 * and excerpts redacted before they are cut. Table tests over the real code paths, no mocks.
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { secretForms } from "../../src/budget/secret-forms.js";
import { REDACTED, redactExcerpt, redactSecrets } from "../../src/budget/secrets.js";
import { resolveRequestUrl } from "../../src/run-budget.js";
import { lines } from "./helpers.js";

/** The request URL the run would report for a budget's first scenario, redacted as the report is. */
function reportedUrl(target: string, path: string, env: Record<string, string>): string {
  const source = lines(
    "version: 1",
    `target: "${target}"`,
    "scenarios:",
    "  - name: a",
    "    request:",
    `      path: "${path}"`,
    "    load: { duration: 1s }",
  );
  const budget = parseBudget(source, { file: "b.yml", env });
  const scenario = budget.scenarios[0];
  if (!scenario) throw new Error("no scenario");
  return redactSecrets(resolveRequestUrl(budget.target, scenario.request.path).href, budget.secrets);
}

describe("secrets in the request URL, in the forms new URL writes them", () => {
  test.each([
    // [what leaked, target, path, env, reported URL]
    [
      "a quote in a query is written %27 (not by encodeURIComponent)",
      "http://127.0.0.1:9",
      "/v1/items?key=${K}",
      { K: "sk-it's-a-key" },
      "http://127.0.0.1:9/v1/items?key=***",
    ],
    [
      "a query keeps ` { } as written but encodes quotes",
      "http://127.0.0.1:9",
      "/q?t=${K}",
      { K: 'tok`{"x"}-123' },
      "http://127.0.0.1:9/q?t=***",
    ],
    [
      "a backtick and braces in a path are percent-encoded",
      "http://127.0.0.1:9",
      "/v1/${K}/x",
      { K: "tok`{x}|123" },
      "http://127.0.0.1:9/v1/***/x",
    ],
    [
      "a backslash in a path becomes a slash",
      "http://127.0.0.1:9",
      "/v1/${K}",
      { K: "tok\\\\abc123" },
      "http://127.0.0.1:9/v1/***",
    ],
    [
      "a host is lower-cased (LocalHost → localhost)",
      "http://${HOST}:8080",
      "/v1",
      { HOST: "LocalHost" },
      "http://***:8080/v1",
    ],
    ["an IDN host is written in punycode", "http://${HOST}", "/", { HOST: "Bücher.example" }, "http://***/"],
    [
      "a whole target URL is normalised",
      "${API_URL}",
      "/v1/chat",
      { API_URL: "HTTP://Internal.Example:8080" },
      "***/v1/chat",
    ],
    [
      "a target path prefix is percent-encoded",
      "http://127.0.0.1:9/${PREFIX}",
      "/x",
      { PREFIX: "team a'b" },
      "http://127.0.0.1:9/***/x",
    ],
  ])("%s", (_what, target, path, env, expected) => {
    const shown = reportedUrl(target, path, env);
    expect(shown).toBe(expected);
  });
});

describe("redactSecrets", () => {
  test("two secrets that overlap leave no tail (was: the longer one first, then ***-other-secret)", () => {
    const secrets = ["sk-CANARY123456789", "789-other-secret"];
    expect(redactSecrets("key sk-CANARY123456789-other-secret end", secrets)).toBe("key *** end");
  });

  test("overlapping occurrences of one secret are masked as one", () => {
    expect(redactSecrets("xaaaaay", ["aaaa"])).toBe("x***y");
  });
});

const CANARY = "sk-CANARY123456789";

describe("redactExcerpt: redacts first, then cuts, and masks what a cut may leave at an edge", () => {
  test.each([
    // [what, text, maxChars, secrets, expected]
    [
      "a secret at the 200-character edge (was: 18 of its 19 characters in report.json)",
      `${"x".repeat(190)}${CANARY}${"y".repeat(100)}`,
      200,
      [CANARY],
      `${"x".repeat(190)}***${"y".repeat(7)}…`,
    ],
    [
      "a raw sample that ends inside a secret (was: key=sk-)",
      "body: key=sk-",
      200,
      [CANARY],
      "body: key=***",
    ],
    ["a raw sample that starts inside a secret", "456789&next=1", 200, [CANARY], "***&next=1"],
    ["a raw sample entirely inside a secret", "CANARY1234", 200, [CANARY], REDACTED],
    [
      "an edge fragment of 2 characters is kept (it would mask half of all text)",
      "error at sk",
      200,
      [CANARY],
      "error at sk",
    ],
    ["short text is not cut and gets no ellipsis", "all fine", 8, [CANARY], "all fine"],
    ["a cut never splits a surrogate pair", "😀😀😀", 3, [], "😀…"],
    ["maxChars 0 keeps nothing", "abc", 0, [], "…"],
    [
      "a JSON-escaped secret cut at the input's end",
      '{"password":"pa\\"ss-w',
      200,
      ['pa"ss-word-123'],
      '{"password":"***',
    ],
    [
      "a percent-encoded secret cut at the input's end",
      "GET /x?key=sk-it%27s%2",
      200,
      ["sk-it's a key"],
      "GET /x?key=***",
    ],
    [
      "a cut that lands on a secret's prefix written by the server",
      `${"z".repeat(20)} token=sk-CANA and more`,
      31,
      [CANARY],
      `${"z".repeat(20)} token=***…`,
    ],
  ])("%s", (_what, text, maxChars, secrets, expected) => {
    expect(redactExcerpt(text, maxChars, secrets)).toBe(expected);
  });

  test("no 6-character piece of a secret (in any form) survives any cut, of the raw text or of the excerpt", () => {
    const quoted = 'pa"ss w/rd\\x-77';
    const secrets = [CANARY, quoted];
    const body =
      `{"error":"bad key ${CANARY}","echo":${JSON.stringify(quoted)},` +
      `"url":"http://h/v1?key=${encodeURIComponent(CANARY)}&p=${new URL(`http://h/?${quoted}`).search.slice(1)}",` +
      `"raw":"${CANARY}${quoted}"}`;
    const pieces = new Set<string>();
    for (const form of secrets.flatMap(secretForms)) {
      for (let i = 0; i + 6 <= form.length; i++) pieces.add(form.slice(i, i + 6));
    }
    const leaks = (out: string) => [...pieces].filter((piece) => out.includes(piece));
    for (let cut = 0; cut <= body.length; cut++) {
      const outputs = [
        redactExcerpt(body, cut, secrets), // the excerpt cut here
        redactExcerpt(body.slice(0, cut), 200, secrets), // the raw sample ended here
        redactExcerpt(body.slice(cut), 200, secrets), // the raw sample started here
        redactExcerpt(body.slice(0, cut), Math.floor(cut / 2), secrets), // both
      ];
      for (const out of outputs) expect(leaks(out), `cut ${cut}: ${out}`).toEqual([]);
    }
  });
});

describe("secrets a server re-encodes as JSON", () => {
  test("masks a key with '/' that a server echoes with JSON's \\/ escape (PHP json_encode; it leaked whole)", () => {
    const key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const body = JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }).replace(
      /\//g,
      "\\/",
    );
    expect(body).toContain("wJalrXUtnFEMI\\/K7MDENG");
    const out = redactSecrets(body, [key]);
    expect(out).toBe('{"error":{"message":"Incorrect API key provided: ***"}}');
  });

  test("masks a key with non-ASCII characters written as \\uXXXX escapes", () => {
    const key = "clé-secrète-42";
    const body = `{"key":"cl\\u00e9-secr\\u00e8te-42"}`;
    expect(redactSecrets(body, [key])).toBe('{"key":"***"}');
  });
});
