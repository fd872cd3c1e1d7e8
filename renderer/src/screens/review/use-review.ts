/** One document's coding, loaded and changed through the API; each change answers with the new state. */
import { useCallback, useEffect, useState } from 'react';
import type { ReviewOut, TagOut } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { useLiveRefresh } from '../../use-live-refresh.ts';

export type ReviewPatch = Partial<Pick<ReviewOut, 'status' | 'rating' | 'privilege' | 'exemptions' | 'notes' | 'logDescription'>>;

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

  const set = useCallback(
    async (patch: ReviewPatch) => {
      try {
        await call('review.set', { ids: [documentId], ...patch });
        setReview(await call('review.get', { id: documentId }));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [documentId],
  );

  const toggleTag = useCallback(
    async (tag: TagOut) => {
      const has = review?.tags.some((t) => t.id === tag.id) ?? false;
      try {
        await call('tags.apply', { tag: tag.id, ids: [documentId], remove: has });
        setReview(await call('review.get', { id: documentId }));
        setError(null);
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [documentId, review],
  );

  return { review, error, set, toggleTag, reload };
}
