// biome-ignore-all lint/suspicious/noTemplateCurlyInString: imported budgets are written with ${VAR} placeholders
import { describe, expect, it } from "vitest";
import { parse as parseYamlText } from "yaml";
import { parseBudget } from "../../src/budget/parse-budget.js";
import { InputError } from "../../src/errors.js";
import { parseHar } from "../../src/har/parse-har.js";
import { harToBudget, type ImportedBudget } from "../../src/har/to-budget.js";
import { APP_HAR, APP_SECRETS, appHarText, type EntrySketch, harText } from "./har-builder.js";

function importApp(includeStatic = false): ImportedBudget {
  return harToBudget(parseHar(appHarText(), APP_HAR), { file: APP_HAR, includeStatic });
}

function importSketch(sketches: readonly EntrySketch[], title?: string): ImportedBudget {
  return harToBudget(parseHar(harText(sketches, title), "t.har"), { file: "t.har", includeStatic: false });
}

/** A value for every variable the budget reads, each distinct and not found in the recording. */
function envFor(budget: ImportedBudget): Record<string, string> {
  return Object.fromEntries(budget.needed.map((v) => [v.name, `env-value-of-${v.name.toLowerCase()}`]));
}

/**
 * Each step's request through the project's budget parser, as the request of a one-scenario
 * budget: each request is accepted on its own (test/cli/import-har.test.ts parses the whole
 * budget, steps and all, and replays it).
 */
function parseStepRequests(budget: ImportedBudget, env: Record<string, string>) {
  const doc = parseYamlText(budget.yaml) as {
    target: string;
    scenarios: { steps: { request: unknown }[] }[];
  };
  return (doc.scenarios[0]?.steps ?? []).map((step, i) => {
    const single = {
      version: 1,
      target: doc.target,
      scenarios: [{ name: `s${i}`, request: step.request, load: { connections: 1, duration: "30s" } }],
    };
    const parsed = parseBudget(JSON.stringify(single), { file: `step-${i}.yml`, env });
    const request = parsed.scenarios[0]?.request;
    if (!request) throw new Error("no request");
    return request;
  });
}

describe("harToBudget on the Chromium recording", () => {
  it("writes one scenario whose steps are the main origin's API requests in recorded order", () => {
    const budget = importApp();
    const doc = parseYamlText(budget.yaml);
    expect(doc).toEqual({
      version: 1,
      target: "http://127.0.0.1:47311",
      scenarios: [
        {
          name: "items-app",
          steps: [
            { name: "get-index", request: { method: "GET", path: "/", headers: expect.any(Object) } },
            {
              name: "post-api-items",
              request: {
                method: "POST",
                path: "/api/items?api_key=${API_KEY}",
                headers: expect.any(Object),
                json: { name: "n1", tags: ["a", "b"], count: 2 },
              },
            },
            {
              name: "get-api-items-41",
              request: { method: "GET", path: "/api/items/41?view=full", headers: expect.any(Object) },
            },
          ],
          load: { connections: 1, duration: "30s" },
        },
      ],
    });
    expect(budget.selection).toMatchObject({ staticCount: 3, otherOrigins: [["http://127.0.0.1:47312", 1]] });
    expect(budget.yaml).toMatch(
      /^# .*\n# Steps: 3 of the 7 recorded requests, those to http:\/\/127\.0\.0\.1:47311/,
    );
    expect(budget.yaml).toContain("#   other origin http://127.0.0.1:47312: 1 request\n");
  });

  it("keeps the app's headers, drops the browser's and replaces credentials with the variables it names", () => {
    const budget = importApp();
    const doc = parseYamlText(budget.yaml);
    const post = doc.scenarios[0].steps[1].request.headers;
    expect(post).toEqual({
      accept: "*/*",
      "accept-language": "en-US,en;q=0.9",
      cookie: "${COOKIE}",
      authorization: "${AUTHORIZATION}",
      "content-type": "application/json",
      "x-api-key": "${X_API_KEY}",
      "x-request-source": "har-fixture",
    });
    expect(budget.needed).toEqual([
      { name: "API_KEY", source: "query parameter api_key" },
      { name: "COOKIE", source: "header cookie" },
      { name: "AUTHORIZATION", source: "header authorization" },
      { name: "X_API_KEY", source: "header x-api-key" },
    ]);
    expect(budget.yaml).toContain(
      "# Set before running (the recorded values are not in this file): API_KEY, COOKIE, AUTHORIZATION, X_API_KEY.",
    );
  });

  it("writes none of the recorded secret values, not even a part of one", () => {
    const budget = importApp(true);
    for (const secret of APP_SECRETS) {
      // The distinctive tail of each fake value: a part of it would show as well.
      expect(budget.yaml).not.toContain(secret.slice(-10));
    }
    expect(budget.yaml).not.toContain("Bearer");
  });

  it("writes requests the budget parser accepts, with the variables in place", () => {
    const budget = importApp();
    const env = envFor(budget);
    const requests = parseStepRequests(budget, env);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /",
      "POST /api/items?api_key=env-value-of-api_key",
      "GET /api/items/41?view=full",
    ]);
    expect(requests[1]?.headers).toMatchObject({
      authorization: "env-value-of-authorization",
      cookie: "env-value-of-cookie",
      "x-api-key": "env-value-of-x_api_key",
    });
    expect(JSON.parse(requests[1]?.body ?? "")).toEqual({ name: "n1", tags: ["a", "b"], count: 2 });
  });

  it("keeps the static assets as steps with --include-static", () => {
    const budget = importApp(true);
    expect(budget.steps.map((s) => s.name)).toEqual([
      "get-index",
      "get-static-app",
      "get-static-logo",
      "get-static-app-2",
      "post-api-items",
      "get-api-items-41",
    ]);
    expect(budget.steps[1]?.request.path).toBe("/static/app.css");
    expect(parseStepRequests(budget, envFor(budget))).toHaveLength(6);
  });
});

describe("capture hints", () => {
  it("comments on the step whose path holds the id the POST before it returned (the Chromium recording)", () => {
    const budget = importApp();
    expect(budget.yaml).toContain(
      [
        "      # 41 in this path is in the response of post-api-items at $.id. To read what each",
        '      # iteration created, add to post-api-items: capture: { id: { json: "$.id" } }',
        "      # and write {{ vars.id }} here in place of 41.",
        "      - name: get-api-items-41",
      ].join("\n"),
    );
    expect(budget.hints).toEqual([
      "step get-api-items-41: 41 in its path came from the response of post-api-items ($.id); the budget says how to capture it",
    ]);
  });

  it("finds the shallowest place in the latest earlier response, and only values with a digit", () => {
    const har = JSON.parse(
      harText([
        { url: "http://h.test/list" },
        { url: "http://h.test/orders" },
        { url: "http://h.test/orders/o-77/lines/x?tag=blue&ref=o-77" },
      ]),
    );
    const responses = [
      { items: [{ id: "o-77", owner: { id: "u-1" } }], tag: "blue" },
      { data: { order: { id: "o-77" } }, other: 1 },
    ];
    responses.forEach((body, i) => {
      har.log.entries[i].response.content.text = JSON.stringify(body);
    });
    const budget = harToBudget(parseHar(JSON.stringify(har), "t.har"), {
      file: "t.har",
      includeStatic: false,
    });
    expect(budget.hints).toEqual([
      "step get-orders-o-77-lines-x: o-77 in its path came from the response of get-orders ($.data.order.id); the budget says how to capture it",
    ]);
    expect(parseYamlText(budget.yaml).scenarios[0].steps[2].request.path).toBe(
      "/orders/o-77/lines/x?tag=blue&ref=o-77",
    );
  });
});

describe("harToBudget", () => {
  it("names steps from method and path, each unique, and the scenario from the host without a title", () => {
    const budget = importSketch([
      { url: "http://127.0.0.1:9/api/items" },
      { url: "http://127.0.0.1:9/api/items?page=2" },
      { method: "DELETE", url: "http://127.0.0.1:9/api/items" },
      { url: "http://127.0.0.1:9/index.html?x=1" },
    ]);
    expect(budget.scenarioName).toBe("127-0-0-1-9");
    expect(budget.steps.map((s) => s.name)).toEqual([
      "get-api-items",
      "get-api-items-2",
      "delete-api-items",
      "get-index",
    ]);
  });

  it("replaces credentials in query strings, form bodies and JSON fields, and where they are repeated", () => {
    const token = "tok-0123456789";
    const budget = importSketch([
      {
        method: "POST",
        url: "http://h.test/login",
        body: { mimeType: "application/x-www-form-urlencoded", text: "user=ann&password=hunter2-long" },
      },
      {
        method: "POST",
        url: `http://h.test/api?access_token=${token}&q=shoes`,
        body: {
          mimeType: "application/json",
          text: JSON.stringify({ client_secret: "cs-99999999", note: `echo ${token}` }),
        },
      },
      { url: "http://h.test/me", headers: { Authorization: `Bearer ${token}` } },
    ]);
    const [login, api, me] = budget.steps.map((s) => s.request);
    expect(login?.body).toBe("user=ann&password=${PASSWORD}");
    expect(api?.path).toBe("/api?access_token=${ACCESS_TOKEN}&q=shoes");
    expect(api?.json).toEqual({ client_secret: "${CLIENT_SECRET}", note: "echo ${ACCESS_TOKEN}" });
    expect(me?.headers).toEqual({ authorization: "${AUTHORIZATION}" });
    for (const secret of [token, "hunter2-long", "cs-99999999"]) expect(budget.yaml).not.toContain(secret);
  });

  it("replaces a credential seen only in a skipped request where a kept request repeats it", () => {
    const budget = importSketch([
      { url: "http://h.test/a" },
      { url: "http://other.test/x", headers: { "X-Auth-Token": "other-origin-token-1" } },
      {
        method: "POST",
        url: "http://h.test/b",
        body: { mimeType: "text/plain", text: "t=other-origin-token-1" },
      },
    ]);
    expect(budget.steps[1]?.request.body).toBe("t=${X_AUTH_TOKEN}");
    expect(budget.needed).toEqual([{ name: "X_AUTH_TOKEN", source: "header x-auth-token" }]);
  });

  it("sends recorded text containing ${ exactly as recorded (escaped as $${)", () => {
    const text = "cost: ${PRICE} and $${X}";
    const budget = importSketch([
      { method: "POST", url: "http://h.test/t", body: { mimeType: "text/plain", text } },
    ]);
    const [request] = parseStepRequests(budget, { PRICE: "wrong", X: "wrong" });
    expect(request?.body).toBe(text);
  });

  it("keeps a body that is not JSON, or whose integers JSON would round, as text", () => {
    const big = '{"id": 12345678901234567890}';
    const budget = importSketch([
      { method: "POST", url: "http://h.test/a", body: { mimeType: "application/json", text: "{not json" } },
      { method: "POST", url: "http://h.test/b", body: { mimeType: "application/json", text: big } },
    ]);
    expect(budget.steps.map((s) => s.request.body)).toEqual(["{not json", big]);
  });

  it("warns about a recorded {{, which a budget reads as a template", () => {
    const budget = importSketch([{ url: "http://h.test/search?q={{x}}" }]);
    expect(budget.warnings).toEqual([
      'step get-search: the recorded request contains "{{", which a budget reads as a template; check it',
    ]);
  });

  it("refuses a recording with nothing left to replay, and says why", () => {
    expect(() => importSketch([{ url: "http://h.test/a.png", mime: "image/png" }])).toThrow(
      new InputError("t.har: no request left to replay (1 static asset (--include-static keeps them))"),
    );
  });
});
