import { request } from "undici";
import { redactExcerpt } from "../budget/secrets.js";
import type { SetupSpec, TransportSpec } from "../budget/types.js";
import { compileCheck } from "../checks/evaluate-check.js";
import { compileCapture } from "../checks/extract-capture.js";
import type { DataSet } from "../data/types.js";
import { RunError } from "../errors.js";
import { buildStatusTable, STATUS_OK } from "./classify.js";
import { ByteMeter, connectionFactory, forwardProxyHint } from "./connections.js";
import { flatHeaders } from "./flow-slot.js";
import { IterationSource } from "./iteration-source.js";
import { RequestBuilder } from "./request-builder.js";

/** Characters of a failed setup response quoted in the error (secrets are masked on output). */
const SETUP_BODY_CHARS = 200;

/** What a setup request is sent with. */
export interface SetupContext {
  readonly scenario: string;
  /** The side's base URL (the target, or the baseline target side by side). */
  readonly base: URL;
  readonly seed: number;
  readonly data?: DataSet | undefined;
  /**
   * The budget's secrets (and values earlier setups captured). A failed response's body is cut
   * before it is quoted, and the output can only mask a secret it sees whole: the cut is made
   * here, masking a secret it splits. Without it, a server echoing the request (a password
   * from \${VAR}) showed the secret's first characters up to the cut.
   */
  readonly secrets?: readonly string[];
  /** The scenario's TLS, h2 and proxy settings: the setup request is sent as the load's are. */
  readonly transport?: TransportSpec | undefined;
}

/**
 * Sends a scenario's `setup:` request once, before any load, and returns what it captured
 * (`{{ setup.<name> }}`). It is never measured. It fails the run (a `RunError` naming the
 * scenario, the request, and what was wrong) when it cannot be sent, times out, answers a status
 * outside its expected ones, fails a check, or a capture finds nothing: every iteration would
 * otherwise run without the token or fixture it needs. Redirects are not followed.
 */
export async function runSetup(setup: SetupSpec, context: SetupContext): Promise<Record<string, string>> {
  const spec = setup.request;
  const what = `scenario "${context.scenario}": setup request ${spec.method} ${spec.path}`;
  // Its own random stream (the seed, salted): a {{ uuid }} in setup never repeats iteration 0's.
  const ctx = new IterationSource(setupSeed(context.seed), context.data, {}, { next: 0 }, false).next();
  const options = new RequestBuilder(context.base, spec, "setup").build(ctx);
  let status: number;
  let headers: Record<string, string>;
  let body: string;
  const url = new URL(options.path, context.base.origin);
  // One connection made like the load's (same trust, proxy and protocol), closed after.
  const dispatcher = connectionFactory(url, spec.timeoutMs, new ByteMeter(null), context.transport)();
  try {
    const response = await request(url, {
      dispatcher,
      method: options.method,
      headers: options.headers as string[],
      body: options.body as Buffer | null,
      signal: AbortSignal.timeout(spec.timeoutMs),
    });
    status = response.statusCode;
    headers = flatHeaders(response.headers);
    body = await response.body.text();
  } catch (error) {
    const reason =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${spec.timeoutMs} ms`
        : (error as Error).message;
    throw new RunError(`${what} failed: ${reason}; the load was not started`);
  } finally {
    await dispatcher.destroy();
  }
  const view = { status, headers, body };
  const ok = (buildStatusTable(spec.expectStatus)[status] ?? STATUS_OK) === STATUS_OK;
  if (!ok) {
    // A 407 through a forward proxy (http target) is the proxy's: say what it wants.
    const proxy = forwardProxyHint(status, dispatcher);
    const hint = proxy === undefined ? "" : `; ${proxy}`;
    throw new RunError(
      `${what} answered HTTP ${status}: ${redactExcerpt(body, SETUP_BODY_CHARS, context.secrets ?? [])}${hint}; the load was not started`,
    );
  }
  for (const check of spec.checks ?? []) {
    const why = compileCheck(check).evaluate(view);
    if (why !== null)
      throw new RunError(
        `${what}: check "${check.name}" (line ${check.line}) failed: ${why}; the load was not started`,
      );
  }
  const values: Record<string, string> = {};
  for (const capture of setup.capture) {
    const value = compileCapture(capture).extract(view);
    if (value === undefined || value === "") {
      throw new RunError(
        `${what}: capture "${capture.name}" (line ${capture.line}) found nothing in its response (HTTP ${status}); the load was not started`,
      );
    }
    values[capture.name] = value;
  }
  return values;
}

/** The seed of the setup request's random values: the scenario's, salted (32-bit). */
export function setupSeed(seed: number): number {
  return (seed ^ 0x5e7a9b1d) >>> 0;
}
