// TEMPORARY: stand-ins for the template/data/checks modules being written on other branches.
// Deleted at merge; never committed to main as is.
import type { CaptureSpec, CheckSpec, ResponseView } from "../checks/types.js";
import type { DataSet } from "../data/types.js";
import type { TemplateValue } from "../template/types.js";

export function requestRandom(seed: number, seq: number): () => number {
  let a = (seed ^ Math.imul(seq + 1, 0x9e3779b1)) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export function rowAt(data: DataSet, seq: number): TemplateValue {
  return data.rows[seq % data.rows.length] ?? null;
}
export function uniqueMarker(nonce: string, seq: number): string {
  return `[${nonce}-${seq.toString(36)}] `;
}
export function withUniquePrefix(body: TemplateValue, marker: string): TemplateValue {
  const b = body as { messages?: { role: string; content: string }[] };
  const m = b.messages?.find((x) => x.role === "user");
  if (m) m.content = marker + m.content;
  return body;
}
export interface CompiledCheck {
  readonly needsBody: boolean;
  readonly needsHeaders: boolean;
  readonly needsStream: boolean;
  evaluate(view: ResponseView): string | null;
}
export function compileCheck(spec: CheckSpec): CompiledCheck {
  const rule = spec.rule;
  return {
    needsBody: rule.kind === "body" || rule.kind === "json",
    needsHeaders: rule.kind === "header",
    needsStream: rule.kind === "stream",
    evaluate(view) {
      if (rule.kind === "status") return rule.statuses.includes(view.status) ? null : `status ${view.status}`;
      if (rule.kind === "body" && rule.contains !== undefined)
        return view.body?.includes(rule.contains) ? null : "body does not contain";
      return null;
    },
  };
}
export interface CompiledCapture {
  readonly needsBody: boolean;
  readonly needsHeaders: boolean;
  extract(view: ResponseView): string | undefined;
}
export function compileCapture(spec: CaptureSpec): CompiledCapture {
  const from = spec.from;
  return {
    needsBody: from.kind !== "header",
    needsHeaders: from.kind === "header",
    extract(view) {
      if (from.kind === "header") return view.headers[from.header];
      if (from.kind === "json") {
        try {
          const v = (JSON.parse(view.body ?? "") as Record<string, unknown>)[from.jsonPath.slice(2)];
          return v === undefined || v === null ? undefined : String(v);
        } catch {
          return undefined;
        }
      }
      const m = new RegExp(from.source, from.flags).exec(view.body ?? "");
      return m ? (m[1] ?? m[0]) : undefined;
    },
  };
}
