import { describe, expect, it } from "vitest";
import { ArrivalQueue } from "../../src/load/arrival-queue.js";
import {
  buildStatusTable,
  classifyError,
  PROXY_REFUSED_CODE,
  STATUS_OK,
  STREAM_ERROR_CODE,
} from "../../src/load/classify.js";
import { describeTransportError } from "../../src/load/error-sample.js";
import { queueCapacity } from "../../src/load/open-model.js";
import { ERROR_KINDS } from "../../src/metrics/error-kinds.js";
import type { ErrorKind } from "../../src/metrics/types.js";

function outcome(expectStatus: number[], status: number): ErrorKind | "ok" {
  const v = buildStatusTable(expectStatus)[status] as number;
  return v === STATUS_OK ? "ok" : (ERROR_KINDS[v - 1] as ErrorKind);
}

describe("status classification", () => {
  it.each([
    [[], 200, "ok"],
    [[], 204, "ok"],
    [[], 302, "ok"],
    [[], 404, "http_4xx"],
    [[], 400, "http_4xx"],
    [[], 429, "rate_limited"],
    [[], 500, "http_5xx"],
    [[], 503, "http_5xx"],
    [[], 101, "unexpected_status"],
    [[201], 201, "ok"],
    [[201], 200, "unexpected_status"],
    [[201], 302, "unexpected_status"],
    [[201], 404, "http_4xx"],
    [[201], 429, "rate_limited"],
    [[404], 404, "ok"],
    [[200, 429], 429, "ok"],
  ] as const)("expect %j, status %i → %s", (expectStatus, status, kind) => {
    expect(outcome([...expectStatus], status)).toBe(kind);
  });
});

describe("transport error classification", () => {
  const err = (code: string): Error => Object.assign(new Error(code), { code });
  it.each([
    ["ECONNREFUSED", false, "connect"],
    ["ENOTFOUND", false, "connect"],
    ["UND_ERR_CONNECT_TIMEOUT", false, "connect"],
    ["UND_ERR_HEADERS_TIMEOUT", false, "timeout"],
    ["UND_ERR_BODY_TIMEOUT", true, "timeout"],
    ["UND_ERR_SOCKET", true, "reset"],
    ["ECONNRESET", false, "reset"],
    ["HPE_INVALID_CHUNK_SIZE", true, "body"],
    ["HPE_INVALID_CONSTANT", false, "other"],
    ["UND_ERR_RES_CONTENT_LENGTH_MISMATCH", true, "body"],
    ["SOMETHING_NEW", true, "other"],
    [STREAM_ERROR_CODE, true, "stream_error"],
    // The generator's own resources, not the server: EMFILE was `other` with no message.
    ["EMFILE", false, "client_error"],
    ["ENFILE", false, "client_error"],
    ["EADDRNOTAVAIL", false, "client_error"],
    ["ENOBUFS", true, "client_error"],
    // A forward proxy that refused the tunnel, closed it, or failed its own TLS: were `other`.
    [PROXY_REFUSED_CODE, false, "connect"],
    ["UND_ERR_PRX_CONN", false, "connect"],
    ["UND_ERR_PRX_TLS", false, "connect"],
    // TLS alerts from the server (mutual TLS without a certificate): were `other`.
    ["ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE", false, "connect"],
    ["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", false, "connect"],
    // An alert after the response began ends a connection that was made: a reset (was: connect).
    ["ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC", true, "reset"],
  ] as const)("%s (response started: %s) → %s", (code, started, kind) => {
    expect(classifyError(err(code), started)).toBe(kind);
  });

  it("recognises undici's HTTPParserError by name (its code is undefined in undici 8)", () => {
    const parserError = Object.assign(new Error("Invalid character in chunk size"), {
      name: "HTTPParserError",
    });
    expect(classifyError(parserError, true)).toBe("body");
    expect(classifyError(parserError, false)).toBe("other");
  });

  it("describes EMFILE as client_error with its errno and the fix (it was `other` with no message)", () => {
    const emfile = Object.assign(new Error("connect EMFILE 127.0.0.1:8080 - Local (undefined:undefined)"), {
      code: "EMFILE",
    });
    const sample = describeTransportError(classifyError(emfile, false), emfile);
    expect(sample.code).toBe("EMFILE");
    expect(sample.message).toContain(
      "too many open files (EMFILE): raise the file-descriptor limit (ulimit -n) or lower connections",
    );
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(describeTransportError("connect", refused)).toEqual({
      message: "connect ECONNREFUSED 127.0.0.1:1",
      code: "ECONNREFUSED",
    });
    const parser = Object.assign(new Error("Invalid character in chunk size"), { name: "HTTPParserError" });
    expect(describeTransportError("other", parser)).toEqual({
      message: "HTTPParserError: Invalid character in chunk size",
    });
  });

  it("counts an error without a code as other", () => {
    expect(classifyError(new Error("?"), true)).toBe("other");
    expect(classifyError(null, false)).toBe("other");
  });
});

describe("arrival queue", () => {
  it("holds due times first in, first out, refuses beyond its capacity and wraps around", () => {
    const q = new ArrivalQueue(3);
    expect([q.push(1), q.push(2), q.push(3), q.push(4)]).toEqual([true, true, true, false]);
    expect(q.shift()).toBe(1);
    expect(q.push(5)).toBe(true);
    expect([q.shift(), q.shift(), q.shift(), q.size]).toEqual([2, 3, 5, 0]);
  });

  it("counts a prefix below a limit across the wrap-around, and drops it in one step", () => {
    const q = new ArrivalQueue(4);
    for (const v of [1, 2, 3]) q.push(v);
    q.shift();
    q.shift();
    for (const v of [4, 5, 6]) q.push(v); // the ring now holds 3, 4, 5, 6 from index 2, wrapped
    expect([q.countBelow(3), q.countBelow(3, true), q.countBelow(5.5), q.countBelow(99)]).toEqual([
      0, 1, 3, 4,
    ]);
    q.dropOldest(3);
    expect([q.size, q.shift()]).toEqual([1, 6]);
  });

  it("is sized to 10 s of arrivals, at least one per connection, at most a million", () => {
    expect(queueCapacity(200, 4)).toBe(2000);
    expect(queueCapacity(0.01, 8)).toBe(8);
    expect(queueCapacity(1e9, 1)).toBe(1_000_000);
  });
});
