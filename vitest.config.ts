import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // lib/ is built once for every test that runs the built CLI or modules (test/build-lib.ts).
    globalSetup: ["test/build-lib.ts"],
    // Load tests share two cores with the servers they measure: run files one at a time so one
    // file's traffic does not distort another file's timings.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
