/**
 * The output-token estimate used when a server streams text without `usage`, as the README and the
 * report quote it. Never "one token per chunk": servers batch several tokens per chunk under load,
 * and some send one chunk per character.
 */
export const TOKEN_ESTIMATE_FORMULA =
  "estimated from the generated text, summed over runs of one kind of character: " +
  "Latin-script letters ⌈n/7⌉ (a word of up to 7 letters is one token; an apostrophe starts a new word), digits ⌈n/3⌉, " +
  "punctuation ⌈n/2⌉, other alphabetic scripts (Greek, Cyrillic, Hebrew, Arabic, Indic, …) ⌈n/3⌉, " +
  "1 per CJK ideograph, kana, hangul syllable or other symbol, 2 per emoji or other character outside " +
  "the BMP, 0 for whitespace (a token carries the space before its word); " +
  "typically within ±25 % of OpenAI's cl100k_base/o200k_base tokenizers for English text and code; " +
  "CJK text comes out near cl100k_base and above o200k_base";

// Run classes: consecutive characters of one class form a run, costed as a whole.
const WHITESPACE = 0;
const LATIN = 1;
const DIGIT = 2;
const PUNCT = 3;
const ALPHA = 4;
/** Costed per character, not per run; the "run" after one has nothing left to cost. */
const SINGLE = 5;
// Character kinds that are not run classes.
const ONE_EACH = 6;
const TWO_EACH = 7;
/** Combining marks, variation selectors and the low half of a surrogate pair extend what precedes. */
const JOINING = 8;

/** Characters per token for each run class (index = class); whitespace and SINGLE runs cost nothing. */
const CHARS_PER_TOKEN = [0, 7, 3, 2, 3, 0];

const ASCII_KIND = new Uint8Array(128).map((_, c) => {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return WHITESPACE;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return LATIN;
  if (c >= 0x30 && c <= 0x39) return DIGIT;
  return PUNCT;
});

function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

function isLatinLetter(c: number): boolean {
  // Latin-1 letters without × and ÷, Latin Extended-A/B, IPA, spacing modifiers, Latin Extended Additional.
  return (c >= 0xc0 && c <= 0x2ff && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
}

function isCjk(c: number): boolean {
  // CJK radicals through ideographs (incl. kana, CJK punctuation, hangul compatibility jamo),
  // hangul syllables, compatibility ideographs, fullwidth forms; tokenizers give these ~1 token each.
  return (
    (c >= 0x2e80 && c <= 0x9fff) ||
    (c >= 0xac00 && c <= 0xd7af) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xff00 && c <= 0xffef)
  );
}

/** The kind of one UTF-16 code unit ≥ 0x80; a surrogate pair is classified by its high half alone, so a pair split across chunks counts the same. */
function nonAsciiKind(c: number): number {
  if (isUnicodeSpace(c)) return WHITESPACE;
  if (isLatinLetter(c)) return LATIN;
  if ((c >= 0x300 && c <= 0x36f) || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xdc00 && c <= 0xdfff))
    return JOINING;
  if (c >= 0x370 && c <= 0x1fff) return ALPHA;
  if (c >= 0x2000 && c <= 0x206f) return PUNCT; // general punctuation: dashes, quotes, ellipsis
  if (isCjk(c)) return ONE_EACH;
  // High surrogates D840–D87F open planes 2–3 (CJK extensions); the others mostly emoji.
  if (c >= 0xd800 && c <= 0xdbff) return c >= 0xd840 && c <= 0xd87f ? ONE_EACH : TWO_EACH;
  if (c < 0xc0) return PUNCT; // Latin-1 punctuation and symbols: « » © °
  return ONE_EACH;
}

function runTokens(runClass: number, runChars: number): number {
  const perToken = CHARS_PER_TOKEN[runClass] ?? 0;
  return perToken === 0 ? 0 : Math.ceil(runChars / perToken);
}

/**
 * Estimates output tokens from streamed text for servers that send no usage; the formula is
 * {@link TOKEN_ESTIMATE_FORMULA}. Keeps three counters and no text, so memory stays flat, and carries
 * the open run across `add` calls, so the estimate does not depend on how the text was chunked.
 */
export class TokenEstimator {
  /** Tokens of closed runs and per-character items. */
  #tokens = 0;
  #runClass = WHITESPACE;
  #runChars = 0;

  /** Adds one content chunk's text. */
  add(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let kind = c < 0x80 ? (ASCII_KIND[c] as number) : nonAsciiKind(c);
      if (kind === JOINING) {
        if (this.#runClass !== WHITESPACE) continue;
        kind = ONE_EACH; // a stray mark after whitespace is still output
      }
      if (kind === PUNCT && this.#runClass === LATIN && (c === 0x27 || c === 0x2019)) {
        // Tokenizers split English contractions before the apostrophe ("can" + "'t", "I" + "'m").
        this.#tokens += runTokens(LATIN, this.#runChars);
        this.#runChars = 1;
        continue;
      }
      if (kind === this.#runClass) {
        this.#runChars++;
        continue;
      }
      this.#tokens += runTokens(this.#runClass, this.#runChars);
      if (kind === ONE_EACH || kind === TWO_EACH) {
        this.#tokens += kind === ONE_EACH ? 1 : 2;
        this.#runClass = SINGLE;
        this.#runChars = 0;
      } else {
        this.#runClass = kind;
        this.#runChars = 1;
      }
    }
  }

  /** The estimate for everything added since reset(): an integer ≥ 0; ≥ 1 when any non-whitespace text was added. */
  tokens(): number {
    return this.#tokens + runTokens(this.#runClass, this.#runChars);
  }

  /** Forgets everything added, for the next request. */
  reset(): void {
    this.#tokens = 0;
    this.#runClass = WHITESPACE;
    this.#runChars = 0;
  }
}
