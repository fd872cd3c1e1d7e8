/**
 * Generated text for the benches: a vocabulary with a Zipf-like spread, so a
 * few words are on nearly every page and most are rare, drawn from a seeded
 * generator so every run indexes the same pages.
 */
export const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}x`);

let seed = 42;
// mulberry32: small, fast and well spread.
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

export const word = () => VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.exp(rand() * Math.log(VOCAB.length)) - 1))]!;
export const pageText = (n = 300) => Array.from({ length: n }, word).join(' ');
