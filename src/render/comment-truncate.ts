/**
 * Cutting markdown to a size without breaking what follows it: the cut falls on a line boundary,
 * and code fences and HTML blocks opened before the cut are closed after it, so a truncated
 * `<details>` never swallows the rest of the comment and a half chart never renders as code.
 */

/** The note appended where text was cut. */
export const TRUNCATION_NOTE = "…truncated; see the job summary for the full report.";

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const TAG = /<(\/?)(details|summary|table|sub|sup)\b[^>]*>/gi;

/** The closings needed after `lines`: an open fence first, then open tags innermost first. */
export function closingsFor(lines: readonly string[]): string[] {
  let fence: string | null = null;
  const open: string[] = [];
  for (const line of lines) {
    const m = FENCE.exec(line);
    if (fence !== null) {
      if (m?.[1]?.startsWith(fence[0] ?? "`") && (m[1]?.length ?? 0) >= fence.length) fence = null;
      continue;
    }
    if (m?.[1]) {
      fence = m[1];
      continue;
    }
    for (const [, slash, name] of line.matchAll(TAG)) {
      const tag = (name ?? "").toLowerCase();
      if (slash === "") open.push(tag);
      else if (open.at(-1) === tag) open.pop();
    }
  }
  return [...(fence === null ? [] : [fence]), ...open.reverse().map((tag) => `</${tag}>`)];
}

/**
 * `text` unchanged when it fits in `maxChars`; otherwise its longest prefix of whole lines that,
 * with the closings it needs and `TRUNCATION_NOTE`, fits. Lengths are UTF-16 code units, which is
 * never fewer than the characters GitHub counts. Returns "" when not even the note fits.
 */
export function truncateMarkdown(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const lines = text.split("\n");
  // Longest prefix first, by binary search over the line count: 300 scenarios are ~10k lines.
  let low = 0;
  let high = lines.length - 1;
  let best: string | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const candidate = cutAt(lines, mid);
    if (candidate.length <= maxChars) {
      best = candidate;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best ?? "";
}

function cutAt(lines: readonly string[], count: number): string {
  const kept = lines.slice(0, count);
  return [...kept, ...closingsFor(kept), "", TRUNCATION_NOTE].join("\n");
}
