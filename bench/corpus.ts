/**
 * Generated text for the benches: a vocabulary with a Zipf-like spread, so a
 * few words are on nearly every page and most are rare, drawn from a seeded
 * generator so every run indexes the same pages.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';

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

/** A PDF of `pages` letter pages, each 40 lines of generated words: the text layer a memo has. */
export async function wordsPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const helv = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    const words = pageText(240).split(' ');
    for (let line = 0; line < 40; line++) page.drawText(words.slice(line * 6, line * 6 + 6).join(' '), { x: 40, y: 750 - line * 18, size: 11, font: helv });
  }
  return doc.save();
}
