// TEMPORARY: stand-ins for the template/data/checks modules being written on other branches.
// Deleted at merge; never committed to main as is.
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
