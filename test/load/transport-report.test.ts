/**
 * The pure parts of the transport: the hint a certificate error gets, what a run reports as its
 * transport (and how parts merge), the one-line rendering, and the insecure warning.
 */
import { describe, expect, it } from "vitest";
import type { TransportSpec } from "../../src/budget/types.js";
import { proxyAuthHint, proxyHint } from "../../src/load/proxy-hint.js";
import { explainAlertResets, tlsAlertHint } from "../../src/load/tls-alert-hint.js";
import { tlsHint } from "../../src/load/tls-hint.js";
import { transportUsed } from "../../src/load/transport-used.js";
import { mergeTransport } from "../../src/metrics/transport.js";
import { describeTransport } from "../../src/render/transport-line.js";
import { transportWarnings } from "../../src/report/transport-warnings.js";
import type { MeasuredScenario } from "../../src/report/types.js";
import { makePlan } from "./plan.js";

const origin = "https://10.0.0.5:8443";
const tlsError = (code: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe("tlsHint", () => {
  it.each([
    [
      tlsError(
        "DEPTH_ZERO_SELF_SIGNED_CERT",
        "self-signed certificate; if the root CA is installed locally, try running Node.js with --use-system-ca",
      ),
      undefined,
      `certificate of ${origin} is not trusted (self-signed certificate): set tls.ca to its CA file, or tls.insecure: true for a staging endpoint`,
    ],
    [
      tlsError("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"),
      { http2: false, tls: { insecure: false, ca: "pem" } },
      `certificate of ${origin} is not trusted (unable to verify the first certificate): tls.ca does not hold the CA that signed it: set tls.ca to that CA's file (or the certificate itself, if self-signed)`,
    ],
    [
      tlsError("CERT_HAS_EXPIRED", "certificate has expired"),
      undefined,
      `certificate of ${origin} is not valid now (certificate has expired): renew it, or set tls.insecure: true for a staging endpoint`,
    ],
    [
      tlsError("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames", {
        cert: { subjectaltname: "DNS:api.internal" },
      }),
      undefined,
      `certificate of ${origin} is not for 10.0.0.5 (it names DNS:api.internal): set tls.servername to a name the certificate holds, or target that name`,
    ],
    [tlsError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.5:8443"), undefined, undefined],
  ])("%s", (error, transport, expected) => {
    expect(tlsHint(error, origin, transport)).toBe(expected);
  });
});

describe("transportUsed", () => {
  it("says nothing for plain http/1.1 without a proxy (reports stay as they were)", () => {
    expect(transportUsed(makePlan("http://127.0.0.1:1"), new Set(["http/1.1"]))).toBeUndefined();
    expect(transportUsed(makePlan("http://127.0.0.1:1"), new Set())).toBeUndefined();
  });

  it("names the protocol, the TLS verification and the proxy without its credentials", () => {
    const plan = {
      ...makePlan("https://api.example.com"),
      transport: {
        http2: true,
        tls: { insecure: true },
        proxy: { kind: "url", url: "http://u:p@proxy:3128" },
      },
    } as const;
    expect(transportUsed(plan, new Set(["h2"]))).toEqual({
      protocol: "h2",
      tls: "not verified",
      proxy: "http://proxy:3128",
    });
    expect(transportUsed(plan, new Set(["h2", "http/1.1"]))?.protocol).toBe("mixed");
    expect(transportUsed(makePlan("https://api.example.com"), new Set())).toEqual({ tls: "verified" });
  });
});

describe("mergeTransport (workers, shards, rounds)", () => {
  it("keeps what the parts agree on and says mixed where they differ", () => {
    expect(mergeTransport([undefined, undefined])).toBeUndefined();
    const h2 = { protocol: "h2", tls: "verified" };
    expect(mergeTransport([h2, h2])).toEqual(h2);
    expect(mergeTransport([h2, { protocol: "http/1.1", tls: "verified" }])).toEqual({
      protocol: "mixed",
      tls: "verified",
    });
    // A part that made no connection does not count for the protocol.
    expect(mergeTransport([h2, { tls: "verified" }])).toEqual(h2);
    expect(mergeTransport([{ protocol: "http/1.1", proxy: "http://p:1" }, undefined])).toEqual({
      protocol: "http/1.1",
      proxy: "mixed",
    });
  });
});

describe("describeTransport", () => {
  it.each([
    [undefined, null],
    [{ protocol: "h2", tls: "verified" }, "transport: h2 · TLS verified"],
    [{ protocol: "http/1.1", tls: "not verified" }, "transport: http/1.1 · TLS NOT verified (tls.insecure)"],
    [
      { protocol: "http/1.1", proxy: "http://proxy:3128" },
      "transport: http/1.1 · via proxy http://proxy:3128",
    ],
    [
      { protocol: "mixed", tls: "verified" },
      "transport: http/1.1 and h2 (connections differ) · TLS verified",
    ],
  ])("%j → %s", (transport, expected) => {
    expect(describeTransport(transport)).toBe(expected);
  });
});

describe("transportWarnings", () => {
  const scenario = (name: string, tls?: string) =>
    ({
      name,
      ...(tls === undefined ? {} : { transport: { protocol: "http/1.1", tls } }),
    }) as MeasuredScenario;
  it("names every scenario whose certificates were not verified, in one line", () => {
    expect(transportWarnings({ scenarios: [scenario("a", "verified"), scenario("b")] })).toEqual([]);
    expect(transportWarnings({ scenarios: [scenario("staging", "not verified")] })).toEqual([
      "scenario staging: TLS certificates are NOT verified (tls.insecure: true): a man-in-the-middle would go unnoticed; use tls.ca for a trusted run",
    ]);
    expect(
      transportWarnings({ scenarios: [scenario("a", "not verified"), scenario("b", "not verified")] })[0],
    ).toMatch(/^scenarios a, b: TLS certificates are NOT verified/);
  });
});

describe("proxyHint", () => {
  const proxy = "http://alice:secret-pw@10.0.0.1:3128";
  it.each([
    [
      tlsError("ECONNREFUSED", "connect ECONNREFUSED 10.0.0.1:3128"),
      "proxy http://10.0.0.1:3128 cannot be reached (connect ECONNREFUSED 10.0.0.1:3128): check proxy: or HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none",
    ],
    [
      tlsError("UND_ERR_ABORTED", "Proxy response (407) !== 200 when HTTP Tunneling"),
      "proxy http://10.0.0.1:3128 refused the credentials in its URL (it answered 407 Proxy Authentication Required to CONNECT): check the user and password in proxy: or HTTPS_PROXY",
    ],
    [
      tlsError("UND_ERR_PRX_CONN", "Proxy Connection failed", { cause: new Error("other side closed") }),
      `proxy http://10.0.0.1:3128 closed the connection instead of answering CONNECT to ${origin} (other side closed): check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`,
    ],
    [
      tlsError("UND_ERR_PRX_TLS", "Secure Proxy Connection failed", {
        cause: new Error("Hostname/IP does not match certificate's altnames"),
      }),
      "proxy http://10.0.0.1:3128 cannot be reached (Secure Proxy Connection failed: Hostname/IP does not match certificate's altnames): check proxy: or HTTPS_PROXY / HTTP_PROXY, or bypass it for this host with NO_PROXY or proxy: none",
    ],
    [
      tlsError("UND_ERR_ABORTED", "Proxy response (502) !== 200 when HTTP Tunneling"),
      `proxy http://10.0.0.1:3128 refused to connect to ${origin} (it answered 502 to CONNECT): check that the proxy may reach the target, or bypass it with NO_PROXY or proxy: none`,
    ],
    [tlsError("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"), undefined],
  ])("%s", (error, expected) => {
    const hint = proxyHint(error, proxy, origin);
    expect(hint).toBe(expected);
    expect(hint ?? "").not.toContain("secret-pw");
    expect(hint ?? "").not.toContain("alice");
  });
});

describe("proxyAuthHint", () => {
  it.each([
    [
      "http://10.0.0.1:3128",
      false,
      "",
      "proxy http://10.0.0.1:3128 asks for credentials (it answered 407 Proxy Authentication Required): put them in the proxy URL (proxy: http://user:password@host:port, or HTTP_PROXY)",
    ],
    [
      "http://10.0.0.1:3128",
      true,
      " to CONNECT",
      "proxy http://10.0.0.1:3128 asks for credentials (it answered 407 Proxy Authentication Required to CONNECT): put them in the proxy URL (proxy: http://user:password@host:port, or HTTPS_PROXY)",
    ],
    [
      "http://alice@10.0.0.1:3128",
      false,
      "",
      "proxy http://10.0.0.1:3128 refused the credentials in its URL (it answered 407 Proxy Authentication Required): check the user and password in proxy: or HTTP_PROXY",
    ],
  ])("%s (https target: %s)", (proxy, https, to, expected) => {
    expect(proxyAuthHint(proxy, https, to)).toBe(expected);
  });
});

describe("tlsAlertHint", () => {
  const cert: TransportSpec = { http2: false, tls: { cert: "PEM", key: "PEM", insecure: false } };
  it.each([
    [
      "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      undefined,
      `server at ${origin} requires a client certificate (TLS alert: certificate required): set tls.cert and tls.key`,
    ],
    [
      "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE",
      undefined,
      `server at ${origin} refused the TLS handshake (TLS alert: handshake failure): if it requires a client certificate, set tls.cert and tls.key`,
    ],
    [
      "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
      cert,
      `server at ${origin} does not accept the client certificate (TLS alert: unknown ca): set tls.cert to one signed by a CA the server trusts`,
    ],
    // With a certificate set, "certificate required" cannot be about a missing one.
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", cert, undefined],
    ["ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", undefined, undefined],
    ["ECONNRESET", undefined, undefined],
  ])("%s (transport %j)", (code, transport, expected) => {
    expect(tlsAlertHint(code, origin, transport)).toBe(expected);
  });
});

describe("explainAlertResets", () => {
  const reset = { kind: "reset", message: "SocketError: other side closed", code: "UND_ERR_SOCKET" } as const;
  const status = { kind: "http_5xx", message: "HTTP 503 response: busy", status: 503 } as const;
  const required = new Set(["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"]);
  it("leads a reset's sample with the alert's hint, and leaves other samples alone", () => {
    const [r, s] = explainAlertResets([reset, status], new URL(origin), undefined, required);
    expect(r?.message).toBe(
      `server at ${origin} requires a client certificate (TLS alert: certificate required): set tls.cert and tls.key; SocketError: other side closed`,
    );
    expect(s).toBe(status);
  });
  it.each([
    ["no alert was seen", origin, new Set<string>()],
    ["plain http (no TLS, no alert can be meant)", "http://10.0.0.5:8080", required],
    ["an alert with nothing to say", origin, new Set(["ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION"])],
  ])("keeps the samples as they are when %s", (_what, url, alerts) => {
    const samples = [reset];
    expect(explainAlertResets(samples, new URL(url), undefined, alerts)).toBe(samples);
  });
});
