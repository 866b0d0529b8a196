import type { ErrorKind } from "../metrics/types.js";
import { CLIENT_ERROR_FIXES } from "./classify.js";

/** What an error sample says about a transport error: its message and its errno / undici code. */
export interface TransportErrorSample {
  readonly message: string;
  readonly code?: string;
}

/**
 * The sample of a transport error undici reported (connect, reset, timeout, body, client_error,
 * other): the error's own message (e.g. `connect ECONNREFUSED 127.0.0.1:8080`) and its code, and
 * for the generator's own errors the fix. Built only when a sample is still wanted (error path).
 */
export function describeTransportError(kind: ErrorKind, error: Error): TransportErrorSample {
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === "string" ? raw : undefined;
  const fix = kind === "client_error" && code !== undefined ? CLIENT_ERROR_FIXES[code] : undefined;
  if (fix !== undefined) return { message: `${fix} (${error.message})`, code };
  // Errors without a code (undici's HTTPParserError) are told apart by their name.
  const named = error.name !== "Error" && !error.message.startsWith(error.name) ? `${error.name}: ` : "";
  const message = `${named}${error.message}`;
  return code === undefined ? { message } : { message, code };
}
