import { ERROR_KINDS } from "./error-kinds.js";
import { type ErrorSample, SAMPLE_RAW_CHARS } from "./types.js";

/**
 * Error samples kept per scenario in all: enough to show what broke (several kinds at once, e.g.
 * refused connections and 503 bodies) without growing with the run.
 */
export const MAX_ERROR_SAMPLES = 8;
/** Samples kept per error kind: the first of a kind, and one more in case the first is atypical. */
export const MAX_SAMPLES_PER_KIND = 2;

/** `text` cut to `SAMPLE_RAW_CHARS` characters, with "…" when it was longer. */
export function rawExcerpt(text: string): string {
  return text.length > SAMPLE_RAW_CHARS ? `${text.slice(0, SAMPLE_RAW_CHARS)}…` : text;
}

/**
 * The first few failures worth showing in full, at most `MAX_SAMPLES_PER_KIND` of a kind and
 * `MAX_ERROR_SAMPLES` in all. Messages are kept RAW (up to `SAMPLE_RAW_CHARS` characters): the
 * report redacts secrets first and only then cuts what it shows. Callers ask `wants` before they
 * build a message, so a run of a million failures builds only the few strings it keeps.
 */
export class ErrorSamples {
  readonly samples: ErrorSample[] = [];
  private readonly perKind = new Uint8Array(ERROR_KINDS.length);

  /** True while a failure of kind index `kindIndex` (see `ERROR_KINDS`) would still be kept. */
  wants(kindIndex: number): boolean {
    return this.samples.length < MAX_ERROR_SAMPLES && (this.perKind[kindIndex] ?? 0) < MAX_SAMPLES_PER_KIND;
  }

  /** Keeps a sample when `wants(kindIndex)`; the message is cut to `SAMPLE_RAW_CHARS`. */
  add(kindIndex: number, message: string, code?: string, status?: number): void {
    if (!this.wants(kindIndex)) return;
    this.perKind[kindIndex] = (this.perKind[kindIndex] ?? 0) + 1;
    const sample: { -readonly [K in keyof ErrorSample]: ErrorSample[K] } = {
      kind: ERROR_KINDS[kindIndex] ?? "other",
      message: rawExcerpt(message),
    };
    if (code !== undefined) sample.code = code;
    if (status !== undefined && status > 0) sample.status = status;
    this.samples.push(sample);
  }
}
