/** Entry point of the GitHub Action (bundled into dist/index.js). */
import { run } from "./run.js";

// run() reports every failure through core.setFailed itself and never rejects.
await run();
