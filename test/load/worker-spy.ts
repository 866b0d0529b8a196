/**
 * Collects every `Worker` this thread creates from now on (each one's first `on` call, which the
 * pool makes as it starts a thread), for tests that count a pool's threads or their listeners.
 */
import { Worker } from "node:worker_threads";
import { vi } from "vitest";

/** The workers seen so far, and `restore()` to stop watching. */
export function spyWorkers(): { readonly workers: Worker[]; restore(): void } {
  const workers: Worker[] = [];
  const on = Worker.prototype.on;
  const spy = vi.spyOn(Worker.prototype, "on").mockImplementation(function (
    this: Worker,
    ...args: Parameters<Worker["on"]>
  ) {
    if (!workers.includes(this)) workers.push(this);
    return on.apply(this, args);
  });
  return { workers, restore: () => spy.mockRestore() };
}
