/**
 * Opened PDFs, shared between page turns: at most a few are kept (the least
 * recently viewed goes first, and pdf.js is told to let go of its bytes), so a
 * day of reviewing does not hold every original ever viewed in memory.
 */
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { fetchOriginal } from '../../api/client.ts';

GlobalWorkerOptions.workerSrc = workerUrl;

export const MAX_CACHED_PDFS = 3;

const cache = new Map<number, Promise<PDFDocumentProxy>>();

function release(p: Promise<PDFDocumentProxy>): void {
  p.then((doc) => void doc.destroy(), () => {});
}

/** The PDF of document `id`, fetched as bytes (pdf.js with eval off) or taken from the cache. */
export function loadPdf(id: number): Promise<PDFDocumentProxy> {
  let p = cache.get(id);
  if (p) {
    // Most recently used goes last: Map keeps insertion order.
    cache.delete(id);
  } else {
    p = fetchOriginal(id).then((o) => getDocument({ data: new Uint8Array(o.bytes), isEvalSupported: false }).promise);
    const failed = p;
    failed.catch(() => {
      if (cache.get(id) === failed) cache.delete(id);
    });
  }
  cache.set(id, p);
  while (cache.size > MAX_CACHED_PDFS) {
    const [oldest, doc] = cache.entries().next().value!;
    cache.delete(oldest);
    release(doc);
  }
  return p;
}
