import { DEFAULTS } from "./parse-args.js";

/** The text of `perf-gate --help`. */
export const USAGE = `perf-gate: a load test with a YAML performance budget that passes or fails.

Usage:
  perf-gate run [budget=${DEFAULTS.budgetFile}] [--target URL] [--baseline-target URL] [--out FILE]
                [--scenario NAME] [--baseline FILE]... [--fail-on MODE] [--markdown FILE] [--workers N|auto]
                [--shard K/N [--start-at INSTANT]] [--no-color] [--quiet]
  perf-gate merge SHARD.json... [--out FILE] [--budget FILE] [--baseline FILE]... [--fail-on MODE]
                [--markdown FILE] [--no-color] [--quiet]
  perf-gate compare [BASE.json...] HEAD.json [--budget FILE] [--fail-on MODE] [--markdown FILE]
                [--no-color] [--quiet]
  perf-gate demo [--out FILE]
  perf-gate import-har recording.har [--out FILE] [--force] [--include-static]
  perf-gate --help | --version

Commands:
  run      Run the budget's scenarios one after another, print a report, write report.json.
  compare  Gate HEAD.json against BASE.json without sending a request: the thresholds recorded
           in HEAD, plus the regression and creep rules of --budget (without it there are none).
           The last file is HEAD; several BASE files are a history window (as --baseline).
           HEAD alone must hold its baseline side, measured side by side (baseline_target).
  merge    Merge the reports of \`run --shard\` (shard 1..N of one budget, all of them, each once,
           started together) into one report, exactly (histograms added, counts summed,
           timelines aligned on the wall clock), then gate it once, as \`run\` does: the
           thresholds of --budget (whose file must be the shards'), else those the shards
           recorded; --baseline as for run.
  demo     Start a built-in demo API on a free loopback port and run examples/perf-budget.yml
           against it (under a minute).
  import-har Write a budget from a HAR recording (a browser's "Save all as HAR", a proxy's
           export): one scenario whose steps replay the main origin's requests in order, static
           assets left out, cookies and credentials as \${VAR} placeholders it names. Printed,
           or written to --out (an existing file only with --force). Edit it before use.

Options:
  --target URL       Base URL to test, overriding the budget's \`target\`.
  --baseline-target URL
                     Also measure this base URL (the base branch's build), side by side with the
                     target in interleaved rounds (A B B A …); overrides \`baseline_target\`.
  -o, --out FILE     Where to write the report (default: ${DEFAULTS.outFile}). It is always
                     written: when thresholds fail and when the run is interrupted.
                     (import-har) Where to write the budget (default: print it).
  -s, --scenario N   Run only the scenario named N.
  --shard K/N        Run shard K of N (1 ≤ K ≤ N ≤ 256) of every scenario: every Nth arrival of
                     its schedule (open model), its share of the connections (closed model), its
                     own slice of the data rows. The report is that share only and gates nothing
                     (exit 0 unless the run itself failed): merge the N reports with
                     \`perf-gate merge\`. Start the shards together: merge refuses shards whose
                     scenario started more than half its duration apart (less than half the
                     window had the whole load). Not with capacity searches or baseline_target.
  --start-at INSTANT (with --shard) Start at this instant, the same for every shard, when no
                     matrix starts them together (several machines): ISO 8601 with its zone
                     (2026-12-01T21:30:00Z) or epoch milliseconds. The shard reads its budget,
                     files and setup first, then waits; its first scenario's schedule counts
                     from the instant. An instant more than 1 s past (then) or more than 1 h
                     ahead is an error (exit 2).
  --workers N|auto   Run each scenario's load in N worker threads (1 to 64), replacing the
                     budget's load.workers; auto: the cores available, one fewer when the
                     target is on loopback. 1: no thread. Not with capacity or side by side yet.
  --baseline FILE    A report.json to check the budget's regression rules against. A path that
                     does not exist is an error before anything is sent; a file that cannot be
                     used (corrupt, another budget): a warning, and the thresholds still gate.
                     Repeat it for a history window: the newest run (by startedAt) is the
                     baseline, the older ones add their run-to-run spread to the noise and the
                     budget's creep rules compare with the oldest.
  --fail-on MODE     What fails: any (default: thresholds, regressions, untrusted runs), strict
                     (any, and inconclusive regression checks), thresholds (thresholds and
                     untrusted runs), never (report only).
  --markdown FILE    Also write the summary as GitHub markdown (the action's job summary).
  --budget FILE      (compare) The budget whose regression rules apply. (merge) The budget the
                     shards ran: its thresholds and rules apply.
  --force            (import-har) Overwrite the --out file if it exists.
  --include-static   (import-har) Keep styles, scripts, images, fonts and media as steps.
  --no-color         Plain terminal output (also when NO_COLOR is set or stdout is not a TTY).
  -q, --quiet        No live progress and no terminal report; errors only.
  -h, --help         Show this help.
  -v, --version      Show the version.

Verdicts (the same in the terminal, report.json, the markdown and the exit code):
  pass        every threshold and regression rule held under the load that was asked for
  fail        a threshold failed, or a regression was found (beyond tolerance and not noise)
  untrusted   the run could not produce the asked-for load (dropped or late arrivals, a lagging
              generator) or got no ok response (nothing answered, every response failed);
              \`untrusted: warn\` in the budget's load (or defaults) makes that a warning
  incomplete  interrupted; the scenarios that never ran are listed as "not run"

Exit codes:
  0    pass
  1    fail or untrusted
  2    invalid input: the budget file, the flags, a missing --baseline, (compare) a report file,
       (import-har) the recording or an existing --out, or a Node.js older than perf-gate needs
  3    the run could not happen (for example the report could not be written)
  130  interrupted by SIGINT (Ctrl-C); 143 interrupted by SIGTERM (verdict incomplete;
       compare of a report that was interrupted exits 1)

Interrupting: the first Ctrl-C or SIGTERM stops the run, keeps what was measured, writes the
report with the verdict "incomplete" (and "incomplete": true) and exits 130 / 143. A second signal exits at once, without
writing the report.

Values substituted from the environment (\${VAR}) are secrets: they are masked as *** in
every line printed and in the report.
`;
