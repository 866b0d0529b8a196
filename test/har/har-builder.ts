/**
 * Small HAR 1.2 documents for table tests, and the recorded fixture's known facts. The fixture
 * (test/fixtures/har/app.har) is a real Chromium recording: see record-har.mjs beside it.
 */
import { readFileSync } from "node:fs";

/** Path of the browser-made recording. */
export const APP_HAR = "test/fixtures/har/app.har";

/** The fake secrets record-har.mjs put in the recording: none may reach a budget. */
export const APP_SECRETS = [
  "fake-session-7f3a9c2e1b",
  "fake-token-a1b2c3d4e5",
  "fake-api-key-9q8w7e6r",
  "fake-query-key-5d8e4f",
] as const;

/** The recording's text. */
export function appHarText(): string {
  return readFileSync(APP_HAR, "utf8");
}

/** One entry as a test writes it: a method and URL, and what else the case needs. */
export interface EntrySketch {
  readonly method?: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: { readonly mimeType: string; readonly text: string };
  readonly mime?: string;
  readonly resourceType?: string;
  readonly startedDateTime?: string;
}

/** A HAR 1.2 document (as text) with the given entries and page title. */
export function harText(entries: readonly EntrySketch[], title?: string): string {
  return JSON.stringify({
    log: {
      version: "1.2",
      creator: { name: "test", version: "1" },
      pages: title === undefined ? [] : [{ id: "p1", title, startedDateTime: "2026-01-01T00:00:00.000Z" }],
      entries: entries.map((e, i) => ({
        startedDateTime: e.startedDateTime ?? new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
        request: {
          method: e.method ?? "GET",
          url: e.url,
          httpVersion: "HTTP/1.1",
          headers: Object.entries(e.headers ?? {}).map(([name, value]) => ({ name, value })),
          queryString: [],
          cookies: [],
          ...(e.body ? { postData: { mimeType: e.body.mimeType, text: e.body.text } } : {}),
        },
        response: { status: 200, content: { size: 0, mimeType: e.mime ?? "application/json" } },
        ...(e.resourceType ? { _resourceType: e.resourceType } : {}),
      })),
    },
  });
}
