/**
 * The db/ functions of requests, agencies, closures, counters, documents, review, redactions and
 * productions on both engines: the same calls, made the way the handlers make them, give the same
 * results on SQLite and on PostgreSQL (compared by names and references; ids may differ).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agenciesWithComponents, agencyClash, agencyFields, findAgencies, getAgency, insertAgency, listAgencies, updateAgency, wouldLoop, type AgencyFields } from '../../db/agencies.ts';
import { addClosure, deleteClosure, listClosures, overlappingClosures } from '../../db/closures.ts';
import {
  allDocumentBlobs,
  claimOcrItem,
  allFilteredDocuments,
  childrenOf,
  countDocuments,
  countPendingOcr,
  documentById,
  documentBySha,
  insertDocument,
  linkDocument,
  linksOf,
  listDocuments,
  namesOf,
  noteOcrFailure,
  pagesOf,
  pageText,
  pageWords,
  recordDuplicate,
  releaseOcrClaims,
  requeueWithoutWords,
  saveOcrText,
  unlinkDocument,
  type DocumentListQuery,
  type NewDocument,
} from '../../db/documents.ts';
import type { Engine } from '../../db/engine.ts';
import { openPgStore } from '../../db/pg/store.ts';
import { listProductions, nextFreeNumber, overlapping, recordProduction } from '../../db/productions.ts';
import { addRedaction, redactionById, redactionsOf, removeRedaction } from '../../db/redactions.ts';
import {
  claimReference,
  countRequests,
  deleteEvent,
  eventsOf,
  getRequestById,
  getRequestByReference,
  insertEvent,
  insertRequest,
  listRequests,
  noteReference,
  openByAgency,
  overdueBuckets,
  requestsWithEvents,
  saveDerived,
  setTracking,
  trackingOf,
  trackingOwner,
  updateRequest,
  type ListQuery,
  type RequestFields,
} from '../../db/requests.ts';
import {
  applyTag,
  deleteSavedSearch,
  deleteTag,
  documentHistory,
  existingDocuments,
  insertTag,
  listSavedSearches,
  listTags,
  reviewOf,
  savedSearchById,
  savedSearchByName,
  saveSearch,
  setReview,
  tagById,
  tagByPath,
  tagByShortcut,
  tagsOf,
  updateTag,
  withFamilies,
} from '../../db/review.ts';
import { openStore, type Writer } from '../../db/store.ts';
import { tempDir } from './helpers.ts';
import { newDocument } from './new-document.ts';
import { freshPgDatabase, pgServer, pgUrl } from './pg-helpers.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

interface Workspace {
  engine: Engine;
  write<T>(fn: (w: Writer) => Promise<T>): Promise<T>;
  /** Who the history says acted: the name given on SQLite, the database login on PostgreSQL (whatever name is given). */
  actor: string;
  close(): Promise<void>;
}

const kinds: { name: 'sqlite' | 'postgres'; open(): Promise<Workspace> }[] = [
  {
    name: 'sqlite',
    async open() {
      const store = openStore(path.join(tempDir(), 'sunshine.db'), { now: () => NOW });
      return { engine: store.engine, write: (fn) => store.write('tester', fn), actor: 'tester', close: async () => store.close() };
    },
  },
];
if (pgServer) {
  const s = pgServer;
  kinds.push({
    name: 'postgres',
    async open() {
      const store = await openPgStore(pgUrl(s, await freshPgDatabase(s, 'db_engines')), { password: s.password, now: () => NOW });
      return { engine: store.engine, write: (fn) => store.write('tester', fn), actor: store.login, close: () => store.close() };
    },
  });
}

it('runs on SQLite, and on PostgreSQL wherever a server runs', () => {
  expect(kinds.map((k) => k.name)).toEqual(pgServer ? ['sqlite', 'postgres'] : ['sqlite']);
});

const agency = (name: string, abbreviation: string, parentId: number | null = null): AgencyFields => ({
  name,
  abbreviation,
  parentId,
  foiaEmail: '',
  portalUrl: '',
  appealDays: 90,
  appealDayKind: 'calendar',
  receiptNextWorkingDay: false,
  notes: '',
});

const request = (agencyId: number, subject: string, more: Partial<RequestFields> = {}): RequestFields => ({
  kind: 'foia',
  agencyId,
  subject,
  recordsSought: '',
  recordsFrom: null,
  recordsTo: null,
  requester: '',
  assignee: '',
  priority: 'normal',
  expeditedRequested: false,
  expeditedGranted: null,
  feeWaiverRequested: false,
  feeWaiverGranted: null,
  feeCategory: null,
  feeEstimateCents: null,
  feePaidCents: null,
  dueAt: null,
  dueTz: null,
  dueAsap: false,
  notes: '',
  ...more,
});

const document = (name: string, more: Partial<NewDocument> = {}): NewDocument => newDocument(name, { source: 'engine-source', ...more });

describe.each(kinds)('db functions on $name', (kind) => {
  let ws: Workspace;
  let q: Engine;
  const write = <T>(fn: (w: Writer) => Promise<T>) => ws.write(fn);
  beforeAll(async () => {
    ws = await kind.open();
    q = ws.engine;
  });
  afterAll(() => ws?.close());

  // Shared by the tests below, in order: what the earlier ones made.
  const agencies: Record<string, number> = {};
  const requests: Record<string, number> = {};
  const docs: Record<string, number> = {};
  const ours = (names: string[]) => names.filter((n) => /engine/i.test(n));
  const ourTags = async () => (await listTags(q)).filter((t) => /engine/i.test(t.path));

  it('creates agencies and components, lists them in any case, finds them, refuses clashes and loops', async () => {
    await write(async (w) => {
      agencies.dept = await insertAgency(w, agency('Zeta engine Department', 'ZENG'));
      agencies.comp = await insertAgency(w, agency('alpha Engine Component', 'AENG', agencies.dept));
      agencies.sub = await insertAgency(w, agency('Beta engine Sub-component', 'beng', agencies.comp));
      agencies.other = await insertAgency(w, agency('Omega Engine Office', 'OENG'));
    });
    expect(ours((await listAgencies(q)).map((a) => a.name))).toEqual(['alpha Engine Component', 'Beta engine Sub-component', 'Omega Engine Office', 'Zeta engine Department']);
    expect((await getAgency(q, agencies.sub!))).toMatchObject({ abbreviation: 'beng', parent_abbreviation: 'AENG', receipt_next_working_day: 0 });
    expect((await findAgencies(q, ' zeng ')).map((a) => a.name)).toEqual(['Zeta engine Department']);
    expect((await findAgencies(q, 'ALPHA ENGINE COMPONENT')).map((a) => a.abbreviation)).toEqual(['AENG']);
    expect(await agencyClash(q, { name: 'Something Else', abbreviation: 'Beng' })).toMatchObject({ name: 'Beta engine Sub-component' });
    expect(await agencyClash(q, { name: 'Beta Engine Sub-Component', abbreviation: 'NEW' }, agencies.sub)).toBeUndefined();
    const withComponents = await agenciesWithComponents(q, [agencies.dept!]);
    expect(withComponents.sort((a, b) => a - b)).toEqual([agencies.dept, agencies.comp, agencies.sub].sort((a, b) => a! - b!));
    expect(await agenciesWithComponents(q, [])).toEqual([]);
    expect(await wouldLoop(q, agencies.dept!, agencies.sub!)).toBe(true);
    expect(await wouldLoop(q, agencies.sub!, agencies.sub!)).toBe(true);
    expect(await wouldLoop(q, agencies.other!, agencies.sub!)).toBe(false);
    const before = agencyFields((await getAgency(q, agencies.other!))!);
    await write((w) => updateAgency(w, agencies.other!, before, { ...before, notes: 'moved', receiptNextWorkingDay: true }));
    expect(await getAgency(q, agencies.other!)).toMatchObject({ notes: 'moved', receipt_next_working_day: 1 });
  });

  it('hands out references, keeps imported ones, creates, finds and updates requests', async () => {
    await write(async (w) => {
      expect(await claimReference(w, 2025)).toBe('REQ-2025-0001');
      await noteReference(w, 'REQ-2025-0010');
      expect(await claimReference(w, 2025)).toBe('REQ-2025-0011');
      requests.a = await insertRequest(w, 'REQ-2025-0011', request(agencies.dept!, 'engine budget letters', { assignee: 'Dana Reyes', priority: 'high' }));
      requests.b = await insertRequest(w, 'REQ-2025-0012', request(agencies.comp!, 'Engine contracts', { assignee: 'dana reyes', expeditedRequested: true }));
      requests.c = await insertRequest(w, 'REQ-2025-0013', request(agencies.other!, 'archived engine memos', { kind: 'subpoena' }));
      await saveDerived(w, requests.a!, { status: 'pending', dueDate: '2025-12-01', openedOn: '2025-11-01', isOpen: true, appealedEver: false });
      await saveDerived(w, requests.b!, { status: 'pending', dueDate: '2026-11-10', openedOn: '2026-10-01', isOpen: true, appealedEver: false });
      await saveDerived(w, requests.c!, { status: 'closed', dueDate: null, openedOn: null, isOpen: false, appealedEver: true });
    });
    // References from an earlier year start after any already there.
    await write(async (w) => {
      await w.run("UPDATE requests SET reference = 'REQ-2024-0041' WHERE id = ?", [requests.c]);
      await w.audit({ action: 'test.renumber', entity: 'request', entityId: 'REQ-2024-0041' });
      expect(await claimReference(w, 2024)).toBe('REQ-2024-0042');
    });
    expect(await getRequestByReference(q, ' req-2025-0012 ')).toMatchObject({ subject: 'Engine contracts', agency_abbreviation: 'AENG', expedited_requested: 1, is_open: 1 });
    expect((await getRequestById(q, requests.c!))!.reference).toBe('REQ-2024-0041');
    const before = (await getRequestById(q, requests.b!))!;
    await write(async (w) => {
      const was = request(agencies.comp!, 'Engine contracts', { assignee: 'dana reyes', expeditedRequested: true });
      await updateRequest(w, requests.b!, before.reference, was, { ...was, agencyId: agencies.sub!, feeEstimateCents: 2500 });
    });
    expect(await getRequestById(q, requests.b!)).toMatchObject({ agency_abbreviation: 'beng', fee_estimate_cents: 2500 });
    const change = await q.get<{ before: string; after: string }>("SELECT before, after FROM audit_log WHERE action = 'requests.update' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(change!.after)).toMatchObject({ agency: 'beng', feeEstimateCents: 2500 });
    expect(JSON.parse(change!.before)).toMatchObject({ agency: 'AENG' });
    expect(await countRequests(q)).toBe(3);
    expect((await requestsWithEvents(q)).map((r) => Number(r.row.id))).toEqual([requests.a, requests.b, requests.c].sort((a, b) => a! - b!));
    expect((await requestsWithEvents(q, agencies.dept!)).map((r) => Number(r.row.id))).toEqual([requests.a]);
  });

  it('keeps tracking numbers in order and finds their owner with A–Z folded and spaces trimmed, nothing else', async () => {
    await write((w) =>
      setTracking(w, requests.a!, 'REQ-2025-0011', [
        { kind: 'agency', number: 'ZENG-2025-77', agencyId: agencies.dept! },
        { kind: 'split', number: 'Éclair-9', agencyId: agencies.dept! },
      ]),
    );
    expect((await trackingOf(q, requests.a!)).map((t) => [t.kind, t.number, t.agency_abbreviation])).toEqual([
      ['agency', 'ZENG-2025-77', 'ZENG'],
      ['split', 'Éclair-9', 'ZENG'],
    ]);
    expect((await getRequestById(q, requests.a!))!.tracking).toBe('ZENG-2025-77, Éclair-9');
    expect(await trackingOwner(q, agencies.dept!, '  zeng-2025-77 ')).toEqual({ reference: 'REQ-2025-0011', number: 'ZENG-2025-77' });
    expect(await trackingOwner(q, agencies.dept!, 'ÉCLAIR-9')).toEqual({ reference: 'REQ-2025-0011', number: 'Éclair-9' });
    // Only A–Z fold, on both engines: É and é are different numbers.
    expect(await trackingOwner(q, agencies.dept!, 'éclair-9')).toBeUndefined();
    expect(await trackingOwner(q, agencies.dept!, 'ZENG-2025-77', requests.a)).toBeUndefined();
    expect(await trackingOwner(q, agencies.other!, 'ZENG-2025-77')).toBeUndefined();
    // The same list again changes nothing and writes no audit row.
    const audited = async () => (await q.get<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'requests.tracking'"))!.n;
    const n = await audited();
    const same = (await trackingOf(q, requests.a!)).map((t) => ({ kind: t.kind, number: t.number, agencyId: t.agency_id }));
    await write((w) => setTracking(w, requests.a!, 'REQ-2025-0011', same));
    expect(await audited()).toBe(n);
  });

  it('keeps a timeline of events in date order', async () => {
    const ids = await write(async (w) => [
      await insertEvent(w, requests.a!, 'REQ-2025-0011', { type: 'acknowledged', date: '2025-11-05', reason: null, outcome: null, exemptions: [], statute: null, note: 'second' }),
      await insertEvent(w, requests.a!, 'REQ-2025-0011', { type: 'sent', date: '2025-11-01', reason: null, outcome: null, exemptions: ['b5'], statute: null, note: 'first' }),
    ]);
    expect((await eventsOf(q, requests.a!)).map((e) => [e.type, e.date, e.exemptions])).toEqual([
      ['sent', '2025-11-01', '["b5"]'],
      ['acknowledged', '2025-11-05', '[]'],
    ]);
    const first = (await eventsOf(q, requests.a!)).find((e) => e.id === ids[0])!;
    await write((w) => deleteEvent(w, 'REQ-2025-0011', first));
    expect((await eventsOf(q, requests.a!)).map((e) => e.note)).toEqual(['first']);
    // Read for many requests at once, each keeps its own events in the same order.
    const many = await requestsWithEvents(q);
    expect(many.find((r) => Number(r.row.id) === requests.a)!.events.map((e) => [e.type, e.note])).toEqual([['sent', 'first']]);
    expect(many.find((r) => Number(r.row.id) === requests.b)!.events).toEqual([]);
  });

  it('lists requests filtered by assignee in any case and sorted by text in any case, both ways', async () => {
    const list = async (l: Partial<ListQuery>) =>
      (await listRequests(q, { sort: 'due', dir: 'asc', offset: 0, limit: 50, ...l })).rows.map((r) => r.reference);
    expect(await list({ assignee: 'DANA REYES', sort: 'reference' })).toEqual(['REQ-2025-0011', 'REQ-2025-0012']);
    expect(await list({ sort: 'subject' })).toEqual(['REQ-2024-0041', 'REQ-2025-0011', 'REQ-2025-0012']);
    expect(await list({ sort: 'subject', dir: 'desc' })).toEqual(['REQ-2025-0012', 'REQ-2025-0011', 'REQ-2024-0041']);
    expect(await list({ sort: 'agency' })).toEqual(['REQ-2025-0012', 'REQ-2024-0041', 'REQ-2025-0011']);
    expect(await list({ sort: 'agency', dir: 'desc' })).toEqual(['REQ-2025-0011', 'REQ-2024-0041', 'REQ-2025-0012']);
    expect(await list({ sort: 'opened', dir: 'desc' })).toEqual(['REQ-2025-0012', 'REQ-2025-0011', 'REQ-2024-0041']);
    expect(await list({ sort: 'opened' })).toEqual(['REQ-2025-0011', 'REQ-2025-0012', 'REQ-2024-0041']);
    expect(await list({ sort: 'priority' })).toEqual(['REQ-2025-0011', 'REQ-2025-0012', 'REQ-2024-0041']);
    expect(await list({ sort: 'priority', dir: 'desc' })).toEqual(['REQ-2024-0041', 'REQ-2025-0012', 'REQ-2025-0011']);
    expect(await list({ sort: 'due' })).toEqual(['REQ-2025-0011', 'REQ-2025-0012', 'REQ-2024-0041']);
    expect(await list({ openOnly: true, kinds: ['foia'], statuses: ['pending'], agencyIds: [agencies.dept!, agencies.sub!] })).toEqual(['REQ-2025-0011', 'REQ-2025-0012']);
    expect(await list({ overdueBefore: '2025-12-15' })).toEqual(['REQ-2025-0011']);
    expect(await listRequests(q, { sort: 'due', dir: 'asc', offset: 1, limit: 1 })).toMatchObject({ total: 3, rows: [{ reference: 'REQ-2025-0012' }] });
    expect(await openByAgency(q, '2026-11-30')).toEqual([
      // Byte order on both engines: capitals first.
      { agency: 'ZENG', open: 1, overdue: 1 },
      { agency: 'beng', open: 1, overdue: 1 },
    ]);
    expect(await overdueBuckets(q, '2026-11-30')).toEqual([
      { label: '1–10 days', count: 0 },
      { label: '11–30 days', count: 1 },
      { label: '31–90 days', count: 0 },
      { label: '91–365 days', count: 1 },
      { label: 'over a year', count: 0 },
    ]);
  });

  it('adds, finds and removes closure days and ranges', async () => {
    await write(async (w) => {
      await addClosure(w, { date: '2025-10-01', until: '2025-10-05', reason: 'Engine shutdown' });
      await addClosure(w, { date: '2025-12-24', until: '2025-12-24', reason: 'Engine order' });
    });
    expect(await listClosures(q)).toEqual([
      { date: '2025-10-01', until: '2025-10-05', reason: 'Engine shutdown' },
      { date: '2025-12-24', until: '2025-12-24', reason: 'Engine order' },
    ]);
    expect((await overlappingClosures(q, '2025-10-05', '2025-12-01')).map((c) => c.reason)).toEqual(['Engine shutdown']);
    expect(await overlappingClosures(q, '2025-10-06', '2025-12-23')).toEqual([]);
    expect(await write((w) => deleteClosure(w, '2025-10-01'))).toBe(true);
    expect(await write((w) => deleteClosure(w, '2025-10-01'))).toBe(false);
    expect((await listClosures(q)).map((c) => c.date)).toEqual(['2025-12-24']);
  });

  it('stores documents with names, pages, families, links and the OCR queue', async () => {
    await write(async (w) => {
      docs.mail = await insertDocument(w, document('engine-mail.eml', { type: 'email', docDate: '2025-03-02T09:00:00.000Z', pages: ['mail body'] }));
      docs.att = await insertDocument(w, document('engine-scan.pdf', { type: 'pdf', parentId: docs.mail, docDate: '2025-03-02T09:00:00.000Z', pages: ['', 'typed page'], ocrPages: [0] }));
      docs.memo = await insertDocument(w, document('engine-memo.txt', { docDate: '2024-07-15T12:00:00.000Z', source: 'engine-other' }));
      docs.loose = await insertDocument(w, document('engine-undated.txt'));
      await recordDuplicate(w, docs.memo!, 'engine-memo-copy.txt', '/elsewhere/engine-memo-copy.txt', 'engine-source');
    });
    expect((await namesOf(q, docs.memo!)).map((n) => [n.name, n.source])).toEqual([
      ['engine-memo.txt', 'engine-other'],
      ['engine-memo-copy.txt', 'engine-source'],
    ]);
    expect((await childrenOf(q, docs.mail!)).map((d) => d.name)).toEqual(['engine-scan.pdf']);
    expect(await pagesOf(q, docs.att!)).toEqual([{ page_no: 1, text: '' }, { page_no: 2, text: 'typed page' }]);
    expect(await pageText(q, docs.att!, 2)).toBe('typed page');
    expect(await documentById(q, docs.att!)).toMatchObject({ status: 'ocr-pending', page_count: 2, parent_id: docs.mail });
    expect(await countDocuments(q)).toBe(4);
    expect(await countPendingOcr(q)).toBe(1);
    expect((await allDocumentBlobs(q)).map((b) => [b.name, b.sha256, b.size])).toEqual([
      ['engine-mail.eml', 'sha-engine-mail.eml', 15],
      ['engine-scan.pdf', 'sha-engine-scan.pdf', 15],
      ['engine-memo.txt', 'sha-engine-memo.txt', 15],
      ['engine-undated.txt', 'sha-engine-undated.txt', 18],
    ]);

    expect(await write((w) => linkDocument(w, docs.memo!, requests.a!, 'REQ-2025-0011'))).toBe(true);
    expect(await write((w) => linkDocument(w, docs.memo!, requests.a!, 'REQ-2025-0011'))).toBe(false);
    await write((w) => linkDocument(w, docs.memo!, requests.b!, 'REQ-2025-0012'));
    await write((w) => linkDocument(w, docs.mail!, requests.b!, 'REQ-2025-0012'));
    expect(await linksOf(q, docs.memo!)).toEqual(['REQ-2025-0011', 'REQ-2025-0012']);
    expect(await write((w) => unlinkDocument(w, docs.memo!, requests.a!, 'REQ-2025-0011'))).toBe(true);
    expect(await linksOf(q, docs.memo!)).toEqual(['REQ-2025-0012']);

    // A claim is one reader's until it finishes, fails, gives it back, or is older than staleBefore.
    const claim = (owner: string, maxAttempts = 3, now = '2026-11-20T10:00:00.000Z', staleBefore = '2026-11-20T09:30:00.000Z') => claimOcrItem(q, maxAttempts, owner, now, staleBefore);
    const item = (await claim('reader-a'))!;
    expect(item).toMatchObject({ document_id: docs.att, page_no: 1, sha256: 'sha-engine-scan.pdf', type: 'pdf', attempts: 0 });
    expect(await claim('reader-b')).toBeUndefined();
    expect(await claim('reader-b', 3, '2026-11-20T11:00:00.000Z', '2026-11-20T10:30:00.000Z')).toMatchObject({ page_id: item.page_id });
    await noteOcrFailure(q, item.page_id, 'engine unreadable');
    expect(await claim('reader-c', 1)).toBeUndefined();
    expect(await claim('reader-c', 2)).toMatchObject({ page_id: item.page_id, attempts: 1 });
    expect(await claim('reader-d', 2)).toBeUndefined();
    await releaseOcrClaims(q, 'reader-c');
    expect(await claim('reader-d', 2)).toMatchObject({ page_id: item.page_id });
    await write((w) => saveOcrText(w, item, 'scanned engine words', null));
    expect(await documentById(q, docs.att!)).toMatchObject({ status: 'ready' });
    expect(await countPendingOcr(q)).toBe(0);
    // Read before word boxes were kept: queued again, once.
    expect(await write((w) => requeueWithoutWords(w, docs.att!))).toBe(1);
    expect(await write((w) => requeueWithoutWords(w, docs.att!))).toBe(0);
    expect(await documentById(q, docs.att!)).toMatchObject({ status: 'ocr-pending' });
    const again = (await claim('reader-e'))!;
    await write((w) => saveOcrText(w, again, 'scanned engine words', '[]'));
    expect(await documentById(q, docs.att!)).toMatchObject({ status: 'ready' });
    expect(await pageWords(q, docs.att!, 1)).toBe('[]');
    expect(await pageWords(q, docs.att!, 2)).toBeNull();
    expect((await documentBySha(q, 'sha-engine-scan.pdf'))!.id).toBe(docs.att);
    expect(await documentBySha(q, 'sha-none')).toBeUndefined();
  });

  it('tags documents, codes them, and filters the document list by every filter', async () => {
    const tags = await write(async (w) => {
      const root = await insertTag(w, { parentId: null, name: 'Engine', path: 'Engine', color: 'red', shortcut: null });
      const hot = await insertTag(w, { parentId: root, name: 'hot', path: 'Engine/hot', color: 'red', shortcut: 'h' });
      const alpha = await insertTag(w, { parentId: null, name: 'alpha-engine', path: 'alpha-engine', color: 'blue', shortcut: null });
      return { root, hot, alpha };
    });
    const hot = (await tagById(q, tags.hot))!;
    expect(await write((w) => applyTag(w, hot, [docs.mail!, docs.memo!], false, {}))).toBe(2);
    expect(await write((w) => applyTag(w, hot, [docs.mail!, docs.memo!, docs.att!], false, {}))).toBe(1);
    expect(await write((w) => applyTag(w, hot, [docs.att!], true, {}))).toBe(1);
    expect(await write((w) => applyTag(w, hot, [docs.att!], true, {}))).toBe(0);
    await write(async (w) => applyTag(w, (await tagById(w, tags.alpha))!, [docs.memo!], false, {}));
    expect((await ourTags()).map((t) => [t.path, t.count])).toEqual([
      ['alpha-engine', 1],
      ['Engine', 0],
      ['Engine/hot', 2],
    ]);
    expect((await tagsOf(q, docs.memo!)).map((t) => t.path)).toEqual(['alpha-engine', 'Engine/hot']);
    expect((await tagByPath(q, 'ENGINE/HOT'))!.id).toBe(tags.hot);
    expect((await tagByShortcut(q, 'h'))!.path).toBe('Engine/hot');
    expect(await tagByShortcut(q, 'H')).toBeUndefined();

    expect(await write((w) => setReview(w, [docs.mail!, docs.memo!], { status: 'responsive', exemptions: ['b6'] }, {}))).toBe(2);
    expect(await write((w) => setReview(w, [docs.mail!, docs.memo!, docs.att!], { status: 'responsive', exemptions: ['b6'] }, {}))).toBe(1);
    expect(await write((w) => setReview(w, [docs.memo!], { rating: 'hot', status: 'privileged' }, {}))).toBe(1);
    expect(await reviewOf(q, docs.memo!)).toMatchObject({ status: 'privileged', rating: 'hot', exemptions: '["b6"]', updated_by: ws.actor, updated_at: NOW.toISOString() });
    // A bulk change's entry comes without the list of every document it touched (it can be 100,000 long).
    const bulk = (await documentHistory(q, docs.memo!)).filter((h) => h.action === 'tags.add');
    expect(bulk.every((h) => !('ids' in (JSON.parse(h.after!) as object)) && 'tag' in (JSON.parse(h.after!) as object))).toBe(true);
    // Each document a bulk change touched shows the same entry, however often it is read.
    const shared = async (doc: number) => (await documentHistory(q, doc)).filter((h) => h.action === 'review.set').map((h) => ({ seq: h.seq, after: JSON.parse(h.after!) as unknown }));
    const ofMail = await shared(docs.mail!);
    expect(ofMail[0]).toEqual({ seq: ofMail[0]!.seq, after: { status: 'responsive', exemptions: ['b6'], documents: 2, changed: 2 } });
    expect((await shared(docs.memo!)).slice(0, 1)).toEqual(ofMail.slice(0, 1));
    expect(await shared(docs.mail!)).toEqual(ofMail);
    expect((await documentHistory(q, docs.memo!)).map((h) => h.action)).toEqual(['documents.add', 'documents.duplicate', 'documents.link', 'documents.link', 'documents.unlink', 'tags.add', 'tags.add', 'tags.add', 'review.set', 'review.set', 'review.set']);

    const list = async (l: Partial<DocumentListQuery>) => (await listDocuments(q, { offset: 0, limit: 50, ...l })).rows.map((d) => d.name);
    expect(await list({})).toEqual(['engine-undated.txt', 'engine-memo.txt', 'engine-scan.pdf', 'engine-mail.eml']);
    expect(await list({ sort: 'date' })).toEqual(['engine-scan.pdf', 'engine-mail.eml', 'engine-memo.txt', 'engine-undated.txt']);
    expect(await list({ type: 'pdf' })).toEqual(['engine-scan.pdf']);
    expect(await list({ requestId: requests.b })).toEqual(['engine-memo.txt', 'engine-mail.eml']);
    expect(await list({ source: 'engine-other' })).toEqual(['engine-memo.txt']);
    expect(await list({ source: 'engine-source' })).toEqual(['engine-undated.txt', 'engine-memo.txt', 'engine-scan.pdf', 'engine-mail.eml']);
    expect(await list({ tagIds: [tags.root, tags.hot] })).toEqual(['engine-memo.txt', 'engine-mail.eml']);
    expect(await list({ tagIds: [] })).toEqual([]);
    expect(await list({ status: 'unreviewed' })).toEqual(['engine-undated.txt']);
    expect(await list({ status: 'responsive' })).toEqual(['engine-scan.pdf', 'engine-mail.eml']);
    expect(await list({ from: '2025-01-01', before: '2025-03-03' })).toEqual(['engine-scan.pdf', 'engine-mail.eml']);
    expect(await list({ before: '2025-03-02' })).toEqual(['engine-memo.txt']);
    expect(await listDocuments(q, { offset: 1, limit: 2 })).toMatchObject({ total: 4, rows: [{ name: 'engine-memo.txt' }, { name: 'engine-scan.pdf' }] });
    expect((await allFilteredDocuments(q, { tagIds: [tags.hot], status: 'responsive' })).sort()).toEqual([docs.mail]);

    expect((await existingDocuments(q, [docs.memo!, 999_999])).sort()).toEqual([docs.memo]);
    const names = async (ids: number[]) => (await Promise.all(ids.map(async (id) => (await documentById(q, id))!.name))).sort();
    expect(await names(await withFamilies(q, [docs.att!]))).toEqual(['engine-mail.eml', 'engine-scan.pdf']);
    expect(await names(await withFamilies(q, [docs.memo!, docs.loose!]))).toEqual(['engine-memo.txt', 'engine-undated.txt']);
  });

  it('renames tags in any case with what is under them, deletes them with their subtree, and keeps saved searches by name in any case', async () => {
    const root = (await tagByPath(q, 'engine'))!;
    await write((w) => updateTag(w, root, { parentId: null, name: 'ENGINE ROOM', path: 'ENGINE ROOM', color: 'green', shortcut: null }));
    expect((await ourTags()).map((t) => t.path)).toEqual(['alpha-engine', 'ENGINE ROOM', 'ENGINE ROOM/hot']);
    expect(await write(async (w) => deleteTag(w, (await tagByPath(w, 'engine room'))!))).toBe(2);
    expect((await ourTags()).map((t) => t.path)).toEqual(['alpha-engine']);

    const first = await write((w) => saveSearch(w, { name: 'Engine memos', query: 'memo', filters: {} }));
    await write((w) => saveSearch(w, { name: 'another engine', query: 'letter', filters: { type: 'pdf' } }));
    expect(await write((w) => saveSearch(w, { name: 'ENGINE MEMOS', query: 'memo OR letter', filters: {} }))).toBe(first);
    expect(await savedSearchByName(q, 'engine memos')).toMatchObject({ id: first, name: 'ENGINE MEMOS', filters: '{}' });
    expect((await listSavedSearches(q)).map((s) => [s.name, s.query])).toEqual([
      ['another engine', 'letter'],
      ['ENGINE MEMOS', 'memo OR letter'],
    ]);
    await write(async (w) => deleteSavedSearch(w, (await savedSearchById(w, first))!));
    expect((await listSavedSearches(q)).map((s) => s.name)).toEqual(['another engine']);
  });

  it('keeps redaction boxes and records productions with their Bates numbers, prefixes in any case', async () => {
    const id = await write((w) => addRedaction(w, { document_id: docs.memo!, page_no: 1, x: 0.1, y: 0.25, width: 0.5, height: 0.125, reason: 'b6' }));
    await write((w) => addRedaction(w, { document_id: docs.memo!, page_no: 1, x: 0.5, y: 0.5, width: 0.25, height: 0.25, reason: 'b7(C)' }));
    expect((await redactionsOf(q, docs.memo!)).map((r) => [r.reason, r.x, r.height, r.created_by])).toEqual([
      ['b6', 0.1, 0.125, ws.actor],
      ['b7(C)', 0.5, 0.25, ws.actor],
    ]);
    await write(async (w) => removeRedaction(w, (await redactionById(w, id))!));
    expect((await redactionsOf(q, docs.memo!)).map((r) => r.reason)).toEqual(['b7(C)']);

    const production = await write((w) =>
      recordProduction(
        w,
        { name: 'Engine volume 1', request_id: requests.b!, recipient: 'Committee', prefix: 'ENG', first_number: 1, last_number: 3, padding: 8, documents: 2, pages: 3, folder: 'vol1' },
        [
          { documentId: docs.mail!, begin: 1, end: 1, disposition: 'produced' },
          { documentId: docs.att!, begin: 2, end: 3, disposition: 'withheld' },
        ],
        'REQ-2025-0012',
      ),
    );
    expect(await q.all('SELECT begin_number, end_number, disposition FROM production_documents WHERE production_id = ? ORDER BY begin_number', [production])).toEqual([
      { begin_number: 1, end_number: 1, disposition: 'produced' },
      { begin_number: 2, end_number: 3, disposition: 'withheld' },
    ]);
    expect((await listProductions(q)).map((p) => [p.name, p.reference, p.first_number, p.last_number])).toEqual([['Engine volume 1', 'REQ-2025-0012', 1, 3]]);
    expect((await overlapping(q, 'eng', 3, 10)).map((p) => p.name)).toEqual(['Engine volume 1']);
    expect(await overlapping(q, 'eng', 4, 10)).toEqual([]);
    expect(await nextFreeNumber(q, 'Eng')).toBe(4);
    expect(await nextFreeNumber(q, 'OTHER')).toBe(1);
  });
});

describe.each(kinds)('the OCR queue on $name', (kind) => {
  let ws: Workspace;
  let q: Engine;
  beforeAll(async () => {
    ws = await kind.open();
    q = ws.engine;
  });
  afterAll(() => ws?.close());

  it('gives every queued page to exactly one of several readers claiming at the same moment', async () => {
    const scan = await ws.write((w) => insertDocument(w, document('engine-stack.pdf', { type: 'pdf', pages: Array.from({ length: 24 }, () => ''), ocrPages: Array.from({ length: 24 }, (_, i) => i) })));
    const now = '2026-11-20T10:00:00.000Z';
    const stale = '2026-11-20T09:30:00.000Z';
    // Four readers (on PostgreSQL each claim is a connection of the pool of its own), each taking pages until none is left.
    const reader = async (owner: string) => {
      const got: number[] = [];
      for (let item = await claimOcrItem(q, 3, owner, now, stale); item; item = await claimOcrItem(q, 3, owner, now, stale)) got.push(item.page_id);
      return got;
    };
    const taken = await Promise.all(['r1', 'r2', 'r3', 'r4'].map(reader));
    const all = taken.flat();
    expect(new Set(all).size).toBe(all.length);
    const pages = (await q.all<{ id: number }>('SELECT id FROM pages WHERE document_id = ?', [scan])).map((p) => Number(p.id));
    expect(pages).toHaveLength(24);
    for (const id of pages) expect(all).toContain(id);
    // Nothing is left for a fifth reader.
    expect(await claimOcrItem(q, 3, 'r5', now, stale)).toBeUndefined();
  });
});
