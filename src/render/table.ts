/** Column alignment in a rendered table. */
export type Align = "left" | "right";

/** Options of `renderTable`. */
export interface TableOptions {
  /** Alignment per column; missing columns are right-aligned (numbers). */
  readonly align?: readonly Align[];
  /** Styles a cell after padding, so escape codes never skew the column widths. */
  readonly style?: (text: string, row: number, col: number) => string;
  /** Prefix of every line (indentation). */
  readonly indent?: string;
}

function pad(text: string, width: number, align: Align): string {
  return align === "left" ? text.padEnd(width) : text.padStart(width);
}

function rule(widths: readonly number[], left: string, mid: string, right: string): string {
  return `${left}${widths.map((w) => "─".repeat(w + 2)).join(mid)}${right}`;
}

/**
 * A box-drawn table; the first row is the header. Cells are plain text (width = length);
 * color is applied through `options.style` once the cell is padded. Returns lines, no newlines.
 */
export function renderTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const indent = options.indent ?? "";
  const style = options.style ?? ((text: string) => text);
  const line = (row: readonly string[], r: number): string => {
    const cells = widths.map((w, c) => style(pad(row[c] ?? "", w, options.align?.[c] ?? "right"), r, c));
    return `${indent}│ ${cells.join(" │ ")} │`;
  };
  const [header, ...body] = rows;
  if (!header) return [];
  return [
    `${indent}${rule(widths, "┌", "┬", "┐")}`,
    line(header, 0),
    `${indent}${rule(widths, "├", "┼", "┤")}`,
    ...body.map((row, i) => line(row, i + 1)),
    `${indent}${rule(widths, "└", "┴", "┘")}`,
  ];
}

/**
 * Rows as plain aligned columns separated by two spaces (no box), e.g. the threshold list.
 * `style` works as in `renderTable`; trailing spaces are trimmed.
 */
export function renderColumns(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const style = options.style ?? ((text: string) => text);
  return rows.map((row, r) => {
    const cells = widths.map((w, c) => style(pad(row[c] ?? "", w, options.align?.[c] ?? "left"), r, c));
    return `${options.indent ?? ""}${cells.join("  ")}`.trimEnd();
  });
}
