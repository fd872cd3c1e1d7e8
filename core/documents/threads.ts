/**
 * Email threads across every email in a workspace (EML, MSG, mailbox messages, a received
 * production's email records): which emails belong together, how they reply to each other, and
 * which are inclusive — the emails a reviewer reads instead of every reply, because no later
 * email of their branch holds them whole.
 *
 * Grouping: emails that name the same Message-ID (their own, In-Reply-To or References) are one
 * thread, however far the chain; an email naming no earlier one joins the emails of the same
 * subject (without Re:/Fwd:/[EXTERNAL]…) that share at least one participant with it. Two
 * threads that only happen to share a subject ("Placement") stay apart.
 */
import type { ThreadEntry } from '../api.ts';
import type { Reader } from '../../db/engine.ts';
import type { Writer } from '../../db/store.ts';
import { documentById } from '../../db/documents.ts';
import { threadRows, attachmentsOf, emailHeads, emailHeadsOf, relatedEmails, emailTexts, writeThreads, type EmailHead, type ThreadPlace } from '../../db/threads.ts';

/** A subject as threads compare it: reply and forward prefixes (several languages), tags in brackets, whitespace and case set aside. */
export function threadSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').trim();
  for (;;) {
    const next = s.replace(/^(?:(?:re|fw|fwd|aw|wg|sv|vs|tr|antw)\s*(?:\[\d+\]|\(\d+\))?\s*:|\[[^\]]*\]|\([^)]*\))\s*/i, '');
    if (next === s) break;
    s = next;
  }
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The people of an email (from, to, cc): their addresses, else their names when a field holds none. */
export function participants(e: Pick<EmailHead, 'email_from' | 'email_to' | 'email_cc'>): Set<string> {
  const out = new Set<string>();
  for (const field of [e.email_from, e.email_to, e.email_cc]) {
    if (!field) continue;
    const addresses = field.match(/[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+/g);
    const names = addresses ?? field.split(/[,;]/);
    for (const a of names) {
      const p = a.trim().toLowerCase();
      if (p) out.add(p);
    }
  }
  return out;
}

const idsNamed = (e: EmailHead): string[] => [e.message_id, e.in_reply_to, ...(e.email_refs ?? '').split(' ')].filter((x): x is string => !!x);
const namesEarlier = (e: Pick<EmailHead, 'in_reply_to' | 'email_refs'>): boolean => !!e.in_reply_to || !!e.email_refs;

/** The emails grouped into threads: each thread's members, as indexes into `heads`. */
export function groupThreads(heads: readonly EmailHead[]): number[][] {
  const up = heads.map((_, i) => i);
  const find = (i: number): number => {
    while (up[i] !== i) i = up[i] = up[up[i]!]!;
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) up[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byId = new Map<string, number>();
  const bySubject = new Map<string, Map<string, number>>();
  heads.forEach((e, i) => {
    for (const id of idsNamed(e)) {
      const seen = byId.get(id);
      if (seen === undefined) byId.set(id, i);
      else join(seen, i);
    }
    if (namesEarlier(e)) return;
    const subject = threadSubject(e.email_subject);
    if (!subject) return;
    const people = bySubject.get(subject) ?? new Map<string, number>();
    bySubject.set(subject, people);
    for (const p of participants(e)) {
      const seen = people.get(p);
      if (seen === undefined) people.set(p, i);
      else join(seen, i);
    }
  });
  const groups = new Map<number, number[]>();
  heads.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  });
  return [...groups.values()];
}

/** Oldest first; undated emails after dated ones, then in the order they were added. */
const byDate = <T extends { id: number; doc_date: string | null }>(a: T, b: T): number =>
  (a.doc_date === null ? 1 : 0) - (b.doc_date === null ? 1 : 0) || (a.doc_date ?? '').localeCompare(b.doc_date ?? '') || a.id - b.id;

/**
 * Each email's parent in its thread's reply tree (undefined for the first): the email its
 * In-Reply-To names, else the nearest one its References name, else — for an email that names
 * none here — the one before it by date.
 */
export function replyParents<T extends { id: number; doc_date: string | null; message_id: string | null; in_reply_to: string | null; email_refs: string | null }>(members: readonly T[]): Map<number, number | undefined> {
  const ordered = [...members].sort(byDate);
  const byMessageId = new Map<string, number>();
  for (const m of ordered) if (m.message_id && !byMessageId.has(m.message_id)) byMessageId.set(m.message_id, m.id);
  const parents = new Map<number, number | undefined>();
  ordered.forEach((m, i) => {
    const named = [m.in_reply_to, ...(m.email_refs ?? '').split(' ').reverse()].map((id) => (id ? byMessageId.get(id) : undefined)).find((id) => id !== undefined && id !== m.id);
    parents.set(m.id, named ?? ordered[i - 1]?.id);
  });
  // Ids can name each other in a ring (damaged or forged headers): a ring is broken at its oldest email.
  for (const m of ordered) {
    const seen = new Set<number>([m.id]);
    for (let p = parents.get(m.id); p !== undefined; p = parents.get(p)) {
      if (seen.has(p)) {
        parents.set(m.id, undefined);
        break;
      }
      seen.add(p);
    }
  }
  return parents;
}

/** An email's text as lines to look for: quote marks (">") and whitespace set aside, lower case, empty lines dropped. */
const quotedLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.replace(/^(?:\s*>)+/, '').replace(/\s+/g, ' ').trim().toLowerCase())
    .filter(Boolean);

/** Whether a reply holds an email: every line of its text is in the reply's (quoted or not), and every file it carries is carried too. */
function holds(reply: { text: string; files: Set<string> }, email: { text: string; files: Set<string> }): boolean {
  for (const f of email.files) if (!reply.files.has(f)) return false;
  const flat = ` ${quotedLines(reply.text).join(' ')} `;
  return quotedLines(email.text).every((l) => flat.includes(l));
}

/** Inclusive: an email no reply holds (a leaf of the reply tree; or text or an attachment no reply repeats). */
export function inclusiveOf(parents: Map<number, number | undefined>, content: Map<number, { text: string; files: Set<string> }>): Map<number, boolean> {
  const replies = new Map<number, number[]>();
  for (const [id, parent] of parents) if (parent !== undefined) replies.set(parent, [...(replies.get(parent) ?? []), id]);
  // (A reply list is short: an email has few direct replies.)
  const none = { text: '', files: new Set<string>() };
  const out = new Map<number, boolean>();
  for (const id of parents.keys()) {
    const own = content.get(id) ?? none;
    out.set(id, !(replies.get(id) ?? []).some((r) => holds(content.get(r) ?? none, own)));
  }
  return out;
}

/**
 * Up to this many new documents, the emails they may join are looked up through the indexes
 * (nearEmails); past it, every email's head is read once (a mailbox's worth of new emails).
 */
const FEW_EMAILS = 1000;
const FEW_SUBJECTS = 20;

/**
 * The new emails and every email they can join (undefined when reading every email costs less): through the ids they name and the ids that name
 * them, the same subject, and the whole threads those are in. (An older email that names a new
 * one in its References only, not its In-Reply-To, with no other link, waits for a rethread.)
 */
async function nearEmails(w: Writer, ids: readonly number[]): Promise<EmailHead[] | undefined> {
  const seeds = await emailHeadsOf(w, ids);
  if (seeds.length === 0) return [];
  const subjects = [...new Set(seeds.filter((e) => !namesEarlier(e)).map((e) => threadSubject(e.email_subject)).filter(Boolean))];
  // Each subject is looked for in every subject (no index holds them normalized): past a few, one read of every email costs less.
  if (subjects.length > FEW_SUBJECTS) return undefined;
  const related = await relatedEmails(
    w,
    [...new Set(seeds.flatMap(idsNamed))],
    seeds.flatMap((e) => (e.message_id ? [e.message_id] : [])),
    subjects,
    seeds.flatMap((e) => (e.thread_id === null ? [] : [e.thread_id])),
  );
  const known = new Set(seeds.map((e) => e.id));
  const others = await emailHeadsOf(
    w,
    related.filter((id) => !known.has(id)),
  );
  return [...seeds, ...others].sort((a, b) => a.id - b.id);
}

/** Emails of the threads recomputed at a time: their text is read together. */
const BATCH_EMAILS = 2000;

/**
 * Recompute the threads the given documents are in (every thread when `ids` is undefined:
 * `sunshine documents rethread`), inside the caller's write; writes only emails whose thread or
 * flag changed, audited once. Returns how many emails changed.
 */
export async function rethread(w: Writer, ids?: readonly number[]): Promise<{ threads: number; emails: number }> {
  if (ids && ids.length === 0) return { threads: 0, emails: 0 };
  const heads = (ids && ids.length <= FEW_EMAILS ? await nearEmails(w, ids) : undefined) ?? (await emailHeads(w));
  if (heads.length === 0) return { threads: 0, emails: 0 };
  const wanted = ids ? new Set(ids) : undefined;
  const groups = groupThreads(heads).filter((g) => !wanted || g.some((i) => wanted.has(heads[i]!.id)));
  const changed: ThreadPlace[] = [];
  let batch: EmailHead[][] = [];
  const flush = async () => {
    const members = batch.flat().map((h) => h.id);
    const [texts, files] = await Promise.all([emailTexts(w, members), attachmentsOf(w, members)]);
    for (const thread of batch) {
      const threadId = Math.min(...thread.map((h) => h.id));
      const inclusive = inclusiveOf(replyParents(thread), new Map(thread.map((h) => [h.id, { text: texts.get(h.id) ?? '', files: files.get(h.id) ?? new Set<string>() }])));
      for (const h of thread) {
        const flag = inclusive.get(h.id)!;
        if (h.thread_id !== threadId || h.inclusive !== (flag ? 1 : 0)) changed.push({ id: h.id, threadId, inclusive: flag });
      }
    }
    batch = [];
  };
  let size = 0;
  for (const g of groups) {
    batch.push(g.map((i) => heads[i]!));
    size += g.length;
    if (size >= BATCH_EMAILS) {
      await flush();
      size = 0;
    }
  }
  if (batch.length) await flush();
  if (changed.length) {
    await writeThreads(w, changed);
    await w.audit({ action: 'documents.thread', entity: 'document', entityId: String(changed[0]!.id), after: { emails: changed.length, threads: new Set(changed.map((c) => c.threadId)).size } });
  }
  return { threads: groups.length, emails: changed.length };
}

/** The emails of a document's thread as a reply tree, depth first, replies oldest first; empty for no email. */
export async function threadOf(q: Reader, id: number): Promise<ThreadEntry[]> {
  const d = await documentById(q, id);
  if (d?.thread_id === null || d?.thread_id === undefined) return [];
  const rows = (await threadRows(q, Number(d.thread_id))).sort(byDate);
  const parents = replyParents(rows);
  const replies = new Map<number | undefined, typeof rows>();
  for (const r of rows) {
    const p = parents.get(r.id);
    replies.set(p, [...(replies.get(p) ?? []), r]);
  }
  const out: ThreadEntry[] = [];
  const visit = (parent: number | undefined, depth: number) => {
    for (const r of replies.get(parent) ?? []) {
      out.push({ id: r.id, name: r.name, subject: r.email_subject, from: r.email_from, date: r.doc_date, emailDate: r.email_date, depth, inclusive: r.inclusive === 1 });
      visit(r.id, depth + 1);
    }
  };
  visit(undefined, 0);
  return out;
}
