import { useEffect, useState, type ReactNode } from 'react';
import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import type { PageWord } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { wordHitBoxes, type HitBox } from './hit-boxes.ts';
import { PageFrame } from './PageFrame.tsx';

const useStyles = makeStyles({
  // Scaled to the width of the card; a tall page scrolls inside it, from the keyboard too.
  scroller: { maxHeight: '80vh', overflowY: 'auto' },
  // A photo stored sideways comes already turned upright (image-page.ts): no orientation tag is left to follow.
  picture: { display: 'block', width: '100%', height: 'auto' },
  note: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

/** What was fetched for the page asked for last; url null when it could not be fetched. */
interface Shown {
  id: number;
  page: number;
  url: string | null;
  words: PageWord[] | null;
}

/**
 * One page of a picture document (PNG, JPEG, TIFF…) as scanned, with the
 * words of the search boxed where OCR found them. The picture comes through
 * the typed client as bytes and is shown from a blob: URL, let go of when the
 * page is turned.
 */
export function ImagePage({
  id,
  page,
  terms,
  waitsForOcr,
  onError,
  children,
}: {
  id: number;
  page: number;
  terms: string[];
  waitsForOcr: boolean;
  onError: (m: string) => void;
  children?: ReactNode;
}) {
  const s = useStyles();
  const [shown, setShown] = useState<Shown | null>(null);
  const [queued, setQueued] = useState(false);

  useEffect(() => {
    let current = true;
    let url: string | null = null;
    call('documents.pageImage', { id, page }).then(
      (p) => {
        if (!current) return;
        url = URL.createObjectURL(new Blob([Uint8Array.from(atob(p.base64), (c) => c.charCodeAt(0))], { type: p.mime }));
        setShown({ id, page, url, words: p.words });
      },
      (e: Error) => {
        if (!current) return;
        setShown({ id, page, url: null, words: null });
        onError(e.message);
      },
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id, page, onError]);

  // The picture in the frame belongs to this document and page only once shown says so.
  const now = shown && shown.id === id && shown.page === page ? shown : null;
  const hits: HitBox[] = terms.length && now?.words ? wordHitBoxes(now.words, terms) : [];
  const noBoxes = terms.length > 0 && now?.url && !now.words;
  return (
    <>
      <div className={s.scroller} role="region" aria-label={`Picture of page ${page}`} tabIndex={0}>
        <PageFrame
          page={page}
          drawnPage={now?.url ? page : null}
          failed={Boolean(now) && !now?.url}
          hits={hits}
          kind="as scanned"
          content={now?.url ? <img className={s.picture} src={now.url} alt="" /> : null}
        >
          {now?.url ? children : null}
        </PageFrame>
      </div>
      {noBoxes && (
        <div className={s.note}>
          <Caption1>
            {waitsForOcr || queued
              ? 'This page waits for OCR; search words are boxed once it is read.'
              : 'Search words are not boxed on this page: it was read before Sunshine kept where words are.'}
          </Caption1>
          {!waitsForOcr && !queued && (
            <Button size="small" onClick={() => call('documents.readAgain', { id }).then(() => setQueued(true), (e: Error) => onError(e.message))}>
              Read it again
            </Button>
          )}
        </div>
      )}
    </>
  );
}
