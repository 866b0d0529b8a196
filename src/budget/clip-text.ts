/**
 * Keys and values quoted in a problem are the user's (or an attacker's) text: a 100,000-character
 * key would make a 100,000-character message. Every quote is clipped to a readable length.
 */

/** Characters (code points) of quoted text shown in a message. */
export const SHOWN_CHARS = 60;

/**
 * `text` cut to `SHOWN_CHARS` code points, ending in `...` when cut. Cuts between code points,
 * never inside a surrogate pair (half of one is not valid text in JSON or a terminal).
 */
export function clipText(text: string, maxChars = SHOWN_CHARS): string {
  if (text.length <= maxChars) return text;
  const points = [...text];
  return points.length <= maxChars ? text : `${points.slice(0, maxChars - 3).join("")}...`;
}
