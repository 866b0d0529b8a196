/**
 * Seeded randomness for templates. Request N's values depend only on (seed, N), never on which
 * connection sent it or when, so two runs with the same seed send the same bytes whatever the
 * concurrency, and a run with another seed sends different ones.
 */

const TWO_POW_32 = 4294967296;

/** Domain of the per-request streams; other uses (the data shuffle) pass their own salt. */
const REQUEST_SALT = 0x9e3779b9;

/**
 * A generator of uniform numbers in [0, 1) for request `seq` of a run seeded with `seed`
 * (integers; other numbers are truncated). Same (seed, seq) → same sequence.
 */
export function requestRandom(seed: number, seq: number): () => number {
  return seededRandom(seed, seq, REQUEST_SALT);
}

/**
 * sfc32 seeded with 128 bits taken from (seed, key, salt). Why sfc32 and not a 32-bit-state
 * generator like mulberry32: with 32 bits of state, two of a million requests share their whole
 * stream about a hundred times over (birthday bound at 2^16), so their `uuid`s collide. sfc32's
 * update is invertible, so distinct seeds stay distinct; 12 warm-up rounds spread the seed bits
 * before the first output (about 7 avalanche even a nearly-zero seed such as seq 1 of seed 0). Each output is 32 bits divided by 2^32, so
 * `Math.floor(r * 2^32)` recovers the word exactly.
 */
export function seededRandom(seed: number, key: number, salt: number): () => number {
  let a = low32(seed) ^ salt;
  let b = high32(seed);
  let c = low32(key);
  // sfc32's fourth word is its counter: seeding it with the key's high word keeps the seeding
  // injective, and since it only counts up, no request's stream is a shifted copy of another's.
  let counter = high32(key) ^ 0x6a09e667;
  const next = (): number => {
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = ((c << 21) | (c >>> 11)) + t;
    c |= 0;
    return (t >>> 0) / TWO_POW_32;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function low32(n: number): number {
  return Math.trunc(n) >>> 0;
}

function high32(n: number): number {
  return Math.floor(Math.trunc(n) / TWO_POW_32) >>> 0;
}

/** An integer in [min, max] (both inclusive; min ≤ max, max - min below 2^53). */
export function randomIntIn(random: () => number, min: number, max: number): number {
  const span = max - min + 1;
  if (span <= TWO_POW_32) return min + Math.floor(random() * span);
  // One draw has 32 bits: a wider range takes 53 bits from two, or most of it would never come up.
  const wide = Math.floor(random() * 2097152) * TWO_POW_32 + Math.floor(random() * TWO_POW_32);
  return min + (wide % span);
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const ALPHANUMERIC_CODES = Array.from(ALPHANUMERIC, (char) => char.charCodeAt(0));

/** `length` characters drawn uniformly from [A-Za-z0-9] (length at most 65,536: one call's arguments). */
export function randomAlphanumeric(random: () => number, length: number): string {
  // One string built from char codes, not `length` concatenations: flat, and one allocation.
  const codes = new Array<number>(length);
  for (let i = 0; i < length; i++) codes[i] = ALPHANUMERIC_CODES[Math.floor(random() * 62)] as number;
  return String.fromCharCode.apply(null, codes);
}

const HEX = Array.from("0123456789abcdef", (char) => char.charCodeAt(0));
const DASH = 45;

/**
 * A version-4 UUID (RFC 9562) from four 32-bit draws of `random`: reproducible with its seed.
 * Built by one String.fromCharCode call: 21 concatenations cost several times as much.
 */
export function randomUuid(random: () => number): string {
  const a = (random() * TWO_POW_32) >>> 0;
  const b = (((random() * TWO_POW_32) >>> 0) & 0xffff0fff) | 0x00004000; // version 4
  const c = (((random() * TWO_POW_32) >>> 0) & 0x3fffffff) | 0x80000000; // variant 10
  const d = (random() * TWO_POW_32) >>> 0;
  // Spelled out: a spread or an array and apply() cost three to ten times as much here.
  return String.fromCharCode(
    hexAt(a, 28),
    hexAt(a, 24),
    hexAt(a, 20),
    hexAt(a, 16),
    hexAt(a, 12),
    hexAt(a, 8),
    hexAt(a, 4),
    hexAt(a, 0),
    DASH,
    hexAt(b, 28),
    hexAt(b, 24),
    hexAt(b, 20),
    hexAt(b, 16),
    DASH,
    hexAt(b, 12),
    hexAt(b, 8),
    hexAt(b, 4),
    hexAt(b, 0),
    DASH,
    hexAt(c, 28),
    hexAt(c, 24),
    hexAt(c, 20),
    hexAt(c, 16),
    DASH,
    hexAt(c, 12),
    hexAt(c, 8),
    hexAt(c, 4),
    hexAt(c, 0),
    hexAt(d, 28),
    hexAt(d, 24),
    hexAt(d, 20),
    hexAt(d, 16),
    hexAt(d, 12),
    hexAt(d, 8),
    hexAt(d, 4),
    hexAt(d, 0),
  );
}

/** Char code of the hex digit of `word` at bit `shift`. */
function hexAt(word: number, shift: number): number {
  return HEX[(word >>> shift) & 15] as number;
}
