import type { ErrorKind } from "./types.js";

/**
 * Every error kind, in a fixed order: the engine counts errors in an array indexed by this order
 * (no string keys on the hot path), and renderers list kinds in it.
 */
export const ERROR_KINDS: readonly ErrorKind[] = [
  "http_4xx",
  "http_5xx",
  "rate_limited",
  "unexpected_status",
  "timeout",
  "connect",
  "reset",
  "body",
  "stream_error",
  "check_failed",
  "capture_failed",
  "client_error",
  "other",
];

/** Index of each kind in `ERROR_KINDS`. */
export const ERROR_KIND_INDEX: Readonly<Record<ErrorKind, number>> = Object.fromEntries(
  ERROR_KINDS.map((kind, i) => [kind, i]),
) as Record<ErrorKind, number>;
