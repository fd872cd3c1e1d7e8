/**
 * The lease on the document open for coding: taken when it opens, renewed while it stays open (the
 * core says how often), given back when it closes. When someone else holds it, the answer names
 * them, and renewing keeps asking, so the document becomes codable here once they leave (or their
 * lease lapses). A person who may not code (a viewer) only looks at who holds it.
 */
import { useEffect, useState } from 'react';
import type { LeaseOut } from '../../../../core/api.ts';
import { call, CallError } from '../../api/client.ts';

export function useLease(documentId: number | null): LeaseOut | null {
  const [lease, setLease] = useState<LeaseOut | null>(null);
  useEffect(() => {
    if (documentId === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The last take or renewal sent: giving back waits for it, so a renewal still on its way cannot take the lease again after.
    let pending: Promise<unknown> = Promise.resolve();
    const ask = async (): Promise<number> => {
      try {
        const l = await call('review.lease', { id: documentId });
        if (live) setLease(l);
        return l.renewSeconds;
      } catch (e) {
        if (e instanceof CallError && e.code === 'FORBIDDEN') {
          const l = await call('review.leaseOf', { id: documentId }).catch(() => null);
          if (live) setLease(l);
          return l?.renewSeconds ?? 30;
        }
        return 30; // the core unreachable for a moment: ask again at the next turn
      }
    };
    const turn = () => {
      const asked = ask();
      pending = asked;
      void asked.then((seconds) => {
        if (live) timer = setTimeout(turn, seconds * 1000);
      });
    };
    turn();
    const leave = () => void pending.then(() => call('review.release', { id: documentId })).catch(() => undefined);
    window.addEventListener('pagehide', leave);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
      window.removeEventListener('pagehide', leave);
      leave();
    };
  }, [documentId]);
  // An answer about the document before is no answer about this one.
  return lease && lease.documentId === documentId ? lease : null;
}

/** What the coding panel says when someone else holds the document: "Being coded by Ana Ruiz since 14:02". */
export function heldByOther(lease: LeaseOut | null): string | null {
  if (!lease?.held || lease.yours || !lease.holder) return null;
  const since = lease.since ? ` since ${new Date(lease.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
  return `Being coded by ${lease.holder.displayName}${since}`;
}
