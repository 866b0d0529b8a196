/** Text styles for terminal output; identity functions when color is off. */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

function sgr(open: number, close: number): (text: string) => string {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const plain = (text: string): string => text;

/**
 * ANSI styles when `color` is true, otherwise no-ops, so renderers never emit escape codes
 * into a CI log or a file unless asked. The caller decides (TTY, NO_COLOR, FORCE_COLOR).
 */
export function createPaint(color: boolean): Paint {
  if (!color) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), yellow: sgr(33, 39) };
}
