import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { simpleParser } from 'mailparser';
import { readMboxBatch } from '../../core/documents/extract/mbox.ts';
import { ingest } from '../../core/documents/ingest.ts';
import { ExtractPool } from '../../core/documents/extract-pool.ts';
import { readPstBatch } from '../../core/documents/extract/pst.ts';
import type { MailboxCursor } from '../../core/documents/extract/mailbox-batch.ts';
import { cliWorkspace, runSunshine } from './cli-workspace.ts';
import { pstMessageEml, type PstAttachmentLike, type PstMessageLike } from '../../core/documents/extract/pst-eml.ts';
import { ok, query, tempDir, testCore } from './helpers.ts';

/**
 * No small PST ships with any package here, and writing one is out of reach: the folder walk is
 * tested on a stand-in for pst-extractor's PSTFile (in this process only; the helpers that import
 * real files load the real one).
 */
const fakePst = vi.hoisted(() => {
  class Folder {
    currentEmailIndex = 0;
    constructor(
      readonly displayName: string,
      readonly items: unknown[] = [],
      readonly subs: Folder[] = [],
    ) {}
    get contentCount() {
      return this.items.length;
    }
    get hasSubfolders() {
      return this.subs.length > 0;
    }
    getSubFolders() {
      return this.subs;
    }
    moveChildCursorTo(i: number) {
      this.currentEmailIndex = i;
    }
    getNextChild(): unknown {
      if (this.currentEmailIndex >= this.items.length) return null;
      const item = this.items[this.currentEmailIndex++];
      if (item instanceof Error) throw item;
      // pst-extractor passes over an item it cannot load, as if it were not there.
      if (item === 'unloadable') return this.getNextChild();
      return item;
    }
  }
  return { Folder, root: null as unknown };
});
vi.mock('pst-extractor', () => ({
  PSTFile: class {
    constructor(file: string) {
      if (file.endsWith('bad.pst')) throw new Error('PSTFile::open Unrecognised PST File version: 90');
    }
    getRootFolder() {
      return fakePst.root;
    }
    close() {}
  },
}));

/** One mbox message: separator, headers, body (lines as given: the test decides what is quoted). */
function mboxMessage(o: { from?: string; id: string; subject: string; date?: string; body: string; attachment?: { name: string; text: string } }): string {
  const from = o.from ?? 'jdoe@orr.example.gov';
  const head = [`From ${from} Mon Mar  3 09:15:00 2025`, `From: Jane Doe <${from}>`, 'To: Tom Roe <troe@hsgac.example.gov>', `Subject: ${o.subject}`, `Date: ${o.date ?? 'Mon, 3 Mar 2025 09:15:00 -0500'}`, `Message-ID: <${o.id}>`];
  if (!o.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', o.body, ''].join('\n');
  const b = 'mbox-test-boundary';
  return [
    ...head,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body,
    `--${b}`,
    `Content-Type: text/plain; name="${o.attachment.name}"`,
    `Content-Disposition: attachment; filename="${o.attachment.name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(o.attachment.text).toString('base64'),
    `--${b}--`,
    '',
  ].join('\n');
}

function writeMbox(dir: string, name: string, messages: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, messages.join('\n'));
  return file;
}

const pageText = async (core: Awaited<ReturnType<typeof testCore>>, id: number) =>
  (await query<{ text: string }>(core, 'SELECT text FROM pages WHERE document_id = ? ORDER BY page_no', [id])).map((r) => r.text).join('\n');

describe('mbox mailboxes', () => {
  it('files each message as a document of its own, with its mailbox and folder, attachments as its family', async () => {
    const core = await testCore();
    const dir = tempDir('sunshine-mbox-');
    const file = writeMbox(dir, 'ORR placements.mbox', [
      mboxMessage({ id: 'quillwort-1@orr.example.gov', subject: 'Quillwort placements', body: 'First note on quillwort placements.\n\nFrom here on, sponsors are vetted twice.\nEnd of quillwort note.' }),
      mboxMessage({ id: 'quillwort-2@orr.example.gov', subject: 'Quillwort minutes', body: 'Minutes follow.\n\n>From the minutes: quillwort cases rose.\n>>From a footnote.' }),
      mboxMessage({ id: 'quillwort-3@orr.example.gov', subject: 'Quillwort roster', body: 'Quillwort roster attached.', attachment: { name: 'roster.txt', text: 'quillwort roster of sponsors' } }),
    ]);
    const report = await ok(core.invoke('documents.import', { paths: [file] }));
    const box = report.files[0]!;
    expect(box).toMatchObject({ status: 'added', type: 'mailbox', messageCount: 3, messages: [] });
    expect(report.added).toBe(5); // the mailbox, three messages, one attachment

    const rows = await query<{ id: number; name: string; folder: string; container_id: number; parent_id: number | null; email_subject: string; email_from: string; message_id: string; doc_date: string }>(
      core,
      // Messages are brought in several at once: their ids need not follow the mailbox's order.
      'SELECT * FROM documents WHERE container_id = ? ORDER BY email_subject',
      [box.documentId],
    );
    expect(rows.map((r) => r.email_subject)).toEqual(['Quillwort minutes', 'Quillwort placements', 'Quillwort roster']);
    const [minutesRow, placements, roster] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    for (const r of rows) expect(r).toMatchObject({ folder: 'ORR placements', parent_id: null, email_from: expect.stringContaining('jdoe@orr.example.gov') });
    expect(placements.message_id).toBe('quillwort-1@orr.example.gov');
    expect(placements.doc_date).toBe('2025-03-03T14:15:00.000Z');
    // An unescaped "From " line inside a body did not split the message.
    expect(await pageText(core, placements.id)).toContain('From here on, sponsors are vetted twice.\nEnd of quillwort note.');
    // mboxrd quoting comes off one level.
    const minutes = await pageText(core, minutesRow.id);
    expect(minutes).toContain('\nFrom the minutes: quillwort cases rose.');
    expect(minutes).toContain('>From a footnote.');
    // The attachment is the message's family, not the mailbox's.
    const kids = await query<{ name: string; parent_id: number; container_id: number | null }>(core, 'SELECT name, parent_id, container_id FROM documents WHERE parent_id = ?', [roster.id]);
    expect(kids).toEqual([{ name: 'roster.txt', parent_id: roster.id, container_id: null }]);
    expect(await query(core, 'SELECT id FROM documents WHERE parent_id = ?', [box.documentId])).toEqual([]);
    // Each message's page names its mailbox and folder; the mailbox's lists its folders.
    expect((await ok(core.invoke('documents.get', { id: minutesRow.id }))).mailbox).toEqual({ id: box.documentId, name: 'ORR placements.mbox', folder: 'ORR placements' });
    expect(await ok(core.invoke('documents.get', { id: box.documentId! }))).toMatchObject({ mailbox: null, mailboxFolders: [{ folder: 'ORR placements', messages: 3 }] });
    // Found by folder.
    const hits = await ok(core.invoke('documents.search', { query: 'folder:"ORR placements" quillwort' }));
    expect(new Set(hits.hits.map((h) => h.documentId))).toEqual(new Set(rows.map((r) => r.id)));
    // Nothing left in the vault's temporary folder.
    expect(fs.readdirSync(path.join(core.dataDir, 'files', 'tmp')).filter((f) => f.startsWith('mailbox-'))).toEqual([]);
  });

  it('takes the same email from a second mailbox (same Message-ID, other bytes) as a duplicate of the first', async () => {
    const core = await testCore();
    const dir = tempDir('sunshine-mbox-');
    const first = writeMbox(dir, 'jdoe.mbox', [mboxMessage({ id: 'Bellflower-77@orr.example.gov', subject: 'Bellflower sponsor', body: 'bellflower sponsor vetting' })]);
    const second = writeMbox(dir, 'troe.mbox', [
      // Delivered to another custodian: other headers, same Message-ID (in other case and spacing).
      mboxMessage({ from: 'troe@hsgac.example.gov', id: ' bellflower-77@ORR.example.gov ', subject: 'Bellflower sponsor', body: 'bellflower sponsor vetting\n' }),
      mboxMessage({ id: 'bellflower-78@orr.example.gov', subject: 'Bellflower follow-up', body: 'bellflower follow-up' }),
    ]);
    await ok(core.invoke('documents.import', { paths: [first] }));
    const report = await ok(core.invoke('documents.import', { paths: [second] }));
    const box = report.files[0]!;
    expect(box.messageCount).toBe(2);
    expect(box.messages).toEqual([expect.objectContaining({ status: 'duplicate', path: expect.stringContaining('troe.mbox › troe › message 1') })]);
    expect(report).toMatchObject({ added: 2, duplicates: 1, failed: 0 });
    const same = await query<{ id: number }>(core, 'SELECT id FROM documents WHERE message_id = ?', ['bellflower-77@orr.example.gov']);
    expect(same).toHaveLength(1);
    const detail = await ok(core.invoke('documents.get', { id: same[0]!.id }));
    expect(detail.names.map((n) => n.path)).toEqual([expect.stringContaining('jdoe.mbox › jdoe › message 1'), expect.stringContaining('troe.mbox › troe › message 1')]);
  });

  it('says so when a file that looks like an mbox holds no message', async () => {
    const core = await testCore();
    const dir = tempDir('sunshine-mbox-');
    fs.writeFileSync(path.join(dir, 'notes.mbox'), 'From jdoe Mon as agreed, the yarrow notes follow.\nNo separator here.\n');
    const report = await ok(core.invoke('documents.import', { paths: [dir] }));
    expect(report.files[0]).toMatchObject({ status: 'added', type: 'mailbox', messageCount: 0, notes: ['no messages were found in it (no line like "From sender Mon Mar  3 09:15:00 2025" starts one)'] });
  });

  it('stops between messages when cancelled, keeping those already in and nothing in the scratch folder', async () => {
    const core = await testCore();
    const dir = tempDir('sunshine-mbox-');
    const file = writeMbox(dir, 'long.mbox', Array.from({ length: 300 }, (_, i) => mboxMessage({ id: `sorrel-${i}@example.gov`, subject: `Sorrel ${i}`, body: `sorrel body ${i}` })));
    const stop = new AbortController();
    const pool = new ExtractPool();
    const told: string[] = [];
    try {
      const report = await ingest(
        {
          store: core.workspace,
          dataDir: core.dataDir,
          actor: 'test',
          pool,
          signal: stop.signal,
          progress: (p) => {
            told.push(p.message ?? '');
            // The user presses Cancel once the window has shown 25 messages.
            if (/long\.mbox: 25 messages/.test(p.message ?? '')) stop.abort();
          },
        },
        { paths: [file] },
      );
      const box = report.files[0]!;
      expect(box.notes).toEqual([expect.stringMatching(/^the import was cancelled after \d+ messages$/)]);
      const kept = Number((await query<{ n: number }>(core, 'SELECT count(*) AS n FROM documents WHERE container_id = ?', [box.documentId]))[0]!.n);
      expect(kept).toBeGreaterThanOrEqual(25);
      expect(kept).toBeLessThan(300);
      expect(box.messageCount).toBe(kept);
      expect(told).toContain('long.mbox: 25 messages');
      expect(fs.readdirSync(path.join(core.dataDir, 'files', 'tmp')).filter((f) => f.startsWith('mailbox-'))).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('reads an mbox in batches from a byte offset, and reports a message over the size limit by its place', () => {
    const dir = tempDir('sunshine-mbox-');
    const out = path.join(dir, 'tmp', 'batch');
    fs.mkdirSync(out, { recursive: true });
    const big = 'x'.repeat(3000);
    const file = writeMbox(dir, 'batches.mbox', [1, 2, 3, 4, 5].map((n) => mboxMessage({ id: `batch-${n}@example.gov`, subject: `batch ${n}`, body: n === 4 ? big : `body ${n}` })));
    const seen: { index: number; messageId?: string; problem?: string }[] = [];
    let cursor: { offset: number; index: number } | null = null;
    let batches = 0;
    do {
      const r = readMboxBatch({ file, kind: 'mbox', cursor, max: 2, maxMessageBytes: 2000, outDir: out });
      batches++;
      for (const m of r.messages) {
        seen.push({ index: m.index, ...(m.messageId ? { messageId: m.messageId } : {}), ...(m.problem ? { problem: m.problem } : {}) });
        if (m.file) fs.rmSync(m.file);
      }
      cursor = r.next as typeof cursor;
    } while (cursor);
    expect(batches).toBe(3);
    expect(seen).toEqual([
      { index: 1, messageId: 'batch-1@example.gov' },
      { index: 2, messageId: 'batch-2@example.gov' },
      { index: 3, messageId: 'batch-3@example.gov' },
      { index: 4, problem: 'is over the 0 MB limit for one message' },
      { index: 5, messageId: 'batch-5@example.gov' },
    ]);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

/** A message as pst-extractor gives one (the fields the converter reads). */
function pstMessage(o: Partial<PstMessageLike> & { attachments?: PstAttachmentLike[]; recipients?: { displayName: string; smtpAddress: string; emailAddress: string; recipientType: number }[] }): PstMessageLike {
  const attachments = o.attachments ?? [];
  const recipients = o.recipients ?? [];
  return {
    subject: '',
    transportMessageHeaders: '',
    senderName: '',
    senderEmailAddress: '',
    displayTo: '',
    displayCC: '',
    displayBCC: '',
    messageDeliveryTime: null,
    clientSubmitTime: null,
    internetMessageId: '',
    inReplyToId: '',
    body: '',
    bodyHTML: '',
    ...o,
    numberOfRecipients: recipients.length,
    getRecipient: (i) => recipients[i] ?? null,
    numberOfAttachments: attachments.length,
    getAttachment: (i) => attachments[i]!,
  };
}

const fileAttachment = (name: string, data: Buffer, mimeTag = ''): PstAttachmentLike => {
  let at = 0;
  return {
    longFilename: name,
    filename: '',
    mimeTag,
    embeddedPSTMessage: null,
    fileInputStream: {
      read(output: Buffer) {
        const n = data.copy(output, 0, at);
        at += n;
        return n;
      },
    },
  };
};

describe('PST messages as emails', () => {
  it('builds headers from the message fields, with bodies, attachments and attached messages as MIME parts', async () => {
    const inner = pstMessage({ subject: 'Original intake memo', senderName: 'Intake Desk', senderEmailAddress: 'intake@orr.example.gov', body: 'intake memo text' });
    const pdfBytes = Buffer.alloc(150_000, 7);
    const m = pstMessage({
      subject: 'Placements – update',
      senderName: 'Jane Doe',
      senderEmailAddress: 'jdoe@orr.example.gov',
      recipients: [
        { displayName: 'Tom Roe', smtpAddress: 'troe@hsgac.example.gov', emailAddress: '/o=EXCH/cn=troe', recipientType: 1 },
        { displayName: 'Ann Poe', smtpAddress: 'apoe@hsgac.example.gov', emailAddress: '', recipientType: 2 },
      ],
      messageDeliveryTime: new Date('2025-02-14T16:30:00Z'),
      internetMessageId: '<PST-1@orr.example.gov>',
      inReplyToId: '<pst-0@orr.example.gov>',
      body: 'Plain placements text',
      bodyHTML: '<p>Plain placements <b>text</b></p>',
      attachments: [fileAttachment('list.pdf', pdfBytes, 'application/pdf'), { longFilename: 'memo', filename: '', mimeTag: '', embeddedPSTMessage: inner, fileInputStream: null }],
    });
    const mail = await simpleParser(pstMessageEml(m, 10_000_000));
    expect(mail.subject).toBe('Placements – update');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Jane Doe', address: 'jdoe@orr.example.gov' });
    expect((Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address).toBe('troe@hsgac.example.gov');
    expect((Array.isArray(mail.cc) ? mail.cc[0] : mail.cc)?.value[0]?.address).toBe('apoe@hsgac.example.gov');
    expect(mail.date?.toISOString()).toBe('2025-02-14T16:30:00.000Z');
    expect(mail.messageId).toBe('<PST-1@orr.example.gov>');
    expect(mail.inReplyTo).toBe('<pst-0@orr.example.gov>');
    expect(mail.text?.trim()).toBe('Plain placements text');
    expect(mail.html).toContain('<b>text</b>');
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['list.pdf', 'application/pdf'],
      ['memo.eml', 'message/rfc822'],
    ]);
    expect(Buffer.compare(mail.attachments[0]!.content, pdfBytes)).toBe(0);
    const nested = await simpleParser(mail.attachments[1]!.content);
    expect(nested.subject).toBe('Original intake memo');
    expect(nested.text?.trim()).toBe('intake memo text');
  });

  it('keeps the transport headers the PST kept (less those of the old body), and leaves out an attachment over the limit with a note', async () => {
    const headers = [
      'Received: from mx.orr.example.gov by mx.hsgac.example.gov; Fri, 14 Feb 2025 11:30:02 -0500',
      'From: "Jane Doe" <jdoe@orr.example.gov>',
      'To: troe@hsgac.example.gov',
      'Subject: Kept headers',
      'Date: Fri, 14 Feb 2025 11:30:00 -0500',
      'Message-ID: <kept-1@orr.example.gov>',
      'Content-Type: multipart/related;',
      '\tboundary="old-boundary"',
      'MIME-Version: 1.0',
      '',
      '',
    ].join('\r\n');
    const notes: string[] = [];
    const m = pstMessage({ transportMessageHeaders: headers, subject: 'ignored', body: 'kept body', attachments: [fileAttachment('huge.bin', Buffer.alloc(200_000))] });
    const eml = pstMessageEml(m, 100_000, notes);
    const mail = await simpleParser(eml);
    expect(mail.subject).toBe('Kept headers');
    expect(mail.headers.get('received')).toContain('mx.hsgac.example.gov');
    expect(mail.date?.toISOString()).toBe('2025-02-14T16:30:00.000Z');
    expect(mail.text?.trim()).toBe('kept body');
    expect(mail.attachments).toEqual([]);
    expect(eml.toString()).not.toContain('old-boundary');
    expect(notes).toEqual(['an attachment with no readable content or over the size limit was left out (huge.bin)']);
  });

  it('walks a PST depth-first in batches, folders named below the store\'s top, a message that fails reported by its folder and place', async () => {
    const dir = tempDir('sunshine-pst-');
    const out = path.join(dir, 'tmp', 'batch');
    fs.mkdirSync(out, { recursive: true });
    const msg = (subject: string) => pstMessage({ subject, senderName: 'Jane Doe', senderEmailAddress: 'jdoe@orr.example.gov', internetMessageId: `<${subject.replace(/\s/g, '-')}@orr.example.gov>`, body: subject });
    const { Folder } = fakePst;
    fakePst.root = new Folder('', [], [
      new Folder('Top of Personal Folders', [], [
        new Folder('Inbox', [msg('inbox one'), msg('inbox two'), msg('inbox three')], [new Folder('ORR placements', [msg('placement one'), new Error('bad block'), msg('placement three')])]),
        new Folder('Sent Items', [msg('sent one'), 'unloadable', msg('sent three')]),
      ]),
    ]);
    const seen: string[] = [];
    let cursor: MailboxCursor | null = null;
    do {
      const r = await readPstBatch({ file: path.join(dir, 'jdoe.pst'), kind: 'pst', cursor, max: 2, maxMessageBytes: 1_000_000, outDir: out });
      for (const m of r.messages) {
        const subject = m.file ? (await simpleParser(fs.readFileSync(m.file))).subject : m.problem;
        seen.push(`${m.folder} #${m.index}: ${subject}${m.messageId ? ` <${m.messageId}>` : ''}`);
      }
      cursor = r.next;
    } while (cursor);
    expect(seen).toEqual([
      'Inbox #1: inbox one <inbox-one@orr.example.gov>',
      'Inbox #2: inbox two <inbox-two@orr.example.gov>',
      'Inbox #3: inbox three <inbox-three@orr.example.gov>',
      'Inbox/ORR placements #1: placement one <placement-one@orr.example.gov>',
      'Inbox/ORR placements #2: could not be read (bad block)',
      'Inbox/ORR placements #3: placement three <placement-three@orr.example.gov>',
      'Sent Items #1: sent one <sent-one@orr.example.gov>',
      'Sent Items #2: could not be read (the PST item is damaged)',
      'Sent Items #3: sent three <sent-three@orr.example.gov>',
    ]);
    await expect(readPstBatch({ file: path.join(dir, 'bad.pst'), kind: 'pst', cursor: null, max: 2, maxMessageBytes: 1_000_000, outDir: out })).rejects.toThrow(
      /^the Outlook data file \(PST\/OST\) could not be opened: it may be damaged or truncated \(PSTFile::open Unrecognised PST File version: 90\)$/,
    );
  });

  it('stores a corrupt PST with a clear note, and the import goes on with the next file', async () => {
    const core = await testCore();
    const dir = tempDir('sunshine-pst-');
    fs.writeFileSync(path.join(dir, 'a-broken.pst'), Buffer.concat([Buffer.from('!BDN'), Buffer.alloc(600, 0x5a)]));
    fs.writeFileSync(path.join(dir, 'b-note.txt'), 'celandine note after the broken mailbox');
    const report = await ok(core.invoke('documents.import', { paths: [dir] }));
    const [pst, note] = report.files;
    expect(pst).toMatchObject({ status: 'added', type: 'mailbox', messageCount: 0, messages: [] });
    expect(pst!.notes?.join(' ')).toMatch(/the mailbox's messages could not be read: the Outlook data file \(PST\/OST\) could not be (opened|read further): it may be damaged/);
    expect(note).toMatchObject({ status: 'added', type: 'text' });
    // Kept as received, listed as stored but not read, with why.
    expect(pst!.notRead).toMatch(/^its messages could not be read: the Outlook data file/);
    const [row] = await query<{ not_read: string }>(core, 'SELECT not_read FROM documents WHERE id = ?', [pst!.documentId]);
    expect(row!.not_read).toBe(pst!.notRead);
  });
});

describe('sunshine import of a mailbox', () => {
  it('says how many messages it read, and lists a message already here under its mailbox', async () => {
    const ws = await cliWorkspace();
    const src = tempDir('sunshine-src-');
    const message = (from: string, id: string, body: string) =>
      `From ${from} Mon Mar  2 09:00:00 2026\nFrom: <${from}>\nTo: ben@house.example\nSubject: Sedgewick ${id}\nMessage-ID: <${id}@agency.example>\nDate: Mon, 2 Mar 2026 09:00:00 +0000\n\n${body}\n\n`;
    fs.writeFileSync(path.join(src, 'first.mbox'), message('ana@agency.example', 's1', 'Sedgewick placements.') + message('ana@agency.example', 's2', 'Sedgewick follow-up.'));
    expect(runSunshine(ws, ['import', path.join(src, 'first.mbox')])).toMatchObject({ code: 0, out: expect.stringMatching(/^added +#\d+ .*first\.mbox \(mailbox, 2 messages read\)$/m) });
    // The same email (by its Message-ID) in other bytes, in another mailbox.
    fs.writeFileSync(path.join(src, 'second.mbox'), message('ana@agency.example', 's1', 'Sedgewick placements, as forwarded.'));
    const second = runSunshine(ws, ['import', path.join(src, 'second.mbox')]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/^added +#\d+ .*second\.mbox \(mailbox, 1 message read\)\n {2}same as +#\d+ .*second\.mbox › second › message 1 \(already stored as first message 1\.eml\)$/m);
  }, 60_000);
});
