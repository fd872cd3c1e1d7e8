/**
 * The one rule for saving over someone else's change. Every record a person edits carries a version
 * (migration 27), raised by one with each edit. A form sends the version it loaded; inside the write
 * (the writer lock is held, so nothing can land between this check and the save) a save from an
 * older version is refused with who changed what since, and when: "Ana Ruiz changed the due date at
 * 14:02 — reload or keep yours". Without a version (the CLI, scripts) the save goes ahead.
 */
import type { Writer } from '../db/store.ts';
import { changesOf, versionOf, type VersionedTable } from '../db/versions.ts';
import { documentHistory } from '../db/review.ts';
import { displayNames } from '../db/team.ts';
import { AppError } from './errors.ts';
import { officeZone } from './handlers/settings.ts';
import { STALE_ENDING } from './shared/versions.ts';

export type VersionedKind = 'request' | 'disclosure' | 'agency' | 'tag' | 'document';

interface KindSpec {
  table: VersionedTable;
  /** The audit rows' entity. */
  entity: string;
  /** The audited actions that raise the version: one row for each raise. */
  actions: readonly string[];
}

const KINDS: Record<VersionedKind, KindSpec> = {
  request: { table: 'requests', entity: 'request', actions: ['requests.update', 'requests.tracking'] },
  disclosure: { table: 'disclosures', entity: 'disclosure', actions: ['disclosures.update'] },
  agency: { table: 'agencies', entity: 'agency', actions: ['agencies.update'] },
  tag: { table: 'tags', entity: 'tag', actions: ['tags.update'] },
  document: { table: 'documents', entity: 'document', actions: ['review.set', 'tags.add', 'tags.remove'] },
};

/**
 * What a changed field is called in the refusal, by the key the audit row records it under. One
 * map for every kind of record; fields that are not a person's edit (counts, the search a bulk
 * change came from) have no words and are left out.
 */
const FIELD_WORDS: Record<string, string> = {
  // requests
  kind: 'the kind',
  agency: 'the agency',
  agencyId: 'the agency',
  subject: 'the subject',
  recordsSought: 'the records sought',
  recordsFrom: 'the date range of records',
  recordsTo: 'the date range of records',
  requester: 'the requester',
  assignee: 'the assignee',
  priority: 'the priority',
  expeditedRequested: 'expedited processing',
  expeditedGranted: 'expedited processing',
  feeWaiverRequested: 'the fee waiver',
  feeWaiverGranted: 'the fee waiver',
  feeCategory: 'the fee category',
  feeEstimateCents: 'the fee estimate',
  feePaidCents: 'the fees paid',
  dueAt: 'the due date',
  dueTz: 'the due date',
  dueAsap: 'the due date',
  notes: 'the notes',
  // disclosures
  received_on: 'the date received',
  channel: 'the channel',
  summary: 'the summary',
  agencies: 'the agencies concerned',
  allegations: 'the allegations',
  tags: 'the tags',
  retaliation: 'the retaliation alleged',
  personnel_action: 'the personnel action',
  classified: 'the classified marking',
  status: 'the status',
  pseudonym: 'the pseudonym',
  // agencies
  name: 'the name',
  abbreviation: 'the abbreviation',
  parentId: 'the parent',
  foiaEmail: 'the FOIA email',
  portalUrl: 'the portal address',
  appealDays: 'the appeal window',
  appealDayKind: 'the appeal window',
  receiptNextWorkingDay: 'the receipt rule',
  // tags (a path changes with its name or its parent, each named on its own)
  color: 'the colour',
  shortcut: 'the shortcut',
  // a document's coding
  rating: 'the rating',
  privilege: 'the privilege basis',
  exemptions: 'the exemptions',
  log_description: 'the privilege log description',
};

/** Actions whose rows name what changed by themselves, not by their fields. */
const ACTION_WORDS: Record<string, string> = {
  'requests.tracking': 'the tracking numbers',
  'tags.add': 'the tags',
  'tags.remove': 'the tags',
};

/** One audited change, as the refusal reads it. */
interface Change {
  at: string;
  actor: string;
  action: string;
  before: string | null;
  after: string | null;
}

const parsed = (json: string | null): Record<string, unknown> => {
  try {
    const v = json === null ? null : (JSON.parse(json) as unknown);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The words for what one change touched: the fields whose values differ (rows that record only what changed list just those). */
function wordsOf(c: Change): string[] {
  if (ACTION_WORDS[c.action]) return [ACTION_WORDS[c.action]!];
  const before = parsed(c.before);
  const after = parsed(c.after);
  // A row may record its before as stored (parent_id) and its after as given (parentId).
  const was = (k: string) => (k in before ? before[k] : before[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]);
  return Object.keys(after)
    .filter((k) => JSON.stringify(was(k)) !== JSON.stringify(after[k]))
    .flatMap((k) => (FIELD_WORDS[k] ? [FIELD_WORDS[k]] : []));
}

/** "a", "a and b", "a, b and c". */
export function inWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/** "at 14:02" when the change was made today in the office's zone, else "on 2026-11-30". */
export function whenInWords(at: string, now: Date, zone: string): string {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const then = new Date(at);
  if (day(then) !== day(now)) return `on ${day(then)}`;
  return `at ${new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(then)}`;
}

/** "Ana Ruiz changed the due date and the status at 14:02 — reload or keep yours", from the changes made since, newest first. */
export function staleMessage(changes: Change[], names: Map<string, string>, now: Date, zone: string): string {
  if (changes.length === 0) return `Someone else saved this since you opened it — ${STALE_ENDING}`;
  const who = [...new Set(changes.map((c) => names.get(c.actor) || c.actor))];
  const what = [...new Set(changes.toReversed().flatMap(wordsOf))];
  return `${inWords(who)} changed ${what.length ? inWords(what) : 'it'} ${whenInWords(changes[0]!.at, now, zone)} — ${STALE_ENDING}`;
}

/**
 * Refuse (CONFLICT) a save made from `loaded` when the record has changed since. Call it first
 * thing inside the write that saves, before anything is read to decide the save. `id` is the row's
 * id; `entityId` what its audit rows name it by (a request's reference).
 */
export async function refuseStale(w: Writer, now: Date, kind: VersionedKind, id: number, entityId: string, loaded: number | undefined): Promise<void> {
  if (loaded === undefined) return;
  const spec = KINDS[kind];
  const current = await versionOf(w, spec.table, id);
  if (current === undefined || current <= loaded) {
    if (current !== undefined && loaded > current) throw new AppError('BAD_INPUT', `version: ${loaded} is newer than the ${kind}'s version ${current}; reload it.`);
    return;
  }
  const since = current - loaded;
  const changes: Change[] =
    kind === 'document'
      ? (await documentHistory(w, id))
          .filter((r) => spec.actions.includes(r.action))
          .slice(-since)
          .reverse()
          .map((r) => ({ at: r.at, actor: r.actor, action: r.action, before: null, after: r.after }))
      : await changesOf(w, spec.entity, entityId, spec.actions, since);
  throw new AppError('CONFLICT', staleMessage(changes, await displayNames(w), now, await officeZone(w)));
}
