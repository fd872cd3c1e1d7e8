import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import type { DocumentImportReport } from '../../core/api.ts';
import { emailIds, messageId } from '../../core/shared/message-id.ts';
import { threadSubject } from '../../core/documents/threads.ts';
import { suggestMapping } from '../../core/received/load-files/fields.ts';
import { ok, query, tamperWith, tempDir, testCore } from './helpers.ts';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';
import { emlText as eml, makeMsg, quote, write, type Mail } from './fixtures.ts';


async function importMails(core: Core, mails: Record<string, Mail>): Promise<Record<string, number>> {
  const dir = tempDir('sunshine-threads-');
  for (const [name, m] of Object.entries(mails)) write(dir, `${name}.eml`, eml(m));
  const r: DocumentImportReport = await ok(core.invoke('documents.import', { paths: [dir] }));
  return Object.fromEntries(r.files.map((f) => [path.basename(f.path, '.eml'), f.documentId!]));
}

async function threadOf(core: Core, id: number) {
  return (await ok(core.invoke('documents.thread', { id }))).entries;
}

describe('message ids', () => {
  it('are kept in one spelling: lower case, no brackets or whitespace, bounded', () => {
    expect(messageId(' <ABC.123@Mail.Example>\r\n')).toBe('abc.123@mail.example');
    expect(messageId('<x@y> extra <z>')).toBeUndefined();
    expect(messageId(`<${'a'.repeat(300)}@x>`)).toBeUndefined();
    expect(emailIds({ messageId: '<M1@X>', inReplyTo: '<p0@x> <P1@x>', references: '<r1@x>\r\n <R2@X> <r1@x>' })).toEqual({ messageId: 'm1@x', inReplyTo: 'p1@x', references: ['r1@x', 'r2@x'] });
    expect(emailIds({ references: Array.from({ length: 80 }, (_, i) => `<r${i}@x>`) }).references).toHaveLength(50);
    expect(emailIds({})).toEqual({});
  });

  it('are read from an Outlook message: its transport headers, else its Message-ID property', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    const msg = { from: 'Jane Roe', fromAddress: 'jane.roe@example.gov', to: 'Oversight Staff', body: 'Hazelcombe sponsor files.', delivered: new Date('2025-03-04T15:30:00Z'), attachment: { name: 'notes.txt', text: 'notes' } };
    await makeMsg(path.join(src, 'reply.msg'), {
      ...msg,
      subject: 'RE: Hazelcombe',
      headers: 'Received: from mail.example.gov\r\nMessage-ID:\r\n <MSG-2@Example.gov>\r\nIn-Reply-To: <msg-1@example.gov>\r\nReferences: <msg-0@example.gov>\r\n <msg-1@example.gov>\r\nSubject: RE: Hazelcombe\r\n',
    });
    await makeMsg(path.join(src, 'first.msg'), { ...msg, subject: 'Hazelcombe', messageId: '<MSG-1@example.gov>', attachment: { name: 'other.txt', text: 'other notes' } });
    await ok(core.invoke('documents.import', { paths: [src] }));
    expect(await query(core, `SELECT name, message_id, in_reply_to, email_refs FROM documents WHERE type = 'msg' ORDER BY name`)).toEqual([
      { name: 'first.msg', message_id: 'msg-1@example.gov', in_reply_to: null, email_refs: null },
      { name: 'reply.msg', message_id: 'msg-2@example.gov', in_reply_to: 'msg-1@example.gov', email_refs: 'msg-0@example.gov msg-1@example.gov' },
    ]);
  });

  it("a production's load file columns for them are recognised", () => {
    expect(suggestMapping(['BEGBATES', 'Message-ID', 'In Reply To', 'References'])).toMatchObject({ 'Message-ID': 'messageId', 'In Reply To': 'inReplyTo', References: 'references' });
  });

  it('subjects compare without reply and forward prefixes, tags, whitespace and case', () => {
    expect(threadSubject('RE: FW:  Placement')).toBe('placement');
    expect(threadSubject('[EXTERNAL] Re[2]: AW: WG: placement ')).toBe('placement');
    expect(threadSubject('Placement records')).toBe('placement records');
  });
});

describe('email threads', () => {
  const A = 'Lindenmoor: the sponsor file for case 7781 is attached.\nPlease review before Friday.';
  const B = `We reviewed it; two gaps in the vetting.\n\n${quote(A)}`;
  const C = `Which office holds the originals?\n\n${quote(A)}`;
  const D = `Gaps noted, escalating to the director.\n\n${quote(B)}`;

  it('groups a branching reply chain by Message-ID, In-Reply-To and References; leaves and unquoted emails are inclusive', async () => {
    const core = await testCore();
    const people = { from: 'Ana Ruiz <ana@agency.example>', to: 'ben@house.example' };
    const ids = await importMails(core, {
      a: { ...people, subject: 'Lindenmoor sponsor file', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: A, id: '<A-1@agency.example>', attachment: { name: 'sponsor-7781.txt', text: 'sponsor file lindenmoor 7781' } },
      b: { ...people, subject: 'RE: Lindenmoor sponsor file', date: 'Mon, 2 Mar 2026 10:00:00 +0000', body: B, id: '<b-1@house.example>', inReplyTo: '<a-1@agency.example>', references: '<a-1@agency.example>' },
      c: { ...people, subject: 'RE: Lindenmoor sponsor file', date: 'Mon, 2 Mar 2026 11:00:00 +0000', body: C, id: '<c-1@house.example>', inReplyTo: '<a-1@agency.example>', references: '<a-1@agency.example>' },
      // D names its parent only through References (its In-Reply-To is missing, as some mailers do).
      d: { ...people, subject: 'RE: RE: Lindenmoor sponsor file', date: 'Tue, 3 Mar 2026 09:00:00 +0000', body: D, id: '<d-1@agency.example>', references: '<a-1@agency.example> <b-1@house.example>' },
    });
    const rows = await query<{ id: number; message_id: string; in_reply_to: string | null; email_refs: string | null; thread_id: number; inclusive: number }>(
      core,
      `SELECT id, message_id, in_reply_to, email_refs, thread_id, inclusive FROM documents WHERE type = 'eml' ORDER BY id`,
    );
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    expect(byId.get(ids.a!)).toMatchObject({ message_id: 'a-1@agency.example', in_reply_to: null });
    expect(byId.get(ids.d!)).toMatchObject({ email_refs: 'a-1@agency.example b-1@house.example' });
    const thread = Math.min(ids.a!, ids.b!, ids.c!, ids.d!);
    expect(rows.map((r) => Number(r.thread_id))).toEqual(rows.map(() => thread));
    // A carries an attachment B and C do not: inclusive though both quote it. B is quoted whole in D: not inclusive.
    expect(Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, byId.get(id)!.inclusive]))).toEqual({ a: 1, b: 0, c: 1, d: 1 });
    // The attachment is no email: no thread, no flag.
    expect(await query(core, `SELECT thread_id, inclusive FROM documents WHERE type <> 'eml'`)).toEqual([{ thread_id: null, inclusive: null }]);

    const tree = await threadOf(core, ids.d!);
    expect(tree.map((e) => [e.id, e.depth, e.inclusive])).toEqual([
      [ids.a, 0, true],
      [ids.b, 1, false],
      [ids.d, 2, true],
      [ids.c, 1, true],
    ]);
    expect(tree[0]).toMatchObject({ subject: 'Lindenmoor sponsor file', from: expect.stringContaining('ana@agency.example'), date: expect.stringMatching(/^2026-03-02/) });

    // Search: only D holds "escalating"; whole threads bring its thread along, inclusive-only keeps A, C, D of it.
    const found = async (query: string, opts: { wholeThreads?: boolean; inclusiveOnly?: boolean }) =>
      (await ok(core.invoke('documents.search', { query, group: 'documents', ...opts }))).hits.map((h) => h.documentId).sort((x, y) => x - y);
    const sorted = (...list: (number | undefined)[]) => (list as number[]).sort((x, y) => x - y);
    const attachment = Number((await query<{ id: number }>(core, `SELECT id FROM documents WHERE type <> 'eml'`))[0]!.id);
    expect(await found('escalating', {})).toEqual([ids.d]);
    expect(await found('escalating', { wholeThreads: true })).toEqual(sorted(ids.a, ids.b, ids.c, ids.d));
    expect(await found('escalating', { wholeThreads: true, inclusiveOnly: true })).toEqual(sorted(ids.a, ids.c, ids.d));
    // Inclusive only: of the emails, B (quoted whole in D) goes; the attachment, no email, stays.
    expect(await found('lindenmoor', { inclusiveOnly: true })).toEqual(sorted(ids.a, ids.c, ids.d, attachment));
    // The list and a query of fields alone take the same filters.
    expect((await ok(core.invoke('documents.list', { type: 'eml', inclusiveOnly: true }))).rows.map((r) => r.id).sort((x, y) => x - y)).toEqual(sorted(ids.a, ids.c, ids.d));
    expect(await found('from:"ana@agency.example"', { inclusiveOnly: true })).toEqual(sorted(ids.a, ids.c, ids.d));
    // Tagging "by search" takes what the search shows.
    await ok(core.invoke('tags.create', { name: 'Escalation thread' }));
    const tagged = await ok(core.invoke('tags.apply', { tag: 'Escalation thread', search: { query: 'escalating', wholeThreads: true } }));
    expect(tagged).toMatchObject({ documents: 4 });
  });

  it('an email without its attachment-carrying parent quoted stays inclusive; a later import joins the thread it answers', async () => {
    const core = await testCore();
    const first = await importMails(core, {
      a: { from: 'ana@agency.example', to: 'ben@house.example', subject: 'Quarrymoss placements', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: 'Quarrymoss list for March.', id: '<q-1@agency.example>' },
    });
    expect((await threadOf(core, first.a!)).map((e) => e.inclusive)).toEqual([true]);
    const second = await importMails(core, {
      b: { from: 'ben@house.example', to: 'ana@agency.example', subject: 'Re: Quarrymoss placements', date: 'Mon, 2 Mar 2026 12:00:00 +0000', body: `Thanks.\n\n> Quarrymoss list for March.`, id: '<q-2@house.example>', inReplyTo: '<q-1@agency.example>' },
    });
    expect((await threadOf(core, first.a!)).map((e) => [e.id, e.inclusive])).toEqual([
      [first.a, false],
      [second.b, true],
    ]);
    // Emails imported before threads were kept are threaded on asking; asking again changes nothing.
    await tamperWith(core, 'UPDATE documents SET thread_id = NULL, inclusive = NULL');
    expect(await threadOf(core, first.a!)).toEqual([]);
    expect(await ok(core.invoke('documents.rethread', {}))).toEqual({ threads: 1, emails: 2 });
    expect((await threadOf(core, second.b!)).map((e) => [e.id, e.inclusive])).toEqual([
      [first.a, false],
      [second.b, true],
    ]);
    expect(await ok(core.invoke('documents.rethread', {}))).toEqual({ threads: 1, emails: 0 });
  });

  it('a reply imported before the email it answers joins it when that email comes', async () => {
    const core = await testCore();
    const reply = await importMails(core, {
      r: { from: 'ben@house.example', to: 'ana@agency.example', subject: 'Re: Tallowbrook audit', date: 'Tue, 3 Mar 2026 09:00:00 +0000', body: 'Agreed.\n\n> Tallowbrook audit is due.', id: '<t-2@house.example>', inReplyTo: '<t-1@agency.example>' },
    });
    const first = await importMails(core, {
      a: { from: 'ana@agency.example', to: 'ben@house.example', subject: 'Tallowbrook audit (draft)', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: 'Tallowbrook audit is due.', id: '<t-1@agency.example>' },
    });
    expect((await threadOf(core, reply.r!)).map((e) => [e.id, e.depth, e.inclusive])).toEqual([
      [first.a, 0, false],
      [reply.r, 1, true],
    ]);
  });

  it('sunshine search --whole-threads --inclusive-only, and sunshine documents rethread', async () => {
    const ws = await cliWorkspace();
    const dir = tempDir('sunshine-threads-');
    write(dir, 'ask.eml', eml({ from: 'ana@agency.example', to: 'ben@house.example', subject: 'Fernwhistle intake', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: 'Fernwhistle intake counts attached.', id: '<f-1@agency.example>' }));
    write(dir, 'answer.eml', eml({ from: 'ben@house.example', to: 'ana@agency.example', subject: 'Re: Fernwhistle intake', date: 'Mon, 2 Mar 2026 10:00:00 +0000', body: 'Received, thank you.\n\n> Fernwhistle intake counts attached.', id: '<f-2@house.example>', inReplyTo: '<f-1@agency.example>' }));
    expect(runSunshine(ws, ['import', dir]).code).toBe(0);
    const names = (args: string[]) => {
      const r = runSunshine(ws, ['--json', 'search', ...args, '--documents']);
      expect(r.code, r.err).toBe(0);
      return (JSON.parse(r.out) as { hits: { name: string }[] }).hits.map((h) => h.name).sort();
    };
    expect(names(['fernwhistle'])).toEqual(['answer.eml', 'ask.eml']);
    expect(names(['fernwhistle', '--inclusive-only'])).toEqual(['answer.eml']);
    expect(names(['thank', '--whole-threads'])).toEqual(['answer.eml', 'ask.eml']);
    expect(runSunshine(ws, ['documents', 'rethread'])).toMatchObject({ code: 0, out: '1 thread; 0 emails changed.\n' });
  });

  it('threads emails without ids by subject and a shared participant; the same subject between other people is another thread', async () => {
    const core = await testCore();
    const ids = await importMails(core, {
      p1: { from: 'ana@agency.example', to: 'ben@house.example', subject: 'Placement', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: 'Bramblecourt placement numbers.' },
      p2: { from: 'Ben <ben@house.example>', to: 'cy@house.example', subject: 'RE: FW: Placement', date: 'Tue, 3 Mar 2026 09:00:00 +0000', body: 'Forwarding.\n\nBramblecourt placement numbers.' },
      other: { from: 'dee@county.example', to: 'eli@county.example', subject: 'placement', date: 'Wed, 4 Mar 2026 09:00:00 +0000', body: 'County placement numbers.' },
    });
    const p1 = await threadOf(core, ids.p1!);
    expect(p1.map((e) => [e.id, e.depth, e.inclusive])).toEqual([
      [ids.p1, 0, false],
      [ids.p2, 1, true],
    ]);
    expect((await threadOf(core, ids.other!)).map((e) => e.id)).toEqual([ids.other]);
    // A query of fields alone takes whole threads in through the filters themselves.
    const hits = await ok(core.invoke('documents.search', { query: 'from:"cy@house.example" OR to:"cy@house.example"', group: 'documents', wholeThreads: true }));
    expect(hits.hits.map((h) => h.documentId).sort((x, y) => x - y)).toEqual([ids.p1!, ids.p2!].sort((x, y) => x - y));
  });
});
