/**
 * Leases: one reviewer codes a document at a time. Opening a document to code takes its lease for
 * LEASE_SECONDS by the database server's clock; the holder's window renews it every
 * LEASE_RENEW_SECONDS and gives it back on leaving; a holder whose machine is switched off stops
 * renewing, and the lease lapses on its own. Others may read the document meanwhile, not code it.
 *
 * Only in a team workspace: a data folder has one person, whom a lease could only get in the way of.
 */
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { displayNames } from '../../db/team.ts';
import { peopleNamer } from '../team/display-names.ts';
import { leaseOf, otherLiveLeases, takeLease, type LeaseRow } from '../../db/review-batches.ts';
import { AppError } from '../errors.ts';
import type { CallContext } from '../context.ts';
import type { LeaseOut } from '../api-review-batches.ts';
import type { LeftOutLeased } from '../shared/coded-words.ts';

/** How long a lease lasts without being renewed. */
export const LEASE_SECONDS = 120;
/** How often an open window renews its lease: several renewals fit in one lease, so one lost call does not lose it. */
export const LEASE_RENEW_SECONDS = 30;

/** Who holds leases as this caller: the database login in a team workspace, nobody in a data folder. */
export const leaseHolder = (ctx: Pick<CallContext, 'login'>): string | null => ctx.login;

/** "Ana Ruiz (aruiz)", or the login alone when it has no other name. */
export const personName = async (q: Reader, login: string): Promise<string> => (await peopleNamer(q))(login);

export async function leaseOut(q: Reader, documentId: number, me: string | null, row?: LeaseRow): Promise<LeaseOut> {
  const l = row ?? (await leaseOf(q, documentId));
  const live = l !== undefined && l.live === 1;
  const holder = live ? l.holder : null;
  const names = holder ? await displayNames(q) : new Map<string, string>();
  return {
    documentId,
    held: live,
    yours: live && holder === me,
    holder: holder ? { login: holder, displayName: names.get(holder) || holder } : null,
    since: live ? l.taken_at : null,
    expiresAt: live ? l.expires_at : null,
    renewSeconds: LEASE_RENEW_SECONDS,
    teamOnly: me === null,
  };
}

/** Take or renew a document's lease for the caller; the answer says who holds it when it is not theirs. */
export async function takeFor(ctx: Pick<CallContext, 'login' | 'store'>, documentId: number): Promise<LeaseOut> {
  const me = leaseHolder(ctx);
  if (me === null) return leaseOut(ctx.store.engine, documentId, null, undefined);
  await takeLease(ctx.store.engine, documentId, me, LEASE_SECONDS);
  return leaseOut(ctx.store.engine, documentId, me);
}

/**
 * The one rule, kept here: coding one document (its review, tags, redactions) inside the coding's
 * own write. Refused CONFLICT while someone else holds a live lease on it; when the coding changed
 * something, the coder takes (or renews) the lease in the same write, so of two reviewers saving
 * the same document at the same moment the second finds the first's lease and is refused, with
 * nothing of theirs written. Coding many documents at once is codeMany's.
 */
export async function codeLeased<T>(w: Writer, ctx: Pick<CallContext, 'login'>, ids: readonly number[], code: () => Promise<T>, changed: (r: T) => boolean): Promise<T> {
  const me = leaseHolder(ctx);
  if (me === null || ids.length !== 1) return code();
  const id = ids[0]!;
  await refuseIfLeased(w, id, me);
  const result = await code();
  // Atomic on the lease row: a lease another window took since the check above is found here.
  if (changed(result) && !(await takeLease(w, id, me, LEASE_SECONDS))) await refuseIfLeased(w, id, me);
  return result;
}

async function refuseIfLeased(q: Reader, id: number, me: string): Promise<void> {
  const [other] = await otherLiveLeases(q, [id], me);
  if (other) throw new AppError('CONFLICT', `${await personName(q, other.holder)} is coding this document; you can read it.`);
}

/**
 * Those of `ids` someone else is coding right now (a live lease not the caller's), by holder.
 * Nobody in a data folder.
 */
export async function leasedByOthers(q: Reader, ctx: Pick<CallContext, 'login'>, ids: readonly number[]): Promise<{ ids: Set<number>; leftOut?: LeftOutLeased }> {
  const me = leaseHolder(ctx);
  const held = me === null ? [] : await otherLiveLeases(q, ids, me);
  if (held.length === 0) return { ids: new Set() };
  const name = await peopleNamer(q);
  return { ids: new Set(held.map((l) => l.document_id)), leftOut: { documents: held.length, holders: [...new Set(held.map((l) => name(l.holder)))] } };
}

/**
 * Coding many documents at once (a search's results, a bulk action) inside one write: the ones
 * another reviewer is coding right now are left out — their coding is theirs until they leave —
 * and the answer says how many and whose. The caller takes no lease on the rest: a bulk action
 * is not a document open in a window. One document is codeLeased's (refused while held).
 * `code` returns how many documents it changed.
 */
export async function codeMany(w: Writer, ctx: Pick<CallContext, 'login'>, ids: number[], code: (ids: number[]) => Promise<number>): Promise<{ changed: number; leftOut?: LeftOutLeased }> {
  if (ids.length === 1) return { changed: await codeLeased(w, ctx, ids, () => code(ids), (n) => n > 0) };
  const held = await leasedByOthers(w, ctx, ids);
  const free = held.ids.size === 0 ? ids : ids.filter((id) => !held.ids.has(id));
  return { changed: free.length === 0 ? 0 : await code(free), ...(held.leftOut ? { leftOut: held.leftOut } : {}) };
}
