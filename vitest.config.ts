import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files that open no socket, start no server, process or worker thread, and assert no
 * timing: they run two at a time (the "unit" project). test/unit-guard.ts fails a listed file
 * that opens a socket or starts a process; timing assertions (performance.now, real timers) it
 * cannot see, so read a file before listing it. Every file not listed runs in the "load"
 * project, one file at a time: a new test is safe by default and fast once listed here.
 */
const UNIT_FILES = [
  "test/budget/default-load.test.ts",
  "test/action/action-yml.test.ts",
  "test/action/annotations.test.ts",
  "test/action/baseline.test.ts",
  "test/action/shard-artifacts.test.ts",
  "test/action/inputs.test.ts",
  "test/action/run-context.test.ts",
  "test/action/save-baseline.test.ts",
  "test/budget/abort-thresholds.test.ts",
  "test/budget/baseline-target-option.test.ts",
  "test/budget/bounds.test.ts",
  "test/budget/budget-use.test.ts",
  "test/budget/capacity.test.ts",
  "test/budget/capture-schema.test.ts",
  "test/budget/checks-schema.test.ts",
  "test/budget/credentials.test.ts",
  "test/budget/creep.test.ts",
  "test/budget/flows.test.ts",
  "test/budget/helpers-units.test.ts",
  "test/budget/json-schema.test.ts",
  "test/budget/load-budget.test.ts",
  "test/budget/metric-names.test.ts",
  "test/budget/parse-budget.test.ts",
  "test/budget/parse-errors.test.ts",
  "test/budget/readme-budget.test.ts",
  "test/budget/regression-schema.test.ts",
  "test/budget/secrets.test.ts",
  "test/budget/shape-examples.test.ts",
  "test/budget/side-by-side.test.ts",
  "test/budget/sse-errors.test.ts",
  "test/budget/stage-metric-names.test.ts",
  "test/budget/stream-errors.test.ts",
  "test/budget/usage-read.test.ts",
  "test/budget/stream.test.ts",
  "test/budget/workers.test.ts",
  "test/budget/transport.test.ts",
  "test/budget/read-error.test.ts",
  "test/load/transport-report.test.ts",
  "test/build-lib.test.ts",
  "test/checks/evaluate-check.test.ts",
  "test/checks/extract-capture.test.ts",
  "test/checks/json-path.test.ts",
  "test/cli/compare-rules.test.ts",
  "test/cli/live-progress.test.ts",
  "test/cli/node-version.test.ts",
  "test/cli/parse-args.test.ts",
  "test/data/parse-data-file.test.ts",
  "test/data/row-at.test.ts",
  "test/demo/stream-plan.test.ts",
  "test/gate/bootstrap.test.ts",
  "test/gate/capacity-compare.test.ts",
  "test/gate/capacity-creep.test.ts",
  "test/gate/compare-scenario-stream.test.ts",
  "test/gate/compare-scenario.test.ts",
  "test/gate/evaluate-gate-modes.test.ts",
  "test/gate/evaluate-gate.test.ts",
  "test/gate/evaluate-thresholds.test.ts",
  "test/gate/histogram-distribution.test.ts",
  "test/gate/metric-value.test.ts",
  "test/gate/no-data-reason.test.ts",
  "test/gate/paired-interval.test.ts",
  "test/gate/proportion-interval.test.ts",
  "test/gate/random-variates.test.ts",
  "test/gate/run-to-run.test.ts",
  "test/gate/stage-stream-metrics.test.ts",
  "test/gate/step-metrics.test.ts",
  "test/gate/student-t.test.ts",
  "test/gate/trust.test.ts",
  "test/gate/verdict-reason.test.ts",
  "test/har/filter.test.ts",
  "test/har/parse-har.test.ts",
  "test/har/placeholders.test.ts",
  "test/har/to-budget.test.ts",
  "test/load/abort-carry.test.ts",
  "test/load/abort-watch.test.ts",
  "test/load/anthropic-event.test.ts",
  "test/load/capacity-search.test.ts",
  "test/load/classify.test.ts",
  "test/load/generator-limit.test.ts",
  "test/load/openai-chunk.test.ts",
  "test/load/usage-counts.test.ts",
  "test/load/part.test.ts",
  "test/load/rounds.test.ts",
  "test/load/sse-event.test.ts",
  "test/load/sse-parser.test.ts",
  "test/load/stage-slice.test.ts",
  "test/load/staged-schedule.test.ts",
  "test/load/stream-reader.test.ts",
  "test/load/worker-codec.test.ts",
  "test/load/worker-count.test.ts",
  "test/load/worker-progress.test.ts",
  "test/metrics/catalogue.test.ts",
  "test/metrics/histogram.test.ts",
  "test/metrics/merge-results.test.ts",
  "test/metrics/phase-metrics.test.ts",
  "test/metrics/merge-stages.test.ts",
  "test/metrics/merge-steps.test.ts",
  "test/metrics/recorder.test.ts",
  "test/metrics/scenario-metrics.test.ts",
  "test/metrics/stage-timeline.test.ts",
  "test/metrics/stream-recorder.test.ts",
  "test/metrics/token-estimate.test.ts",
  "test/render/baseline-modes.test.ts",
  "test/render/capacity-text.test.ts",
  "test/render/comment-stream.test.ts",
  "test/render/comment-truncate.test.ts",
  "test/render/format.test.ts",
  "test/render/markdown-stream.test.ts",
  "test/render/markdown-summary.test.ts",
  "test/render/markdown-values.test.ts",
  "test/render/mermaid-chart.test.ts",
  "test/render/phase-text.test.ts",
  "test/render/pr-comment.test.ts",
  "test/render/progress-line.test.ts",
  "test/render/regression-section.test.ts",
  "test/render/scenario-metric.test.ts",
  "test/render/stage-chart.test.ts",
  "test/render/stream-section.test.ts",
  "test/render/stream-text.test.ts",
  "test/render/terminal-report.test.ts",
  "test/render/trend-chart.test.ts",
  "test/render/workers-load.test.ts",
  "test/render/workload-summary.test.ts",
  "test/render/workload-text.test.ts",
  "test/report/build-report.test.ts",
  "test/report/capacity-report-schema.test.ts",
  "test/report/definitions.test.ts",
  "test/report/merge-shard-trust.test.ts",
  "test/report/merge-shards-stream.test.ts",
  "test/report/round-stages-schema.test.ts",
  "test/report/side-by-side-report.test.ts",
  "test/report/slo-text.test.ts",
  "test/report/stage-timeline-schema.test.ts",
  "test/report/stream-report.test.ts",
  "test/report/summarize-histogram.test.ts",
  "test/report/workload-report.test.ts",
  "test/report/write-report.test.ts",
  "test/run-budget-workers.test.ts",
  "test/template/compile-json.test.ts",
  "test/template/compile-string.test.ts",
  "test/template/messages.test.ts",
  "test/template/problems.test.ts",
  "test/template/random.test.ts",
  "test/template/unique-prefix.test.ts",
];

/**
 * Test files that do start servers or processes but measure nothing: no timing, no load-test
 * figures (the fake GitHub API, npm pack and npx, a release script). They run beside the unit
 * files, two at a time, without the guard. "io" sorts before "unit", so the longest of them
 * (first-run, ~35 s of npm) starts first instead of last.
 */
const IO_FILES = [
  "test/action/baseline-artifact.test.ts",
  "test/action/baseline-history.test.ts",
  "test/action/release-workflow.test.ts",
  "test/action/sticky-comment.test.ts",
  "test/cli/first-run.test.ts",
];

const shared = { testTimeout: 30_000, hookTimeout: 30_000 };

export default defineConfig({
  test: {
    // lib/ is built once for every test that runs the built CLI or modules (test/build-lib.ts).
    // Only the root config names it: a project that inherited it would build lib/ again.
    globalSetup: ["test/build-lib.ts"],
    projects: [
      {
        test: {
          ...shared,
          name: "io",
          include: IO_FILES,
          // The same group as "unit" (groups run one after another, each with one maxWorkers).
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "unit",
          include: UNIT_FILES,
          setupFiles: ["test/unit-guard.ts"],
          // The machine has two cores; nothing else runs while this group does (groupOrder).
          maxWorkers: 2,
          // One module graph per worker instead of one process per file: these files' own tests
          // take ~30 s, and a fresh process per file cost ~1.5 s more each (132 s → 40 s).
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "load",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...UNIT_FILES, ...IO_FILES],
          // Load tests share two cores with the servers they measure: run files one at a time,
          // after the unit and io files have finished, so no other file's work distorts their
          // timings. (Each file keeps its own process: one file's leftovers, a timer, a socket,
          // a big heap to collect, never lands in another's measurements.)
          fileParallelism: false,
          // A load test that fails is run once more before it counts: its tolerances hold on a
          // busy 2-core machine, but a runner whose neighbour takes the CPU for a second can still
          // push one measurement past them (a closed-model count once read 320 against > 320). A
          // real regression fails both times; the reporter marks a test that needed the retry.
          retry: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
