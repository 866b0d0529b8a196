import { describe, expect, it } from "vitest";
import { isStaticAsset, selectEntries } from "../../src/har/filter.js";
import { type HarEntry, parseHar } from "../../src/har/parse-har.js";
import { type EntrySketch, harText } from "./har-builder.js";

function entries(sketches: readonly EntrySketch[]): readonly HarEntry[] {
  return parseHar(harText(sketches), "t.har").entries;
}

function one(sketch: EntrySketch): HarEntry {
  const [entry] = entries([sketch]);
  if (!entry) throw new Error("no entry");
  return entry;
}

describe("isStaticAsset", () => {
  it.each<[string, EntrySketch, boolean]>([
    ["a style sheet by MIME type", { url: "http://h/s", mime: "text/css" }, true],
    ["a script by MIME type", { url: "http://h/bundle", mime: "application/javascript" }, true],
    ["an image by MIME type", { url: "http://h/i", mime: "image/webp" }, true],
    ["a font by MIME type", { url: "http://h/f", mime: "font/woff2" }, true],
    ["a video by MIME type", { url: "http://h/v", mime: "video/mp4" }, true],
    ["a source map by extension", { url: "http://h/app.js.map", mime: "application/json" }, true],
    ["a script by extension", { url: "http://h/app.mjs?v=3", mime: "" }, true],
    ["a favicon", { url: "http://h/favicon.ico", mime: "text/html" }, true],
    ["an image by Chromium's resource type", { url: "http://h/x", mime: "", resourceType: "image" }, true],
    ["an API call", { url: "http://h/api/items", mime: "application/json", resourceType: "fetch" }, false],
    ["the HTML page", { url: "http://h/index.html", mime: "text/html", resourceType: "document" }, false],
    ["a POST to a .js path", { method: "POST", url: "http://h/upload.js", mime: "text/javascript" }, false],
  ])("%s → %s", (_what, sketch, expected) => {
    expect(isStaticAsset(one(sketch))).toBe(expected);
  });
});

describe("selectEntries", () => {
  it("keeps the most frequent origin's requests and counts the rest by reason", () => {
    const selection = selectEntries(
      entries([
        { url: "http://cdn.test/app.css", mime: "text/css" },
        { url: "http://api.test:8080/a" },
        { url: "http://other.test/ping" },
        {
          method: "OPTIONS",
          url: "http://api.test:8080/b",
          headers: { "Access-Control-Request-Method": "POST" },
        },
        { method: "POST", url: "http://api.test:8080/b" },
        { url: "data:image/png;base64,AAAA", mime: "image/png" },
        { method: "CONNECT", url: "http://api.test:8080/" },
        { url: "http://other.test/ping" },
        { url: "http://third.test/x" },
        { method: "OPTIONS", url: "http://api.test:8080/c" },
      ]),
      { includeStatic: false },
    );
    expect(selection.origin).toBe("http://api.test:8080");
    expect(selection.kept.map((e) => `${e.method} ${e.url}`)).toEqual([
      "GET http://api.test:8080/a",
      "POST http://api.test:8080/b",
      // An OPTIONS without access-control-request-method is the app's own, not a preflight.
      "OPTIONS http://api.test:8080/c",
    ]);
    expect(selection).toMatchObject({ staticCount: 1, preflightCount: 1, unsupportedCount: 2 });
    expect(selection.otherOrigins).toEqual([
      ["http://other.test", 2],
      ["http://third.test", 1],
    ]);
  });

  it("keeps static assets with includeStatic, and picks the first origin seen on a tie", () => {
    const list = entries([
      { url: "http://a.test/app.css", mime: "text/css" },
      { url: "http://b.test/x" },
      { url: "http://a.test/x" },
    ]);
    expect(selectEntries(list, { includeStatic: true }).origin).toBe("http://a.test");
    expect(selectEntries(list, { includeStatic: false }).origin).toBe("http://b.test");
  });

  it("orders the steps by start time, not by file order", () => {
    const selection = selectEntries(
      entries([
        { url: "http://h/second", startedDateTime: "2026-01-01T00:00:02.000Z" },
        { url: "http://h/first", startedDateTime: "2026-01-01T00:00:01.000Z" },
        { url: "http://h/third", startedDateTime: "2026-01-01T00:00:02.000Z" },
      ]),
      { includeStatic: false },
    );
    expect(selection.kept.map((e) => new URL(e.url).pathname)).toEqual(["/first", "/second", "/third"]);
  });

  it("leaves nothing when every request is static", () => {
    const selection = selectEntries(entries([{ url: "http://h/a.png", mime: "image/png" }]), {
      includeStatic: false,
    });
    expect(selection).toMatchObject({ origin: "", kept: [], staticCount: 1 });
  });
});
