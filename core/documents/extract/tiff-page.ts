/**
 * A produced page as a Group 4 TIFF, made in the file reader (the page's PDF
 * holds what the original file drew): page 1 of `file` drawn at `dpi`, each
 * pixel black where it is darker than mid-grey, then coded (g4-tiff.ts).
 */
import { renderPdfPage } from './render.ts';
import { g4Tiff } from './g4-tiff.ts';

export interface TiffPageJob {
  tiffPage: { file: string; dpi: number };
}

export async function tiffPage(file: string, dpi: number): Promise<Uint8Array> {
  const drawn = await renderPdfPage(file, 1, dpi);
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const img = await loadImage(Buffer.from(drawn.png));
  const canvas = createCanvas(img.width, img.height);
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const rgba = g.getImageData(0, 0, img.width, img.height).data;
  const black = new Uint8Array(img.width * img.height);
  for (let i = 0; i < black.length; i++) {
    // Transparent is paper: white.
    const a = rgba[i * 4 + 3]! / 255;
    const lum = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) * a + 255 * (1 - a);
    black[i] = lum < 128 ? 1 : 0;
  }
  return g4Tiff(black, img.width, img.height, drawn.dpi);
}
