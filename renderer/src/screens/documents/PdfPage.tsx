import { useEffect, useRef, useState, type ReactNode } from 'react';
import { makeStyles } from '@fluentui/react-components';
import { Util, type PageViewport, type PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import type { PageWord } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { loadPdf } from './pdf-cache.ts';
import { hitParts } from '../../../../core/shared/hit-words.ts';
import { hitBoxes, rulerFor, wordHitBoxes, type HitBox as Box, type PlacedRun } from './hit-boxes.ts';
import { PageFrame } from './PageFrame.tsx';

const useStyles = makeStyles({
  canvas: { '& canvas': { display: 'block', width: '100%', height: 'auto' } },
  stale: { visibility: 'hidden' },
});

/** What became of the last page asked for: drawn (with its search boxes), or failed (boxes null). */
interface Drawn {
  id: number;
  page: number;
  terms: string;
  boxes: Box[] | null;
}

/**
 * The boxes over the hit words of a drawn page: from its text layer, each over just the hit's
 * characters of its run; on a scanned page (no text layer: its text came from OCR) from where
 * OCR found the words.
 */
async function hitsOn(p: PDFPageProxy, viewport: PageViewport, canvas: HTMLCanvasElement, terms: string[], ocrWords: () => Promise<PageWord[] | null>): Promise<Box[]> {
  const content = await p.getTextContent();
  const items = content.items.filter((i): i is TextItem => 'str' in i);
  if (!items.some((i) => i.str.trim())) {
    const words = await ocrWords();
    return words ? wordHitBoxes(words, terms) : [];
  }
  const runs: PlacedRun[] = items.map((i) => ({
    str: i.str,
    t: Util.transform(viewport.transform, i.transform),
    length: i.width * viewport.scale,
    fontFamily: content.styles[i.fontName]?.fontFamily ?? 'sans-serif',
  }));
  // pdf.js ends a line's last run with hasEOL; runs within a line carry their own spaces.
  const parts = hitParts(
    items.map((i) => i.str),
    terms,
    (n) => (items[n]!.hasEOL ? ' ' : ''),
  );
  return hitBoxes(runs, parts, canvas, rulerFor(document.createElement('canvas').getContext('2d')));
}

/**
 * One page drawn as the agency produced it, with the words of the search boxed in yellow.
 *
 * Each page is drawn into a canvas of its own and put in the frame only once
 * pdf.js has finished it and it is still the page asked for, so a slow or
 * cancelled draw of the previous document or page can never end up under this
 * page's number. Until then the frame shows nothing rather than the wrong page,
 * and `data-drawn-page` names the page number pdf.js drew.
 */
export function PdfPage({ id, page, terms, onError, children }: { id: number; page: number; terms: string[]; onError: (m: string) => void; children?: ReactNode }) {
  const s = useStyles();
  const holder = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  // Terms are phrases, words joined by spaces: one to a line.
  const key = terms.join('\n');

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    (async () => {
      const doc = await loadPdf(id);
      if (cancelled) return;
      if (page > doc.numPages) throw new Error(`this PDF has ${doc.numPages} page(s), not ${page}.`);
      const p = await doc.getPage(page);
      if (cancelled) return;
      const viewport = p.getViewport({ scale: 1.5 });
      const c = document.createElement('canvas');
      c.width = Math.ceil(viewport.width);
      c.height = Math.ceil(viewport.height);
      const render = p.render({ canvas: c, canvasContext: c.getContext('2d')!, viewport });
      task = render;
      await render.promise;
      const found = key ? await hitsOn(p, viewport, c, key.split('\n'), async () => (await call('documents.pageWords', { id, page })).words) : [];
      if (cancelled || !holder.current) return;
      holder.current.replaceChildren(c);
      setDrawn({ id, page: p.pageNumber, terms: key, boxes: found });
    })().catch((e: Error) => {
      if (cancelled || e.name === 'RenderingCancelledException') return;
      setDrawn({ id, page, terms: key, boxes: null });
      onError(`The page could not be drawn: ${e.message}`);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [id, page, key, onError]);

  // The canvas in the frame belongs to this document and page only once drawn says so.
  const current = drawn && drawn.id === id && drawn.page === page && drawn.terms === key ? drawn : null;
  const shown = Boolean(current?.boxes);
  return (
    <PageFrame
      page={page}
      drawnPage={shown ? current!.page : null}
      failed={Boolean(current) && !shown}
      hits={current?.boxes ?? []}
      kind="as received"
      content={<div ref={holder} className={`${s.canvas} ${shown ? '' : s.stale}`} />}
    >
      {children}
    </PageFrame>
  );
}
