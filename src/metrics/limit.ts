/**
 * When a measured value holds a limit (`actual op limit`): one rule for thresholds, capacity
 * objectives and abort watches alike.
 */

/**
 * Relative tolerance under which an actual and a limit count as equal. Limits are converted
 * from the budget's units (`0.7%` → 0.007) and actuals computed by division, so the same number
 * can differ in its last bits; without this, `error_rate <= 0.7%` could fail at exactly 0.7%.
 */
const EQUAL_RELATIVE = 1e-9;

function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= EQUAL_RELATIVE * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Whether `actual op limit` holds; equality within float noise decides the boundary. `op` is
 * `<=`, `<`, `>=` or `>` (as a report records it, a string); any other op never holds.
 */
export function holdsLimit(actual: number, op: string, limit: number): boolean {
  const equal = nearlyEqual(actual, limit);
  switch (op) {
    case "<=":
      return equal || actual < limit;
    case "<":
      return !equal && actual < limit;
    case ">=":
      return equal || actual > limit;
    case ">":
      return !equal && actual > limit;
    default:
      return false;
  }
}
