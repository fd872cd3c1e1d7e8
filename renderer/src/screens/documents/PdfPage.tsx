import { useEffect, useRef, useState, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { Util } from 'pdfjs-dist';
import { loadPdf } from './pdf-cache.ts';

const useStyles = makeStyles({
  frame: { position: 'relative', width: '100%', minHeight: '200px', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: 'white' },
  canvas: { '& canvas': { display: 'block', width: '100%', height: 'auto' } },
  stale: { visibility: 'hidden' },
  hit: { position: 'absolute', backgroundColor: 'rgba(255, 213, 0, 0.45)', outline: '1px solid rgba(200, 150, 0, 0.9)', pointerEvents: 'none' },
});

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

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
      const words = key ? key.split(' ').map((t) => t.replace(/\*$/, '')) : [];
      const found: Box[] = [];
      if (words.length) {
        const content = await p.getTextContent();
        for (const item of content.items) {
          if (!('str' in item) || !words.some((w) => item.str.toLowerCase().includes(w))) continue;
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
  const boxes = current?.boxes ?? [];
  const shown = Boolean(current?.boxes);
  const label = shown
    ? `Page ${page} as received${boxes.length ? `, ${boxes.length} place(s) with search words marked` : ''}`
    : current
      ? `Page ${page} could not be drawn`
      : `Page ${page}, being drawn`;
  return (
    <div className={s.frame} role="img" aria-busy={!current} data-drawn-page={shown ? current!.page : undefined} aria-label={label}>
      <div ref={holder} className={`${s.canvas} ${shown ? '' : s.stale}`} />
      {boxes.map((b, i) => (
        <span key={i} className={s.hit} data-hit style={{ left: `${b.left * 100}%`, top: `${b.top * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` }} />
      ))}
      {children}
    </div>
  );
}
