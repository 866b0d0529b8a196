/**
 * The body of the sticky pull-request comment: a hidden marker (how the action finds its own
 * comment to update in place), a one-line verdict, what failed or regressed, and the full summary
 * collapsed in `<details>`. Kept under GitHub's size limit by truncating the details only.
 */
import type { GateResult } from "../gate/types.js";
import type { Report } from "../report/types.js";
import { renderStreamDigest } from "./comment-stream.js";
import { TRUNCATION_NOTE, truncateMarkdown } from "./comment-truncate.js";
import { listFailuresUpTo } from "./failure-list.js";
import { renderInconclusiveMarkdown } from "./inconclusive-text.js";
import { baselineLine, renderMarkdownSummary, type SummaryOptions } from "./markdown-summary.js";
import { markdownHeadline } from "./verdict-text.js";

/** GitHub rejects issue comments longer than this many characters. */
export const GITHUB_COMMENT_MAX_CHARS = 65_536;

/** At most this many failures are listed above the details; the rest are counted. */
const MAX_LISTED = 10;

/** Options of `renderComment`. */
export interface CommentOptions extends SummaryOptions {
  /** The hidden marker, from `commentMarker(budgetPath)`. */
  readonly marker: string;
  /** Upper bound on the body's length (default GitHub's 65,536). */
  readonly maxChars?: number;
}

/**
 * The hidden marker of the one comment per budget: `<!-- perf-gate:perf-budget.yml -->`. `--`
 * and `>` are escaped so a budget path can never end the HTML comment early.
 */
export function commentMarker(budgetPath: string): string {
  const safe = budgetPath.replace(/--/g, "-\\-").replace(/>/g, "&gt;");
  return `<!-- perf-gate:${safe} -->`;
}

/**
 * The comment body: marker, `### <verdict>: <reason>` (the report's, i.e. the gate's), the list
 * of failures (see `listFailures`), the inconclusive checks with what they do under `fail-on`
 * (by default they do not fail, and the comment says so), where the baseline came from
 * (`measured side by side, 12 rounds per side …`), a digest of the streamed scenarios (TTFT,
 * ITL, token rate vs baseline) when any streamed, then the full summary in `<details>`. Never longer than `maxChars`: the details are cut at a line boundary,
 * with open fences and tags closed and a note pointing at the job summary; then, if still too
 * long, the lists and the digest are dropped, then the baseline line; the marker and the verdict
 * always survive.
 * @throws RangeError when `maxChars` cannot hold even the marker and the verdict
 */
export function renderComment(report: Report, gate: GateResult, options: CommentOptions): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_MAX_CHARS;
  const head = [options.marker, `### ${markdownHeadline(report)}`];
  const list = listFailuresUpTo(report, gate, MAX_LISTED);
  const inconclusive = renderInconclusiveMarkdown(gate, MAX_LISTED);
  const digest = renderStreamDigest(report, gate, options.baseline ?? null);
  const extra = [
    ...(list.length > 0 ? ["", ...list] : []),
    ...(inconclusive.length > 0 ? ["", ...inconclusive] : []),
    "",
    baselineLine(report, gate),
    ...(digest.length > 0 ? ["", ...digest] : []),
  ];
  // The verdict, the lists and the baseline are above the details: inside they would be said twice.
  const summary = renderMarkdownSummary(report, gate, {
    ...options,
    failureList: false,
    headline: false,
    baselineLine: false,
  });
  const scenarios = report.scenarios.length;
  const open = `<details><summary>Full report: ${scenarios} scenario${scenarios === 1 ? "" : "s"}</summary>`;
  const close = "</details>";
  for (const top of [[...head, ...extra], [...head, "", baselineLine(report, gate)], head]) {
    const prefix = `${[...top, "", open, ""].join("\n")}\n`;
    // A blank line first: markdown right before a closing tag can swallow it into a paragraph.
    const suffix = `\n\n${close}\n`;
    const room = maxChars - prefix.length - suffix.length;
    const details = truncateMarkdown(summary.trimEnd(), room);
    if (details !== "") return `${prefix}${details}${suffix}`;
  }
  const bare = `${head.join("\n")}\n\n${TRUNCATION_NOTE}\n`;
  if (bare.length <= maxChars) return bare;
  const minimal = `${head.join("\n")}\n`;
  if (minimal.length <= maxChars) return minimal;
  throw new RangeError(
    `maxChars ${maxChars} cannot hold the marker and the verdict (${minimal.length} chars)`,
  );
}
