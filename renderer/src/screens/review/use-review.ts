/** One document's coding, loaded and changed through the API; each change answers with the new state. */
import { useCallback, useEffect, useState } from 'react';
import type { ReviewOut, TagOut } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { isStaleSave } from '../../../../core/shared/versions.ts';

/** A change refused because a colleague coded or tagged the document meanwhile: their words, and the change to make again over theirs. */
export interface StaleCoding {
  message: string;
  keepMine: () => Promise<void>;
}
import { useLiveRefresh } from '../../use-live-refresh.ts';

export type ReviewPatch = Partial<Pick<ReviewOut, 'status' | 'rating' | 'privilege' | 'exemptions' | 'notes' | 'logDescription'>>;

type Change = (version: number | undefined) => Promise<unknown>;
interface Shown {
  setReview(r: ReviewOut): void;
  setError(e: string | null): void;
  setStale(s: StaleCoding | null): void;
}

/**
 * Run one change from the version shown; when a colleague changed the document since, keep the
 * refusal with the change, to make again (Keep mine) from the version then stored.
 */
async function attempt(documentId: number, change: Change, version: number | undefined, shown: Shown): Promise<void> {
  try {
    await change(version);
    shown.setReview(await call('review.get', { id: documentId }));
    shown.setError(null);
    shown.setStale(null);
  } catch (e) {
    if (!isStaleSave(e)) return shown.setError((e as Error).message);
    shown.setStale({
      message: (e as Error).message,
      keepMine: async () => {
        const now = await call('review.get', { id: documentId });
        await attempt(documentId, change, now.version, shown);
      },
    });
  }
}

export function useReview(documentId: number, initial?: ReviewOut) {
  const [review, setReview] = useState<ReviewOut | null>(initial ?? null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    call('review.get', { id: documentId }).then(
      (r) => {
        setReview(r);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [documentId]);
  useEffect(() => {
    if (!initial) reload();
  }, [reload, initial]);
  // A colleague codes or tags this document: its coding is read again (notes being typed are kept: ReviewPanel).
  useLiveRefresh(['document', 'documents'], reload, { entity: 'document', id: String(documentId) });

  const [stale, setStale] = useState<StaleCoding | null>(null);
  const run = useCallback(
    (change: Change, version: number | undefined) => attempt(documentId, change, version, { setReview, setError, setStale }),
    [documentId],
  );

  const set = useCallback(
    (patch: ReviewPatch) => run((version) => call('review.set', { ids: [documentId], ...patch, version }), review?.version),
    [documentId, review, run],
  );

  const toggleTag = useCallback(
    (tag: TagOut) => {
      const has = review?.tags.some((t) => t.id === tag.id) ?? false;
      return run((version) => call('tags.apply', { tag: tag.id, ids: [documentId], remove: has, version }), review?.version);
    },
    [documentId, review, run],
  );

  const reloadStale = useCallback(() => {
    setStale(null);
    reload();
  }, [reload]);

  return { review, error, set, toggleTag, reload, stale, reloadStale };
}
