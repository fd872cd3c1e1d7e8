import { useEffect, useRef, useState, type ReactNode } from 'react';
import { makeStyles } from '@fluentui/react-components';
import { Util } from 'pdfjs-dist';
import { loadPdf } from './pdf-cache.ts';
import { termMatcher } from './highlight.tsx';
import { PageFrame, type HitBox as Box } from './PageFrame.tsx';

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
  const key = terms.join(' ');

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
      const found: Box[] = [];
      if (key) {
        const hit = termMatcher(key.split(' '));
        const content = await p.getTextContent();
        for (const item of content.items) {
          if (!('str' in item) || !hit(item.str)) continue;
          const t = Util.transform(viewport.transform, item.transform);
          const height = Math.hypot(t[2]!, t[3]!);
          found.push({ left: t[4]! / c.width, top: (t[5]! - height) / c.height, width: (item.width * viewport.scale) / c.width, height: (height * 1.2) / c.height });
        }
      }
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
