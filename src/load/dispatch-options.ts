import type { Dispatcher } from "undici";
import type { RequestSpec } from "../budget/types.js";
import { buildStatusTable, type StatusTable } from "./classify.js";

/** Everything about a scenario's request that is built once and reused for every request. */
export interface PreparedRequest {
  /** Passed as-is to every `dispatch`; undici does not mutate it. */
  readonly options: Dispatcher.DispatchOptions;
  readonly statusTable: StatusTable;
}

/**
 * Builds the request once: headers as a flat `[name, value, …]` list and the body as a Buffer, so
 * the hot path neither re-encodes a body nor walks a header object's keys. undici's own
 * headers/body timers are disabled (`0`): the engine enforces the whole-request timeout itself.
 */
export function buildDispatchOptions(url: URL, request: RequestSpec): PreparedRequest {
  const headers: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) headers.push(name, value);
  const options: Dispatcher.DispatchOptions = {
    method: request.method as Dispatcher.HttpMethod,
    path: `${url.pathname}${url.search}`,
    headers,
    body: request.body === undefined ? null : Buffer.from(request.body),
    headersTimeout: 0,
    bodyTimeout: 0,
  };
  return { options, statusTable: buildStatusTable(request.expectStatus) };
}
