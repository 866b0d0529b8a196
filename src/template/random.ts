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
 * update is invertible, so distinct seeds stay distinct; 12 warm-up rounds (its author's advice)
 * spread the seed bits before the first output. Each output is 32 bits divided by 2^32, so
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

/** `length` characters drawn uniformly from [A-Za-z0-9]. */
export function randomAlphanumeric(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[Math.floor(random() * 62)];
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** A version-4 UUID (RFC 9562) from four 32-bit draws of `random`: reproducible with its seed. */
export function randomUuid(random: () => number): string {
  const w0 = (random() * TWO_POW_32) >>> 0;
  const w1 = (((random() * TWO_POW_32) >>> 0) & 0xffff0fff) | 0x00004000; // version 4
  const w2 = (((random() * TWO_POW_32) >>> 0) & 0x3fffffff) | 0x80000000; // variant 10
  const w3 = (random() * TWO_POW_32) >>> 0;
  return `${hex32(w0)}-${hex16(w1 >>> 16)}-${hex16(w1 & 0xffff)}-${hex16(w2 >>> 16)}-${hex16(w2 & 0xffff)}${hex32(w3)}`;
}

function hex16(n: number): string {
  return `${HEX[n >>> 8]}${HEX[n & 0xff]}`;
}

function hex32(n: number): string {
  return hex16(n >>> 16) + hex16(n & 0xffff);
}
