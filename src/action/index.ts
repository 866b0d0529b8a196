/** Entry point of the GitHub Action (bundled into dist/index.js). */
import { isMainThread } from "node:worker_threads";
import { run } from "./run.js";

// The bundle is also the script of `load.workers` threads (load/worker-pool.ts serves them as it
// loads): only the main thread runs the action. run() reports every failure through
// core.setFailed itself and never rejects.
if (isMainThread) await run();
