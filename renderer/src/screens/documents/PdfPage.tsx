import { useEffect, useRef, useState, type ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import { Util } from 'pdfjs-dist';
import { loadPdf } from './pdf-cache.ts';

const useStyles = makeStyles({
  frame: { position: 'relative', width: '100%', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: 'white' },
  canvas: { display: 'block', width: '100%', height: 'auto' },
  hit: { position: 'absolute', backgroundColor: 'rgba(255, 213, 0, 0.45)', outline: '1px solid rgba(200, 150, 0, 0.9)', pointerEvents: 'none' },
});

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One page drawn as the agency produced it, with the words of the search boxed in yellow. */
export function PdfPage({ id, page, terms, onError, children }: { id: number; page: number; terms: string[]; onError: (m: string) => void; children?: ReactNode }) {
  const s = useStyles();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const key = terms.join(' ');

  useEffect(() => {
    let cancelled = false;
    let task: { cancel(): void } | null = null;
    (async () => {
      const doc = await loadPdf(id);
      const p = await doc.getPage(page);
      const viewport = p.getViewport({ scale: 1.5 });
      const c = canvas.current;
      if (!c || cancelled) return;
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
      if (!cancelled) setBoxes(found);
    })().catch((e: Error) => {
      if (!cancelled && e.name !== 'RenderingCancelledException') onError(`The page could not be drawn: ${e.message}`);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [id, page, key, onError]);

  return (
    <div className={s.frame} role="img" aria-label={`Page ${page} as received${boxes.length ? `, ${boxes.length} place(s) with search words marked` : ''}`}>
      <canvas ref={canvas} className={s.canvas} />
      {boxes.map((b, i) => (
        <span key={i} className={s.hit} data-hit style={{ left: `${b.left * 100}%`, top: `${b.top * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` }} />
      ))}
      {children}
    </div>
  );
}
