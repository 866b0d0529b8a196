/**
 * Which recorded requests become steps. A page load is mostly the browser's business (styles,
 * scripts, images, fonts, CORS preflights) and requests to other services (analytics, CDNs); the
 * budget is about one API, so it keeps the requests of the recording's main origin, in the order
 * they were sent, and counts what it skipped so the budget can say so.
 */
import { HTTP_METHODS } from "../budget/schema.js";
import type { HarEntry } from "./parse-har.js";

/** What `selectEntries` may keep. */
export interface FilterOptions {
  /** Keep static assets too (`--include-static`). */
  readonly includeStatic: boolean;
}

/** The entries that become steps, their origin, and counts of what was left out. */
export interface Selection {
  /** `scheme://host[:port]` of the kept entries: the most frequent origin of the candidates. */
  readonly origin: string;
  /** Entries of `origin`, in the order they started. */
  readonly kept: readonly HarEntry[];
  /** Static assets (of any origin) left out. */
  readonly staticCount: number;
  /** CORS preflights (`OPTIONS` with `access-control-request-method`): the browser's, not the app's. */
  readonly preflightCount: number;
  /** Not http(s) (`data:`, `blob:`, `ws:` …) or a method a budget cannot send (`CONNECT`, `TRACE`). */
  readonly unsupportedCount: number;
  /** Other origins and how many of their (non-static) requests were left out, most first. */
  readonly otherOrigins: readonly (readonly [origin: string, count: number])[];
}

const STATIC_RESOURCE_TYPES = new Set([
  "image",
  "stylesheet",
  "script",
  "font",
  "media",
  "texttrack",
  "manifest",
]);

const STATIC_MIME_PREFIXES = [
  "image/",
  "font/",
  "audio/",
  "video/",
  "application/font-",
  "application/x-font-",
];

const STATIC_MIMES = new Set([
  "text/css",
  "text/javascript",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "text/ecmascript",
  "application/wasm",
  "application/vnd.ms-fontobject",
  "application/manifest+json",
]);

const STATIC_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif webp avif svg ico bmp tif tiff woff woff2 ttf otf eot css js mjs cjs map " +
    "mp4 webm mp3 ogg oga wav m4a flac wasm"
  ).split(" "),
);

/**
 * Picks the steps of a recording: http(s) requests with a method a budget can send, minus CORS
 * preflights and (unless `includeStatic`) static assets, of the most frequent origin (on a tie,
 * the first seen), sorted by start time (a stable sort: entries without a time keep file order).
 * `origin` is "" and `kept` empty when nothing is left.
 */
export function selectEntries(entries: readonly HarEntry[], options: FilterOptions): Selection {
  let staticCount = 0;
  let preflightCount = 0;
  let unsupportedCount = 0;
  const byOrigin = new Map<string, HarEntry[]>();
  for (const entry of inStartOrder(entries)) {
    const url = new URL(entry.url);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !isSendable(entry.method)) {
      unsupportedCount++;
    } else if (isPreflight(entry)) {
      preflightCount++;
    } else if (!options.includeStatic && isStaticAsset(entry, url)) {
      staticCount++;
    } else {
      const list = byOrigin.get(url.origin) ?? [];
      list.push(entry);
      byOrigin.set(url.origin, list);
    }
  }
  // Map order is first-seen order, so the strict > keeps the first origin on a tie.
  let origin = "";
  let kept: HarEntry[] = [];
  for (const [o, list] of byOrigin) {
    if (list.length > kept.length) [origin, kept] = [o, list];
  }
  const otherOrigins = [...byOrigin]
    .filter(([o]) => o !== origin)
    .map(([o, list]) => [o, list.length] as const)
    .sort((a, b) => b[1] - a[1]);
  return { origin, kept, staticCount, preflightCount, unsupportedCount, otherOrigins };
}

/**
 * True for a GET or HEAD of a style sheet, script, image, font, media file, source map or
 * favicon: by Chromium's resource type, the response's MIME type or the path's extension. A
 * request with a body is never a static asset.
 */
export function isStaticAsset(entry: HarEntry, url: URL = new URL(entry.url)): boolean {
  const method = entry.method.toUpperCase();
  if (method !== "GET" && method !== "HEAD") return false;
  if (entry.resourceType !== undefined && STATIC_RESOURCE_TYPES.has(entry.resourceType)) return true;
  const mime = entry.responseMimeType;
  if (STATIC_MIMES.has(mime) || STATIC_MIME_PREFIXES.some((p) => mime.startsWith(p))) return true;
  const last = url.pathname.split("/").at(-1)?.toLowerCase() ?? "";
  if (last.startsWith("favicon") || last.startsWith("apple-touch-icon")) return true;
  const dot = last.lastIndexOf(".");
  return dot !== -1 && STATIC_EXTENSIONS.has(last.slice(dot + 1));
}

function isSendable(method: string): boolean {
  return (HTTP_METHODS as readonly string[]).includes(method.toUpperCase());
}

function isPreflight(entry: HarEntry): boolean {
  return (
    entry.method.toUpperCase() === "OPTIONS" &&
    entry.headers.some((h) => h.name.toLowerCase() === "access-control-request-method")
  );
}

/**
 * Entries by start time (a stable sort, so equal times keep file order). Recorders write them in
 * that order, but nothing in HAR 1.2 requires it; when any time is missing, file order is kept.
 */
function inStartOrder(entries: readonly HarEntry[]): readonly HarEntry[] {
  const times = entries.map((e) => Date.parse(e.startedDateTime));
  if (times.some(Number.isNaN)) return entries;
  const order = entries.map((_, i) => i).sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0));
  return order.map((i) => entries[i] as HarEntry);
}
