import type { ReactNode } from 'react';
import { makeStyles, tokens } from '@fluentui/react-components';
import type { HitBox } from './hit-boxes.ts';

const useStyles = makeStyles({
  frame: { position: 'relative', width: '100%', minHeight: '200px', border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, backgroundColor: 'white' },
  hit: { position: 'absolute', backgroundColor: 'rgba(255, 213, 0, 0.45)', outline: '1px solid rgba(200, 150, 0, 0.9)', pointerEvents: 'none' },
});


/**
 * The frame a page is shown in, PDF page or picture alike: the page itself
 * (`content`), the search words boxed in yellow over it, and whatever lies
 * over those (`children`: the redaction boxes). `drawnPage` is the number of
 * the page in the frame once it is there (data-drawn-page); `failed` when it
 * could not be shown.
 */
export function PageFrame({
  page,
  drawnPage,
  failed,
  hits,
  kind,
  content,
  children,
}: {
  page: number;
  drawnPage: number | null;
  failed: boolean;
  hits: HitBox[];
  /** What the page is, for its name: "as received", "as scanned". */
  kind: string;
  content: ReactNode;
  children?: ReactNode;
}) {
  const s = useStyles();
  const shown = drawnPage !== null;
  const label = shown
    ? `Page ${page} ${kind}${hits.length ? `, ${hits.length} place(s) with search words marked` : ''}`
    : failed
      ? `Page ${page} could not be drawn`
      : `Page ${page}, being drawn`;
  return (
    <div className={s.frame} role="img" aria-busy={!shown && !failed} data-drawn-page={shown ? drawnPage : undefined} aria-label={label}>
      {content}
      {hits.map((b, i) => (
        <span key={i} className={s.hit} data-hit style={{ left: `${b.left * 100}%`, top: `${b.top * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` }} />
      ))}
      {children}
    </div>
  );
}
