/**
 * The transport keys of the budget (`tls:`, `http2:`, `proxy:`): what they build, the top level
 * as every scenario's default, and a located error for each way of getting them wrong. The
 * files are read through `readData` (no disk): a map of names to texts.
 */
import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/budget/index.js";
import { displayProxy, proxyForTarget, proxyFromEnv } from "../../src/budget/proxy-env.js";
import type { Budget } from "../../src/budget/types.js";
import { BudgetError } from "../../src/errors.js";
import { lines } from "./helpers.js";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
const FILES: Record<string, string> = {
  "ca.pem": CERT,
  "client.pem": CERT,
  "client-key.pem": KEY,
  "ca.der": "0\x82\x01binary",
  "locked-key.pem": "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n",
};

function readData(name: string): string {
  const text = FILES[name];
  if (text === undefined) throw Object.assign(new Error(`ENOENT: ${name}`), { code: "ENOENT" });
  return text;
}

/** A budget with `top` lines at the top level and `scenario` lines under `- name: a`. */
function source(scenario: readonly string[], top: readonly string[] = []): string {
  return lines(
    "version: 1",
    "target: https://127.0.0.1:9",
    ...top,
    "scenarios:",
    "  - name: a",
    "    load: { duration: 1s }",
    ...scenario,
  );
}

function parse(text: string, env: Record<string, string> = {}): Budget {
  return parseBudget(text, { file: "b.yml", env, readData });
}

/** The located problems of an invalid budget, one string each (`b.yml:7:10 path: message`). */
function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parse(text, env);
  } catch (error) {
    expect(error).toBeInstanceOf(BudgetError);
    return (error as BudgetError).problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path}: ${p.message}`);
  }
  throw new Error("expected a BudgetError");
}

const first = (b: Budget) => b.scenarios[0]?.transport;

describe("transport keys build the scenario's transport", () => {
  it("reads tls files (relative to the budget) and keeps their PEM texts", () => {
    const t = first(
      parse(
        source(["    tls: { ca: ca.pem, cert: client.pem, key: client-key.pem, servername: api.local }"]),
      ),
    );
    expect(t).toEqual({
      http2: false,
      tls: { insecure: false, ca: CERT, cert: CERT, key: KEY, servername: "api.local" },
    });
  });

  it("uses the top level's keys as every scenario's default, a scenario's key replacing that key only", () => {
    const b = parse(
      lines(
        "version: 1",
        "target: https://127.0.0.1:9",
        "tls: { ca: ca.pem }",
        "http2: true",
        "scenarios:",
        "  - { name: a, load: { duration: 1s } }",
        "  - { name: b, load: { duration: 1s }, tls: { insecure: true } }",
      ),
    );
    expect(b.scenarios[0]?.transport).toEqual({ http2: true, tls: { insecure: false, ca: CERT } });
    expect(b.scenarios[1]?.transport).toEqual({ http2: true, tls: { insecure: true } });
  });

  it("leaves a plain scenario without a transport (the engine's lean path)", () => {
    expect(first(parse(source([])))).toBeUndefined();
    expect(first(parse(source(["    http2: false"])))).toBeUndefined();
  });

  it("takes the environment's proxy without a proxy key, and proxy: none or a URL over it", () => {
    const env = { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "internal" };
    expect(first(parse(source([]), env))?.proxy).toEqual({
      kind: "env",
      https: "http://proxy:3128",
      noProxy: "internal",
    });
    expect(first(parse(source(["    proxy: none"]), env))?.proxy).toEqual({ kind: "none" });
    expect(first(parse(source(["    proxy: http://other:8080"]), env))?.proxy).toEqual({
      kind: "url",
      url: "http://other:8080",
    });
  });

  it("makes a proxy URL's credentials secrets, from the budget and from the environment", () => {
    const b = parse(source(["    proxy: http://alice:pa%40ss-word@proxy:3128"]), {
      HTTP_PROXY: "http://bob:hunter22@proxy:3128",
    });
    expect(b.secrets).toEqual(
      expect.arrayContaining(["alice:pa%40ss-word", "pa%40ss-word", "pa@ss-word", "hunter22"]),
    );
  });
});

describe("transport key errors are located, say what was expected and found, and how to fix it", () => {
  it("a missing tls file", () => {
    expect(problems(source(["    tls: { ca: nope.pem }"]))).toEqual([
      "b.yml:6:16 scenarios[0].tls.ca: expected a PEM certificate file (-----BEGIN CERTIFICATE-----), got nope.pem, which cannot be read (no such file): a TLS file's path is relative to the budget file's folder",
    ]);
  });

  it("a file that is not PEM, and an encrypted key", () => {
    expect(problems(source(["    tls: { ca: ca.der }"]))).toEqual([
      "b.yml:6:16 scenarios[0].tls.ca: expected a PEM certificate file (-----BEGIN CERTIFICATE-----), got ca.der without one: convert it, e.g. openssl x509 -inform der -in ca.der -out cert.pem",
    ]);
    expect(problems(source(["    tls: { cert: client.pem, key: locked-key.pem }"]))[0]).toContain(
      "scenarios[0].tls.key: expected an unencrypted private key, got locked-key.pem, which is encrypted",
    );
  });

  it("cert without key, key without cert", () => {
    expect(problems(source(["    tls: { cert: client.pem }"]))).toEqual([
      "b.yml:6:12 scenarios[0].tls.cert: expected tls.key beside tls.cert, got a client certificate without its private key: add key: <file.pem>",
    ]);
    expect(problems(source(["    tls: { key: client-key.pem }"]))).toEqual([
      "b.yml:6:12 scenarios[0].tls.key: expected tls.cert beside tls.key, got a private key without its client certificate: add cert: <file.pem>",
    ]);
  });

  it("ca with insecure, at the top level", () => {
    expect(problems(source([], ["tls: { ca: ca.pem, insecure: true }"]))).toEqual([
      "b.yml:3:20 tls.insecure: expected tls.ca (verify against that CA) or tls.insecure: true (verify nothing), got both: keep ca for a trusted run",
    ]);
  });

  it("wrong types, an unknown tls key with did-you-mean, a bad servername", () => {
    const found = problems(
      source(["    tls: { insecure: yes, servername: 'a b', certt: x }", "    http2: 2"]),
    );
    expect(found).toEqual([
      'b.yml:6:22 scenarios[0].tls.insecure: expected true or false, got "yes"',
      'b.yml:6:39 scenarios[0].tls.servername: expected a host name, like api.internal.example, got "a b"',
      'b.yml:6:46 scenarios[0].tls.certt: unknown key "certt", did you mean "cert"?',
      "b.yml:7:12 scenarios[0].http2: expected true or false, got 2",
    ]);
  });

  it("a tls file in a budget not read from a file", () => {
    const text = source(["    tls: { ca: ca.pem }"]);
    expect(() => parseBudget(text, { file: "b.yml", env: {} })).toThrow(
      "scenarios[0].tls.ca: expected a PEM certificate file (-----BEGIN CERTIFICATE-----), got ca.pem: this budget was not read from a file",
    );
  });

  it("a proxy that is not an http(s) URL, its credentials never echoed", () => {
    expect(problems(source(["    proxy: socks5://u:secretpw@proxy:1080"]))).toEqual([
      'b.yml:6:12 scenarios[0].proxy: expected an http:// proxy URL like "http://proxy.internal:3128", or none, got "socks5://***@proxy:1080"',
    ]);
    expect(problems(source(["    proxy: off"]))[0]).toContain('or none, got "off"');
  });
});

describe("proxy choice from the environment (EnvHttpProxyAgent's semantics)", () => {
  const https = new URL("https://api.example.com/v1");
  const http = new URL("http://127.0.0.1:8080/");
  it.each([
    [{ HTTPS_PROXY: "http://p:1" }, https, "http://p:1"],
    [{ HTTP_PROXY: "http://p:1" }, https, "http://p:1"],
    [{ HTTPS_PROXY: "http://p:1" }, http, undefined],
    [{ https_proxy: "http://low:1", HTTPS_PROXY: "http://up:1" }, https, "http://low:1"],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "127.0.0.1" }, http, undefined],
    [{ HTTP_PROXY: "http://p:1", NO_PROXY: "127.0.0.1:9999" }, http, "http://p:1"],
    [{ HTTP_PROXY: "http://p:1", no_proxy: "127.0.0.1:8080" }, http, undefined],
    [{ HTTPS_PROXY: "http://p:1", NO_PROXY: "example.com" }, https, undefined],
    [{ HTTPS_PROXY: "http://p:1", NO_PROXY: ".example.com" }, https, undefined],
    [{ HTTPS_PROXY: "http://p:1", NO_PROXY: "*.example.com" }, https, undefined],
    [{ HTTPS_PROXY: "http://p:1", NO_PROXY: "ample.com" }, https, "http://p:1"],
    [{ HTTPS_PROXY: "http://p:1", NO_PROXY: "other.org, *" }, https, undefined],
    [{ HTTPS_PROXY: "not a url" }, https, undefined],
  ])("%j for %s → %s", (env, target, expected) => {
    expect(proxyForTarget(proxyFromEnv(env), target)).toBe(expected);
  });

  it("shows a proxy without its credentials", () => {
    expect(displayProxy("http://user:pw@proxy.internal:3128/")).toBe("http://proxy.internal:3128");
  });
});

describe("a proxy written from the environment", () => {
  it("proxy: ${CORP_PROXY} is a secret in the form it is shown in (scheme and host), not only as written", () => {
    const env = { CORP_PROXY: "http://10.1.2.3:3128" };
    const budget = parse(source(["    proxy: ${CORP_PROXY}"]), env);
    expect(first(budget)?.proxy).toEqual({ kind: "url", url: "http://10.1.2.3:3128" });
    expect(budget.secrets).toContain(displayProxy(env.CORP_PROXY));
    // A proxy written out in the file is not a secret: its host may be shown.
    expect(parse(source(["    proxy: http://10.1.2.3:3128"])).secrets).not.toContain("http://10.1.2.3:3128");
  });
});
