// biome-ignore-all lint/suspicious/noTemplateCurlyInString: imported budgets are written with ${VAR} placeholders
import { describe, expect, it } from "vitest";
import { headerKind, isSecretField, secretParts } from "../../src/har/headers.js";
import { envName, Placeholders } from "../../src/har/placeholders.js";

describe("Placeholders", () => {
  it("gives one variable per distinct value, and numbered names to other values of the same name", () => {
    const p = new Placeholders();
    expect(p.placeholder("authorization", "Bearer one-123456", "header authorization")).toBe(
      "${AUTHORIZATION}",
    );
    expect(p.placeholder("authorization", "Bearer one-123456", "header authorization")).toBe(
      "${AUTHORIZATION}",
    );
    expect(p.placeholder("authorization", "Bearer two-123456", "header authorization")).toBe(
      "${AUTHORIZATION_2}",
    );
    expect(p.needed()).toEqual([
      { name: "AUTHORIZATION", source: "header authorization" },
      { name: "AUTHORIZATION_2", source: "header authorization" },
    ]);
  });

  it("replaces registered secrets inside other text, longest first, and escapes recorded ${", () => {
    const p = new Placeholders();
    p.register("cookie", "sid=abcdef123456; theme=dark", "header cookie");
    p.register("cookie_sid", "abcdef123456", "sid in header cookie");
    expect(p.needed()).toEqual([]);
    expect(p.scrub('{"echo":"abcdef123456","price":"${PRICE}"}')).toBe(
      '{"echo":"${COOKIE_SID}","price":"$${PRICE}"}',
    );
    expect(p.scrub("all: sid=abcdef123456; theme=dark")).toBe("all: ${COOKIE}");
    expect(p.needed().map((v) => v.name)).toEqual(["COOKIE_SID", "COOKIE"]);
  });

  it("does not replace secrets shorter than six characters inside other text (they match anything)", () => {
    const p = new Placeholders();
    p.register("x-token", "abc", "header x-token");
    expect(p.scrub("abcdef")).toBe("abcdef");
    expect(p.placeholder("x-token", "abc", "header x-token")).toBe("${X_TOKEN}");
  });

  it.each([
    ["x-api-key", "X_API_KEY"],
    ["Authorization", "AUTHORIZATION"],
    ["api_key", "API_KEY"],
    ["2fa-code", "_2FA_CODE"],
    ["---", "SECRET"],
  ])("envName(%j) is %j", (text, name) => {
    expect(envName(text)).toBe(name);
  });
});

describe("headers", () => {
  it.each([
    ["Host", "drop"],
    [":authority", "drop"],
    ["sec-ch-ua", "drop"],
    ["Sec-Fetch-Mode", "drop"],
    ["Accept-Encoding", "drop"],
    ["Content-Length", "drop"],
    ["User-Agent", "drop"],
    ["Referer", "drop"],
    ["If-None-Match", "drop"],
    // A budget refuses it (it would be sent to the target): dropped, never a placeholder.
    ["Proxy-Authorization", "drop"],
    ["Cookie", "secret"],
    ["Authorization", "secret"],
    ["X-API-Key", "secret"],
    ["X-CSRF-Token", "secret"],
    ["x-client-secret", "secret"],
    ["Accept", "keep"],
    ["Content-Type", "keep"],
    ["X-Request-Id", "keep"],
    ["If-Match", "keep"],
  ])("%s: %s", (name, kind) => {
    expect(headerKind(name)).toBe(kind);
  });

  it.each([
    ["api_key", true],
    ["access_token", true],
    ["token", true],
    ["apiKey", true],
    ["password", true],
    ["sort_key", false],
    ["q", false],
    ["page", false],
  ])("query or body field %s holds a secret: %s", (name, secret) => {
    expect(isSecretField(name)).toBe(secret);
  });

  it("finds the parts of cookies and authorization values that may appear alone", () => {
    expect(secretParts("cookie", "sid=abc123xyz; theme=dark")).toEqual([
      { suffix: "sid", value: "abc123xyz" },
      { suffix: "theme", value: "dark" },
    ]);
    expect(secretParts("authorization", "Bearer tok-123")).toEqual([
      { suffix: "credentials", value: "tok-123" },
    ]);
    expect(secretParts("x-api-key", "k-123")).toEqual([]);
  });
});
