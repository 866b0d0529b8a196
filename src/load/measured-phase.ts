import { GeneratorHealthMonitor } from "../metrics/generator-health.js";
import type { GeneratorHealth } from "../metrics/types.js";
import type { ByteMeter } from "./connections.js";

/**
 * What is observed about the measured phase as a whole rather than per request: bytes on the
 * wire (socket counters at its start subtracted from those at the end of the drain) and the
 * generator's own event-loop delay while it ran.
 */
export class MeasuredPhase {
  private readonly health = new GeneratorHealthMonitor();
  private started = false;
  private bytesAtStart = { received: 0, sent: 0 };
  private bytesAtEnd = { received: 0, sent: 0 };

  constructor(private readonly meter: ByteMeter) {}

  /** The measured phase began (idempotent). */
  begin(): void {
    if (this.started) return;
    this.started = true;
    this.bytesAtStart = this.meter.snapshot();
    this.health.start();
  }

  /** The measured phase is over: no more event-loop samples. */
  endSampling(): void {
    this.health.stop();
  }

  /** Every request has ended: take the final byte counts. */
  close(): void {
    this.bytesAtEnd = this.meter.snapshot();
  }

  /** Bytes received and sent during the measured phase and the drain; zero if it never began. */
  bytes(): { received: number; sent: number } {
    if (!this.started) return { received: 0, sent: 0 };
    return {
      received: this.bytesAtEnd.received - this.bytesAtStart.received,
      sent: this.bytesAtEnd.sent - this.bytesAtStart.sent,
    };
  }

  /** The generator's event-loop delay during the measured phase. */
  generatorHealth(): GeneratorHealth {
    return this.health.stop();
  }
}
