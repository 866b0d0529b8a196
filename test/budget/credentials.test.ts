// biome-ignore-all lint/suspicious/noTemplateCurlyInString: budgets are written with ${VAR} references
/**
 * Issue 9 §3: a target with credentials printed the password in the report, the markdown and
 * stdout, and never sent it. It is refused, and no message echoes the user name or password.
 */
import { describe, expect, test } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { PROXY_AUTH_HEADER_FIX } from "../../src/budget/proxy-auth-header.js";
import { CREDENTIALS_FIX, withoutUrlCredentials } from "../../src/budget/url-credentials.js";
import { InputError } from "../../src/errors.js";
import { budgetError, lines } from "./helpers.js";

const USER = "ada-lovelace";
const PASSWORD = "hunter2-Pa55word";
const budget = (target: string) =>
  lines("version: 1", `target: "${target}"`, "scenarios:", "  - name: a", "    load: { duration: 1s }");

function expectNoEcho(text: string): void {
  expect(text).not.toContain(USER);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
}

describe("a target with credentials is refused, without echoing them", () => {
  test.each([
    ["user and password", `http://${USER}:${PASSWORD}@127.0.0.1:8080`],
    ["user only", `http://${USER}@127.0.0.1:8080`],
    ["password only", `https://:${PASSWORD}@api.example.com/v1`],
    ["no slashes (the URL parser still reads userinfo)", `http:${USER}:${PASSWORD}@127.0.0.1`],
    ["upper-case scheme", `HTTP://${USER}:${PASSWORD}@127.0.0.1`],
  ])("%s", (_what, target) => {
    const error = budgetError(budget(target));
    expect(error.exitCode).toBe(2);
    expect(error.problems).toEqual([
      { file: "perf-budget.yml", line: 2, col: 9, path: "target", message: CREDENTIALS_FIX },
    ]);
    expect(error.message).toContain('headers: { authorization: "Basic ${API_BASIC_AUTH}" }');
    expectNoEcho(JSON.stringify(error.problems));
    expectNoEcho(error.message);
  });

  test("a target that is also invalid shows its value with the userinfo masked", () => {
    const error = budgetError(budget(`http://${USER}:${PASSWORD}@127.0.0.1:8080/?q=1`));
    expect(error.problems.map((p) => p.message)).toEqual([
      'expected an http:// or https:// URL without query or fragment, like "http://127.0.0.1:8080", got "http://***@127.0.0.1:8080/?q=1"',
      CREDENTIALS_FIX,
    ]);
    expectNoEcho(error.message);
  });

  test("a target that does not parse is shown with the userinfo masked too", () => {
    const error = budgetError(budget(`http://${USER}:${PASSWORD}@127.0.0.1 :8080/`));
    expect(error.message).toContain('got "http://***@127.0.0.1 :8080/"');
    expectNoEcho(error.message);
  });

  test("a target from the environment with credentials is refused as well", () => {
    const source = lines(
      "version: 1",
      "target: ${API_URL}",
      "scenarios:",
      "  - name: a",
      "    load: { duration: 1s }",
    );
    const error = budgetError(source, { API_URL: `http://${USER}:${PASSWORD}@10.0.0.7` });
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      `2:9 target: ${CREDENTIALS_FIX}`,
    ]);
    expectNoEcho(error.message);
  });

  test("--target (or the action's target input) with credentials is an InputError that never echoes them", () => {
    let thrown: unknown;
    try {
      parseBudget(budget("http://127.0.0.1:8080"), {
        file: "perf-budget.yml",
        env: {},
        target: `http://${USER}:${PASSWORD}@127.0.0.1:9`,
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const error = thrown as InputError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`--target (the action's target input): ${CREDENTIALS_FIX}`);
    expectNoEcho(error.message);
  });

  test("a target without credentials, and an @ in its path, still parse", () => {
    const parsed = parseBudget(budget("http://127.0.0.1:8080/@team"), { file: "b.yml", env: {} });
    expect(parsed.target).toBe("http://127.0.0.1:8080/@team");
  });
});

describe("a proxy-authorization header is refused (it would go to the target), without echoing its value", () => {
  const VALUE = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
  const scenario = ["scenarios:", "  - name: a", "    load: { duration: 1s }"];
  const head = ["version: 1", "target: http://127.0.0.1:8080"];
  test.each([
    [
      "in defaults.headers",
      lines(...head, "defaults:", `  headers: { Proxy-Authorization: "${VALUE}" }`, ...scenario),
      "4:14 defaults.headers.Proxy-Authorization",
    ],
    [
      "in a scenario's request, any case",
      lines(
        ...head,
        ...scenario,
        "    request:",
        "      headers:",
        `        PROXY-AUTHORIZATION: "${VALUE}"`,
      ),
      "8:9 scenarios[0].request.headers.PROXY-AUTHORIZATION",
    ],
    [
      "in a step's request",
      lines(
        ...head,
        "scenarios:",
        "  - name: a",
        "    load: { duration: 1s }",
        "    steps:",
        "      - name: one",
        `        request: { headers: { proxy-authorization: "${VALUE}" } }`,
      ),
      "8:31 scenarios[0].steps[0].request.headers.proxy-authorization",
    ],
    [
      "in a setup request, from the environment",
      lines(
        ...head,
        ...scenario,
        "    setup:",
        '      request: { headers: { proxy-authorization: "${PROXY_AUTH}" } }',
      ),
      "7:29 scenarios[0].setup.request.headers.proxy-authorization",
    ],
  ])("%s", (_what, source, where) => {
    const error = budgetError(source, { PROXY_AUTH: VALUE });
    expect(error.exitCode).toBe(2);
    expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
      `${where}: ${PROXY_AUTH_HEADER_FIX}`,
    ]);
    expect(error.message).toContain(`perf-budget.yml:${where.split(" ")[0]}`);
    expect(error.message).toContain("put them in the proxy URL (proxy: http://user:password@host:port)");
    expect(error.message).not.toContain(VALUE.slice("Basic ".length));
    expectNoEcho(error.message);
  });

  test("an invalid proxy URL is shown with its user:password@ masked, from the file or the environment", () => {
    const proxied = (value: string) => lines(...head, `proxy: ${value}`, ...scenario);
    const proxy = `http://${USER}:${PASSWORD}@10.0.0.1:3128/path`;
    for (const error of [budgetError(proxied(proxy)), budgetError(proxied("${P}"), { P: proxy })]) {
      expect(error.problems.map((p) => `${p.line}:${p.col} ${p.path}: ${p.message}`)).toEqual([
        '3:8 proxy: expected an http:// proxy URL like "http://proxy.internal:3128", or none, got "http://***@10.0.0.1:3128/path"',
      ]);
      expectNoEcho(error.message);
    }
  });

  test("other headers that mention a proxy still parse", () => {
    const parsed = parseBudget(
      lines(...head, ...scenario, "    request: { headers: { x-proxy-authorization-id: abc } }"),
      { file: "b.yml", env: {} },
    );
    expect(parsed.scenarios[0]?.request.headers["x-proxy-authorization-id"]).toBe("abc");
  });
});

describe("withoutUrlCredentials", () => {
  test.each([
    ["http://u:p@h/x", "http://***@h/x"],
    ["https://u@h", "https://***@h"],
    ["http://a@b:c@h/p@q", "http://***@h/p@q"], // the userinfo ends at the last @ before the path
    ["  http:u:p@h", "  http:***@h"],
    ["ssh://git:pw@host/x", "ssh://***@host/x"],
    ["http://h/p?mail=a@b", "http://h/p?mail=a@b"], // an @ after the authority is no userinfo
    ["a:b@c", "a:b@c"], // not a URL this parser would read as one with credentials
    ["user@example.com", "user@example.com"],
  ])("%j → %j", (text, expected) => {
    expect(withoutUrlCredentials(text)).toBe(expected);
  });
});
