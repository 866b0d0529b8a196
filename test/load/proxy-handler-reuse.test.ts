/**
 * A slot is the undici handler of every request it sends. Through a forward proxy to an http
 * target, undici's proxy wrapper set `handler.onResponseStart` to a closure around the one it
 * found, so each request wrapped the previous request's wrapper: the chain grew by one per
 * request and was walked on every response, until the stack overflowed. Measured here as the
 * stack depth at which the slot's own `onResponseStart` runs: it must not grow with requests.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ByteMeter, connectionFactory } from "../../src/load/connections.js";
import { type CountingProxy, startCountingProxy } from "../fixtures/proxy-server.js";

let server: Server;
let proxy: CountingProxy;
let target = "";

beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = await startCountingProxy();
});
afterAll(async () => {
  await proxy?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

/** A reused handler, like a request slot: records the stack depth its onResponseStart runs at. */
class ReusedHandler implements Dispatcher.DispatchHandler {
  readonly depths: number[] = [];
  private done: (() => void) | null = null;
  private failed: ((error: Error) => void) | null = null;

  next(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.done = resolve;
      this.failed = reject;
    });
  }

  onRequestStart(): void {}
  onResponseStart(): void {
    this.depths.push((new Error().stack ?? "").split("\n").length);
  }
  onResponseData(): void {}
  onResponseEnd(): void {
    this.done?.();
  }
  onResponseError(_controller: unknown, error: Error): void {
    this.failed?.(error);
  }
}

describe("a slot reused through a forward proxy to an http target", () => {
  it("keeps the stack depth of its onResponseStart constant over 300 requests (was: one more wrapper per request)", async () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Number.POSITIVE_INFINITY;
    const url = new URL(target);
    const make = connectionFactory(url, 5_000, new ByteMeter(null), {
      http2: false,
      proxy: { kind: "url", url: proxy.url },
    });
    const dispatcher = make();
    const handler = new ReusedHandler();
    try {
      for (let i = 0; i < 300; i++) {
        const done = handler.next();
        dispatcher.dispatch({ method: "GET", path: "/" }, handler);
        await done;
      }
    } finally {
      Error.stackTraceLimit = limit;
      await dispatcher.destroy();
    }
    expect(proxy.seen.requests).toBe(300);
    expect(handler.depths).toHaveLength(300);
    // The same depth for the 300th response as for the 10th: no chain of wrappers.
    expect(handler.depths[299]).toBe(handler.depths[9]);
  }, 30_000);
});
