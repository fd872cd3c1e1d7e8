import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerOffset, isoAtOffset, shownDateTime } from '../../core/shared/email-date.ts';
import { fails, itOnSqlite, ok, tempDir, testCore } from './helpers.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { makeDocx, makeEml, makePdf, write } from './fixtures.ts';
import { openCore } from '../../core/index.ts';

const PASS = 'correct horse battery staple';

describe('finding disclosures by reference and pseudonym (quick search)', () => {
  async function twoDisclosures() {
    const core = await testCore();
    const take = (pseudonym: string, name: string) =>
      ok(
        core.invoke('disclosures.create', {
          received: '2026-11-02',
          channel: 'secure-drop',
          summary: 'Sponsor addresses never checked',
          pseudonym,
          identity: { name },
          passphrase: PASS,
        }),
      );
    const a = await take('Heron 100%', 'Quillon Abernathy-Vask');
    const b = await take('Kestrel_7', 'Other Source');
    const found = async (text: string) => (await ok(core.invoke('disclosures.list', { text }))).disclosures.map((d) => d.pseudonym).sort();
    return { core, a, b, found };
  }

  it('finds by part of the pseudonym or the reference, in any case', async () => {
    const { a, found } = await twoDisclosures();
    expect(await found('heron')).toEqual(['Heron 100%']);
    expect(await found(a.reference.toLowerCase())).toEqual(['Heron 100%']);
    expect(await found('DIS-')).toEqual(['Heron 100%', 'Kestrel_7']);
  });

  it('takes % and _ as the characters typed, not as wildcards', async () => {
    const { found } = await twoDisclosures();
    expect(await found('100%')).toEqual(['Heron 100%']);
    expect(await found('l_7')).toEqual(['Kestrel_7']);
    expect(await found('n_1')).toEqual([]);
  });

  it('never finds a disclosure by its sealed identity', async () => {
    const { found } = await twoDisclosures();
    expect(await found('Quillon')).toEqual([]);
    expect(await found('Abernathy')).toEqual([]);
  });

  it('stops at the limit asked for, and refuses a search too long to be a reference or pseudonym', async () => {
    const { core } = await twoDisclosures();
    expect((await ok(core.invoke('disclosures.list', { text: 'DIS', limit: 1 }))).disclosures).toHaveLength(1);
    expect(await fails(core.invoke('disclosures.list', { text: 'x'.repeat(101) }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^text: /) });
  });
});

/** An email as a mail client writes it, with this Date header. */
function email(dir: string, name: string, date: string, subject = 'Placement memo'): string {
  return write(dir, name, `From: Source <s@example.org>\r\nTo: Staff <staff@house.example>\r\nSubject: ${subject}\r\nDate: ${date}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nBody words.\r\n`);
}

describe('document dates', () => {
  it('leaves a document without a date of its own undated, never the day it was imported or saved', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    write(src, 'undated-note.txt', 'a note with no date in it');
    await makePdf(path.join(src, 'dated.pdf'), ['a dated memo'], { created: new Date('2024-05-02T12:00:00Z') });
    await ok(core.invoke('documents.import', { paths: [src] }));
    const rows = (await ok(core.invoke('documents.list', {}))).rows;
    const note = rows.find((d) => d.name === 'undated-note.txt')!;
    expect(note.date).toBeNull();
    expect(rows.find((d) => d.name === 'dated.pdf')!.date).toBe('2024-05-02T12:00:00.000Z');
    // The file's own modified time is still kept, as what it is.
    expect((await ok(core.invoke('documents.get', { id: note.id }))).fileDate).toBe(fs.statSync(path.join(src, 'undated-note.txt')).mtime.toISOString());
  });

  it('dates a Word file by when Word says it was made, and leaves one without that undated', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    await makeDocx(path.join(src, 'made.docx'), ['sponsor vetting memo'], { created: '2023-09-14T13:05:00-04:00' });
    await makeDocx(path.join(src, 'day-only.docx'), ['a second memo'], { created: '2023-09-15' });
    await makeDocx(path.join(src, 'no-props.docx'), ['a third memo']);
    await makeDocx(path.join(src, 'nonsense.docx'), ['a fourth memo'], { created: 'last Tuesday' });
    await ok(core.invoke('documents.import', { paths: [src] }));
    const dateOf = async (name: string) => (await ok(core.invoke('documents.list', {}))).rows.find((d) => d.name === name)!.date;
    expect(await dateOf('made.docx')).toBe('2023-09-14T17:05:00.000Z');
    expect(await dateOf('day-only.docx')).toBe('2023-09-15T00:00:00.000Z');
    expect(await dateOf('no-props.docx')).toBeNull();
    expect(await dateOf('nonsense.docx')).toBeNull();
  });

  itOnSqlite('an older version is a SQLite data folder; PostgreSQL starts at the current schema')('undates, on opening, documents an older version dated by their file time, and keeps every real date', async () => {
    const dir = tempDir();
    const src = tempDir('sunshine-src-');
    write(src, 'old-note.txt', 'a note that never had a date');
    await makePdf(path.join(src, 'old-memo.pdf'), ['a dated memo'], { created: new Date('2024-05-02T12:00:00Z') });
    makeEml(path.join(src, 'old-tip.eml'), { subject: 'Old tip', html: '<p>tip</p>', attachment: { name: 'inside.txt', text: 'attached words' } });
    // At version 15, the last before this check, as the older version left it.
    const first = openCore({ dataDir: dir, migrations: MIGRATIONS.slice(0, 15) });
    await ok(first.invoke('documents.import', { paths: [src] }));
    // What the older version stored: a document without a date of its own took its file's time, and attachments their parent's date.
    first.store.db.exec(`UPDATE documents SET doc_date = coalesce(doc_date, file_date) WHERE parent_id IS NULL;
      UPDATE documents SET doc_date = coalesce(doc_date, (SELECT p.doc_date FROM documents p WHERE p.id = documents.parent_id)) WHERE parent_id IS NOT NULL;
      PRAGMA user_version = 14;`);
    const noteBefore = first.store.db.prepare("SELECT doc_date FROM documents WHERE name = 'old-note.txt'").pluck().get();
    expect(noteBefore).toBe(fs.statSync(path.join(src, 'old-note.txt')).mtime.toISOString());
    first.close();

    const core = await testCore({ dataDir: dir, engine: 'sqlite' });
    const rows = (await ok(core.invoke('documents.list', {}))).rows;
    const dateOf = (name: string) => rows.find((d) => d.name === name)!.date;
    expect(dateOf('old-note.txt')).toBeNull();
    expect(dateOf('old-memo.pdf')).toBe('2024-05-02T12:00:00.000Z');
    expect(dateOf('old-tip.eml')).toBe('2026-11-03T15:00:00.000Z');
    const tip = await ok(core.invoke('documents.get', { id: rows.find((d) => d.name === 'old-tip.eml')!.id }));
    expect((await ok(core.invoke('documents.get', { id: tip.children[0]!.id }))).date).toBe('2026-11-03T15:00:00.000Z');
  });

  it("keeps an email's date at the offset it was sent with, while its document date is the UTC instant", async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    email(src, 'east.eml', 'Tue, 5 Mar 2024 14:02:00 -0500');
    email(src, 'india.eml', 'Tue, 05 Mar 2024 09:30:00 +0530 (IST)');
    email(src, 'old.eml', 'Tue, 5 Mar 2024 14:02:00 EST');
    email(src, 'unknown-zone.eml', 'Tue, 5 Mar 2024 14:02:00 -0000');
    await ok(core.invoke('documents.import', { paths: [src] }));
    const rows = (await ok(core.invoke('documents.list', {}))).rows;
    const of = (name: string) => rows.find((d) => d.name === name)!;
    expect(of('east.eml')).toMatchObject({ emailDate: '2024-03-05T14:02:00-05:00', date: '2024-03-05T19:02:00.000Z' });
    expect(of('india.eml')).toMatchObject({ emailDate: '2024-03-05T09:30:00+05:30', date: '2024-03-05T04:00:00.000Z' });
    expect(of('old.eml')).toMatchObject({ emailDate: '2024-03-05T14:02:00-05:00' });
    expect(of('unknown-zone.eml')).toMatchObject({ emailDate: '2024-03-05T14:02:00.000Z' });
    expect(shownDateTime(of('east.eml').emailDate!)).toBe('2024-03-05 14:02 \u22120500');
  });

  it('reads the offset from a Date header and shows a date-time as written', () => {
    expect(headerOffset('Tue, 5 Mar 2024 14:02:00 -0500')).toBe(-300);
    expect(headerOffset('5 Mar 2024 14:02 +0545 (NPT)')).toBe(345);
    expect(headerOffset('Tue, 5 Mar 2024 14:02:00 GMT')).toBe(0);
    expect(headerOffset('Tue, 5 Mar 2024 14:02:00 PDT')).toBe(-420);
    expect(headerOffset('Tue, 5 Mar 2024 14:02:00 -0000')).toBeUndefined();
    expect(headerOffset('Tue, 5 Mar 2024 14:02:00')).toBeUndefined();
    expect(headerOffset('Tue, 5 Mar 2024 14:02:00 +9999')).toBeUndefined();
    expect(isoAtOffset(new Date('2024-03-05T19:02:00Z'), -300)).toBe('2024-03-05T14:02:00-05:00');
    expect(isoAtOffset(new Date('2024-03-05T23:30:00Z'), 330)).toBe('2024-03-06T05:00:00+05:30');
    expect(shownDateTime('2024-03-06T05:00:00+05:30')).toBe('2024-03-06 05:00 +0530');
    expect(shownDateTime('2024-03-05T19:02:00.000Z')).toBe('2024-03-05 19:02 UTC');
  });

  it('sorts by date on the UTC instant, latest first, with undated documents last', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    write(src, 'a-undated.txt', 'no date here');
    // Sent earlier in the day by the clock on the wall, but later in time.
    email(src, 'b-later.eml', 'Tue, 5 Mar 2024 10:00:00 -0800', 'Later');
    email(src, 'c-earlier.eml', 'Tue, 5 Mar 2024 12:00:00 -0500', 'Earlier');
    await ok(core.invoke('documents.import', { paths: [src] }));
    const names = (await ok(core.invoke('documents.list', { sort: 'date' }))).rows.map((d) => d.name);
    expect(names).toEqual(['b-later.eml', 'c-earlier.eml', 'a-undated.txt']);
  });
});

describe('the documents list filtered by disclosure', () => {
  it('lists only the documents linked to the disclosure named, and names one that does not exist', async () => {
    const core = await testCore();
    const d = await ok(core.invoke('disclosures.create', { received: '2026-11-02', channel: 'email', summary: 'Shelter overcrowding' }));
    const src = tempDir('sunshine-src-');
    write(src, 'from-source.txt', 'what the source sent');
    write(src, 'unrelated.txt', 'something else entirely');
    const r = await ok(core.invoke('documents.import', { paths: [path.join(src, 'from-source.txt')], disclosure: d.reference }));
    await ok(core.invoke('documents.import', { paths: [path.join(src, 'unrelated.txt')] }));
    const listed = await ok(core.invoke('documents.list', { disclosure: d.reference }));
    expect(listed).toMatchObject({ total: 1, rows: [{ id: r.files[0]!.documentId, name: 'from-source.txt' }] });
    expect((await ok(core.invoke('documents.list', { disclosure: d.reference.toLowerCase() }))).total).toBe(1);
    expect(await fails(core.invoke('documents.list', { disclosure: 'DIS-1999-0001' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^disclosure: /) });
  });
});
