/**
 * Reads a HAR 1.2 file (a browser's "Save all as HAR", Playwright's `recordHar`, a proxy's export)
 * into typed, read-only entries. Only what a budget needs is read, and only that is required:
 * `log.entries[].request.method` and `.url`; the rest falls back to empty. A file that is not a
 * HAR gets one located line (`file:line:col path: what, expected, found`) and never a quote of
 * the file, which holds cookies and tokens.
 */

import { formatPath, type KeyPath, locate, parseYaml } from "../budget/yaml-source.js";
import { formatProblem, InputError } from "../errors.js";
import { findJsonError } from "./json-error.js";

/** One request or response header, as recorded (names keep the recorded case). */
export interface HarHeader {
  readonly name: string;
  readonly value: string;
}

/** A recorded request body. `text` is absent when the recorder kept only `params` (or nothing). */
export interface HarPostData {
  readonly mimeType: string;
  readonly text?: string;
  /** Form fields (`application/x-www-form-urlencoded`, `multipart/form-data`) when there is no text. */
  readonly params: readonly HarHeader[];
}

/** One recorded exchange. */
export interface HarEntry {
  /** Its index in `log.entries`, for messages. */
  readonly index: number;
  /** ISO 8601 start time; "" when the recorder left it out. */
  readonly startedDateTime: string;
  readonly method: string;
  /** The absolute URL, as recorded (percent-encoding kept). */
  readonly url: string;
  readonly headers: readonly HarHeader[];
  readonly postData?: HarPostData;
  /** The response's `content.mimeType` (lower-case, without parameters); "" when unknown. */
  readonly responseMimeType: string;
  /** The response body when it is JSON and the recorder kept it (capture hints read it). */
  readonly responseJson?: string;
  /** Chromium's `_resourceType` (`document`, `script`, `image`, `fetch` …), when recorded. */
  readonly resourceType?: string;
}

/** A HAR file as perf-gate reads it. */
export interface Har {
  /** Entries in file order. */
  readonly entries: readonly HarEntry[];
  /** `log.pages[].title` in file order (a browser writes the page's title or its URL). */
  readonly pageTitles: readonly string[];
}

/**
 * Parses the text of a HAR file.
 * @param file the path as the user wrote it, used in every message
 * @throws InputError (exit 2) with one line `file:line:col path: message` when the text is not
 *   JSON, not a HAR, or a HAR without entries
 */
export function parseHar(text: string, file: string): Har {
  // Some Windows tools write a byte-order mark, which JSON.parse rejects.
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    const error = findJsonError(source) ?? { offset: 0, message: "invalid JSON" };
    const { line, col } = lineCol(source, error.offset);
    throw new InputError(
      formatProblem({ file, line, col, path: "", message: `not a HAR file: invalid JSON: ${error.message}` }),
    );
  }
  const fail = (path: KeyPath, message: string): never => {
    // Positions are only needed on this path, so the file is parsed again (JSON is YAML) to find them.
    const { line, col } = locate(parseYaml(source), path, "value");
    throw new InputError(formatProblem({ file, line, col, path: formatPath(path), message }));
  };
  const log = isMap(data) ? data.log : undefined;
  if (!isMap(log)) {
    return fail(
      [],
      `not a HAR file: expected a JSON object with a "log" object (HAR 1.2, as a browser's "Save all as HAR" writes), found ${describe(data)}`,
    );
  }
  if (!Array.isArray(log.entries)) {
    return fail(
      ["log"],
      `not a HAR file: expected "entries", a list of requests, found ${describe(log.entries)}`,
    );
  }
  if (log.entries.length === 0) {
    return fail(
      ["log", "entries"],
      "the recording has no requests: record again, with the page's requests in it",
    );
  }
  const entries = log.entries.map((raw, index) => readEntry(raw, ["log", "entries", index], fail));
  const pages = Array.isArray(log.pages) ? log.pages : [];
  const pageTitles = pages.flatMap((p) => (isMap(p) && typeof p.title === "string" ? [p.title] : []));
  return { entries, pageTitles };
}

type Fail = (path: KeyPath, message: string) => never;

function readEntry(raw: unknown, path: KeyPath, fail: Fail): HarEntry {
  if (!isMap(raw))
    return fail(path, `expected an entry (a map with request and response), found ${describe(raw)}`);
  const request = raw.request;
  if (!isMap(request)) return fail([...path, "request"], `expected a map, found ${describe(request)}`);
  const method = request.method;
  if (typeof method !== "string" || method === "") {
    return fail(
      [...path, "request", "method"],
      `expected the HTTP method as text, found ${describe(method)}`,
    );
  }
  const url = request.url;
  if (typeof url !== "string" || !URL.canParse(url)) {
    return fail([...path, "request", "url"], `expected an absolute URL, found ${describe(url)}`);
  }
  const response = isMap(raw.response) ? raw.response : {};
  const content = isMap(response.content) ? response.content : {};
  const mime = typeof content.mimeType === "string" ? content.mimeType : "";
  const postData = readPostData(request.postData);
  const responseJson = readJsonContent(content, mime);
  return {
    index: path.at(-1) as number,
    startedDateTime: typeof raw.startedDateTime === "string" ? raw.startedDateTime : "",
    method,
    url,
    headers: readPairs(request.headers),
    ...(postData ? { postData } : {}),
    responseMimeType: mime.split(";")[0]?.trim().toLowerCase() ?? "",
    ...(responseJson !== undefined ? { responseJson } : {}),
    ...(typeof raw._resourceType === "string" ? { resourceType: raw._resourceType } : {}),
  };
}

function readPostData(raw: unknown): HarPostData | undefined {
  if (!isMap(raw)) return undefined;
  return {
    mimeType: typeof raw.mimeType === "string" ? raw.mimeType : "",
    ...(typeof raw.text === "string" ? { text: raw.text } : {}),
    params: readPairs(raw.params),
  };
}

/** `content.text` of a JSON response (base64-decoded when the recorder encoded it). */
function readJsonContent(content: Record<string, unknown>, mime: string): string | undefined {
  const base = mime.split(";")[0]?.trim().toLowerCase() ?? "";
  if (typeof content.text !== "string" || !(base === "application/json" || base.endsWith("+json"))) {
    return undefined;
  }
  return content.encoding === "base64" ? Buffer.from(content.text, "base64").toString("utf8") : content.text;
}

/** `[{ name, value }]` lists; items without a text name are dropped, a missing value is "". */
function readPairs(raw: unknown): HarHeader[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) =>
    isMap(item) && typeof item.name === "string"
      ? [{ name: item.name, value: typeof item.value === "string" ? item.value : String(item.value ?? "") }]
      : [],
  );
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A found value by kind only: the file's strings may be secrets. */
function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isMap(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const shown = keys.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 30)));
    return `an object with keys ${shown.join(", ")}${keys.length > 5 ? " …" : ""}`;
  }
  return typeof value === "string" ? "text" : `a ${typeof value}`;
}

/** 1-based line and column of a UTF-16 offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
