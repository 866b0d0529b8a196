import { GeneratorHealthMonitor } from "../metrics/generator-health.js";
import type { GeneratorHealth } from "../metrics/types.js";
import type { ByteMeter } from "./connections.js";

/** Bytes received and sent over some stretch of a run. */
export interface ByteCounts {
  readonly received: number;
  readonly sent: number;
}

const NONE: ByteCounts = { received: 0, sent: 0 };

/**
 * What is observed about the measured phase as a whole rather than per request: bytes on the
 * wire (socket counters at its start subtracted from those at the end of the window, and from
 * those at the end of the drain) and the generator's own event-loop delay while it ran.
 */
export class MeasuredPhase {
  private readonly health = new GeneratorHealthMonitor();
  private started = false;
  private bytesAtStart: ByteCounts = NONE;
  private bytesAtWindowEnd: ByteCounts | null = null;
  private bytesAtEnd: ByteCounts | null = null;

  constructor(private readonly meter: ByteMeter) {}

  /** The measured phase began (idempotent). */
  begin(): void {
    if (this.started) return;
    this.started = true;
    this.bytesAtStart = this.meter.snapshot();
    this.health.start();
  }

  /** The measured window is over (planned end or stop): no more event-loop samples; bytes so far. */
  endWindow(): void {
    this.health.stop();
    this.bytesAtWindowEnd ??= this.meter.snapshot();
  }

  /** Every request has ended: take the final byte counts. */
  close(): void {
    this.bytesAtWindowEnd ??= this.meter.snapshot();
    this.bytesAtEnd = this.meter.snapshot();
  }

  /** Bytes received and sent during the measured phase and the drain; zero if it never began. */
  bytes(): ByteCounts {
    return this.since(this.bytesAtEnd);
  }

  /** Bytes received and sent between the start and the end of the measured window (not the drain). */
  windowBytes(): ByteCounts {
    return this.since(this.bytesAtWindowEnd);
  }

  /** The protocols the run's connections negotiated (warm-up's included), once each. */
  protocols(): ReadonlySet<string> {
    return this.meter.protocols;
  }

  /** The TLS alerts the run's established connections were closed with (see `ByteMeter`). */
  tlsAlerts(): ReadonlySet<string> {
    return this.meter.tlsAlerts;
  }

  /** The generator's event-loop delay during the measured phase. */
  generatorHealth(): GeneratorHealth {
    return this.health.stop();
  }

  private since(end: ByteCounts | null): ByteCounts {
    if (!this.started || end === null) return NONE;
    return { received: end.received - this.bytesAtStart.received, sent: end.sent - this.bytesAtStart.sent };
  }
}
