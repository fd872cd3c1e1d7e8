import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import type { Core } from '../../core/index.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { extractPdf } from '../../core/documents/extract/pdf.ts';
import { DEFAULT_LIMITS } from '../../core/documents/extract/types.ts';
import { fails, ok, tempDir, testCore } from './helpers.ts';
import { cliWorkspaceOf, sunshineArgv, sunshineEnv } from './cli-workspace.ts';
import { makeEml, makePdf, write } from './fixtures.ts';

const DAT_SEP = '\u0014';
const parseDat = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(DAT_SEP).map((c) => c.replace(/^\u00fe|\u00fe$/g, '')));
/** Every file under a folder, with its bytes as text. */
const allText = (dir: string): string =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'latin1'))
    .join('\n');

/** A 2-page PDF, an email with an attachment, a spreadsheet and a privileged note, all tagged Produce. */
async function corpus(): Promise<{ core: Core; ids: Record<string, number> }> {
  const core = await testCore();
  const src = tempDir('sunshine-src-');
  await makePdf(path.join(src, 'memo.pdf'), ['Placement memo page one', 'Placement memo page two']);
  makeEml(path.join(src, 'tip.eml'), { subject: 'Sponsor concerns', html: '<p>Please look at the sponsor</p>', attachment: { name: 'notes.txt', text: 'attached transport notes' } });
  write(src, 'advice.txt', 'Counsel advises: zebracorn strategy, do not share.');
  write(src, 'ledger.csv', 'payee,amount\nSponsor Trust,1200\n');
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  const ids: Record<string, number> = {};
  for (const f of r.files.flatMap((f) => [f, ...(f.attachments ?? [])])) ids[path.basename(f.path.split(' › ').pop()!)] = f.documentId!;
  await ok(core.invoke('tags.create', { name: 'Produce' }));
  await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [ids['memo.pdf']!, ids['tip.eml']!, ids['advice.txt']!, ids['ledger.csv']!] }));
  await ok(core.invoke('review.set', { ids: [ids['advice.txt']!], status: 'privileged', privilege: 'attorney-client', notes: 'Legal advice on placement' }));
  // Reviewed, so it may go out with the email that brought it.
  await ok(core.invoke('review.set', { ids: [ids['notes.txt']!], status: 'responsive' }));
  return { core, ids };
}

describe('productions', () => {
  it('write a Bates-stamped image per page, spreadsheets as natives, text, DAT, OPT and a privilege log, and withhold privileged documents', async () => {
    const { core } = await corpus();
    const req = await ok(core.invoke('requests.create', { kind: 'oversight-letter', agency: 'ORR', subject: 'Placements' }));
    const out = path.join(tempDir('sunshine-out-'), 'HSGAC-001');
    const r = await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'HSGAC-', start: 1, folder: out, request: req.reference, recipient: 'HSGAC', name: 'HSGAC 001' }));
    // memo (2 pages), tip.eml and its attachment (which joined with its email; drawn as a page each),
    // the spreadsheet (a slip sheet, its original in NATIVES), advice (withheld: a slip sheet).
    expect(r).toMatchObject({ firstBates: 'HSGAC-00000001', lastBates: 'HSGAC-00000006', documents: 5, produced: 4, withheld: 1, pages: 6, addedByFamily: 1 });

    const dat = parseDat(fs.readFileSync(path.join(out, 'DATA', 'HSGAC_001.dat'), 'utf8'));
    expect(dat[0]).toEqual(['BEGBATES', 'ENDBATES', 'BEGATTACH', 'ENDATTACH', 'CUSTODIAN', 'FROM', 'TO', 'CC', 'SUBJECT', 'DATESENT', 'SHA256', 'FILENAME', 'PAGECOUNT', 'TEXTPATH', 'NATIVEPATH']);
    const byName = new Map(dat.slice(1).map((row) => [row[11], row]));
    const memoRow = byName.get('memo.pdf')!;
    const [b1, b2] = [memoRow[0]!, memoRow[1]!];
    expect(Number(b2.slice(6))).toBe(Number(b1.slice(6)) + 1);
    expect(memoRow.slice(2, 4)).toEqual([b1, b2]);
    // Each page its own single-page file, its Bates number on it.
    const pageOf = async (bates: string) => {
      const pdf = await extractPdf(path.join(out, 'IMAGES', '001', `${bates}.pdf`), DEFAULT_LIMITS);
      expect(pdf.pages).toHaveLength(1);
      return pdf.pages[0]!;
    };
    expect(await pageOf(b1)).toMatch(new RegExp(`Placement memo page one[\\s\\S]*${b1}`));
    expect(await pageOf(b2)).toMatch(new RegExp(`Placement memo page two[\\s\\S]*${b2}`));
    const email = byName.get('tip.eml')!;
    const attachment = byName.get('notes.txt')!;
    // The family: the email first, its attachment right after, one attachment range for both.
    expect(Number(attachment[0]!.slice(6))).toBe(Number(email[0]!.slice(6)) + 1);
    expect(email.slice(2, 4)).toEqual([email[0], attachment[1]]);
    expect(attachment.slice(2, 4)).toEqual([email[0], attachment[1]]);
    expect(email.slice(5, 10)).toEqual(['"Whistle Blower" <wb@example.org>', '"Staff" <staff@house.example>', '"Counsel" <counsel@house.example>', 'Sponsor concerns', '2026-11-03']);
    expect(email[13]).toBe(`TEXT\\${email[0]}.txt`);
    // The email is drawn as a page: its headers, its attachments' names, its body, its Bates number.
    expect(email[14]).toBe('');
    const drawn = await pageOf(email[0]!);
    for (const part of ['From:', 'Whistle Blower', 'To:', 'staff@house.example', 'Cc:', 'counsel@house.example', 'Date:', 'Subject:', 'Sponsor concerns', 'Attachments:', 'notes.txt', 'Please look at the sponsor', email[0]!]) {
      expect(drawn).toContain(part);
    }
    expect(await pageOf(attachment[0]!)).toMatch(new RegExp(`attached transport notes[\\s\\S]*${attachment[0]}`));
    expect(fs.readFileSync(path.join(out, 'TEXT', `${attachment[0]}.txt`), 'utf8')).toBe('attached transport notes');
    // The spreadsheet goes native, behind a slip sheet naming its file.
    const sheetRow = byName.get('ledger.csv')!;
    expect(sheetRow[14]).toBe(`NATIVES\\${sheetRow[0]}.csv`);
    expect(fs.readFileSync(path.join(out, 'NATIVES', `${sheetRow[0]}.csv`), 'utf8')).toBe('payee,amount\nSponsor Trust,1200\n');
    expect(await pageOf(sheetRow[0]!)).toMatch(new RegExp(`produced in native form[\\s\\S]*ledger\\.csv[\\s\\S]*NATIVES\\\\${sheetRow[0]}\\.csv`));
    expect(fs.readdirSync(path.join(out, 'NATIVES'))).toEqual([`${sheetRow[0]}.csv`]);

    // The OPT: a line per page, each naming that page's own file, the first page of a document flagged with its count.
    const opt = fs.readFileSync(path.join(out, 'DATA', 'HSGAC_001.opt'), 'utf8').trim().split('\r\n');
    expect(opt).toHaveLength(6);
    expect(opt).toContain(`${b1},HSGAC_001,IMAGES\\001\\${b1}.pdf,Y,,,2`);
    expect(opt).toContain(`${b2},HSGAC_001,IMAGES\\001\\${b2}.pdf,,,,`);
    expect(opt.map((l) => l.split(',')[0])).toEqual(['HSGAC-00000001', 'HSGAC-00000002', 'HSGAC-00000003', 'HSGAC-00000004', 'HSGAC-00000005', 'HSGAC-00000006']);
    const files = opt.map((l) => l.split(',')[2]!);
    expect(new Set(files).size).toBe(6);
    for (const f of files) expect(fs.existsSync(path.join(out, ...f.split('\\')))).toBe(true);
    expect(fs.readdirSync(path.join(out, 'IMAGES', '001'))).toHaveLength(6);

    // The withheld document: a slip sheet, a privilege log line, and none of its words anywhere.
    const withheld = dat.slice(1).find((row) => row[11] === '')!;
    expect(await pageOf(withheld[0]!)).toMatch(/Document withheld[\s\S]*Attorney client[\s\S]*HSGAC-0000000\d/);
    expect(allText(out)).not.toMatch(/zebracorn/);
    const logCsv = fs.readFileSync(path.join(out, 'HSGAC_001-privilege-log.csv'), 'utf8');
    expect(logCsv.split('\n')[0]).toMatch(/^\uFEFF?Bates,Date,Author,To,Cc,Privilege,FOIA exemptions,Description,Withheld or redacted/);
    expect(logCsv).toContain(`${withheld[0]},`);
    // Reviewer notes stay internal: the log says what the reviewer wrote for it, else only kind and
    // date; a text file has no date of its own (the day it was saved or imported is not one).
    expect(logCsv).toContain('Attorney client,,Document,withheld');
    expect(logCsv).not.toMatch(/Legal advice on placement|advice\.txt/);
    const sheet = await (await JSZip.loadAsync(fs.readFileSync(path.join(out, 'HSGAC_001-privilege-log.xlsx')))).file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('Attorney client');
    expect(sheet).toContain('FOIA exemptions');
    expect(sheet).not.toContain('Legal advice on placement');

    const list = await ok(core.invoke('productions.list', {}));
    expect(list.productions).toEqual([expect.objectContaining({ name: 'HSGAC 001', request: req.reference, recipient: 'HSGAC', firstBates: 'HSGAC-00000001', lastBates: 'HSGAC-00000006', documents: 5 })]);
    // The next production goes on from where this one stopped; reusing numbers is refused.
    const again = path.join(tempDir('sunshine-out-'), 'again');
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'hsgac-', start: 4, folder: again }))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/reuse numbers of the production "HSGAC 001" \(HSGAC-00000001–HSGAC-00000006\); the next free number is 7/),
    });
    expect(fs.existsSync(again)).toBe(false);
    expect(await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'HSGAC-', start: 7, folder: again }))).toMatchObject({ firstBates: 'HSGAC-00000007' });
  }, 60_000);

  it('check everything before writing: folder, redactions pending, the vault; a failure half-way keeps nothing', async () => {
    const { core, ids } = await corpus();
    const parent = tempDir('sunshine-out-');
    const full = path.join(parent, 'full');
    fs.mkdirSync(full);
    fs.writeFileSync(path.join(full, 'keep.txt'), 'mine');
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'P', start: 1, folder: full }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/already holds files/) });
    expect(fs.readdirSync(full)).toEqual(['keep.txt']);

    await ok(core.invoke('review.set', { ids: [ids['memo.pdf']!], status: 'needs-redaction' }));
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'P', start: 1, folder: path.join(parent, 'a') }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/^#\d+ memo\.pdf is marked "needs redaction" but has no redactions; redact it or change its status\. Nothing was produced\.$/),
    });
    await ok(core.invoke('review.set', { ids: [ids['memo.pdf']!], status: 'responsive' }));

    // A stored file changed (same size) after it was checked for presence: found while writing, and nothing is kept.
    const tip = await ok(core.invoke('documents.get', { id: ids['tip.eml']! }));
    const blob = blobPath(core.dataDir, tip.sha256);
    const bytes = fs.readFileSync(blob);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    fs.chmodSync(blob, 0o644);
    fs.writeFileSync(blob, bytes);
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'P', start: 1, folder: path.join(parent, 'b') }))).toMatchObject({
      code: 'INTEGRITY',
      message: expect.stringMatching(/tip\.eml: its stored file no longer matches its SHA-256/),
    });
    expect(fs.readdirSync(parent)).toEqual(['full']);
    fs.rmSync(blob);
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: 'P', start: 1, folder: path.join(parent, 'c') }))).toMatchObject({ code: 'INTEGRITY', message: expect.stringMatching(/missing/) });
    expect((await ok(core.invoke('productions.list', {}))).productions).toEqual([]);

    // A window may not name the folder to write into; its productions go under the data folder.
    expect(await core.call('productions.create', { tag: 'Produce', prefix: 'P', start: 1, folder: path.join(parent, 'd') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await fails(core.invoke('productions.create', { tag: 'Nothing', prefix: 'P', start: 1, folder: path.join(parent, 'e') }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await fails(core.invoke('productions.create', { tag: 'Produce', prefix: '../x', start: 1, folder: path.join(parent, 'e') }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Bates prefix/) });
  }, 60_000);

  it('from a window, go into the data folder under their name', async () => {
    const { core } = await corpus();
    const r = await core.call('productions.create', { tag: 'Produce', prefix: 'OIG-', start: 1, name: 'OIG: vol. 1' });
    expect(r).toMatchObject({ ok: true, value: { folder: path.join(core.dataDir, 'productions', 'OIG_ vol. 1'), firstBates: 'OIG-00000001' } });
    expect(fs.readdirSync(path.join(core.dataDir, 'productions', 'OIG_ vol. 1')).sort()).toEqual(['.sunshine-production.json', 'DATA', 'IMAGES', 'NATIVES', 'OIG_vol._1-privilege-log.csv', 'OIG_vol._1-privilege-log.xlsx', 'TEXT']);
  }, 60_000);
});

describe('redactions', () => {
  it('are burned into the produced page: nothing under a box survives as text or pixels, and the log says why', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'memo.pdf'), ['Sponsor name: zebracorn quillfeather\nPublic words remain here', 'Second page untouched']);
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const id = r.files[0]!.documentId!;
    // The first line (baseline 740 pt up a 792 pt page, 12 pt type) from x = 40 to 560 pt.
    const box = { x: 40 / 612, y: (792 - 740 - 12) / 792, width: 520 / 612, height: 18 / 792 };
    expect(await fails(core.invoke('redactions.add', { id, page: 1, ...box, reason: 'because' as 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/FOIA exemption/) });
    expect(await fails(core.invoke('redactions.add', { id, page: 3, ...box, reason: 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/has 2 pages/) });
    expect(await fails(core.invoke('redactions.add', { id, page: 1, ...box, x: 0.9, reason: 'b6' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/past the edge/) });
    const added = await ok(core.invoke('redactions.add', { id, page: 1, ...box, reason: 'b6' }));
    expect((await ok(core.invoke('redactions.list', { id }))).redactions).toEqual([added]);
    await ok(core.invoke('review.set', { ids: [id], status: 'needs-redaction' }));
    await ok(core.invoke('tags.create', { name: 'Produce' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce', ids: [id] }));

    const out = path.join(tempDir('sunshine-out-'), 'vol');
    const made = await ok(core.invoke('productions.create', { tag: 'Produce', prefix: 'R-', start: 1, padding: 4, folder: out, natives: ['pdf'], name: 'red' }));
    expect(made).toMatchObject({ firstBates: 'R-0001', lastBates: 'R-0002', produced: 1 });
    const image = (bates: string) => path.join(out, 'IMAGES', '001', `${bates}.pdf`);
    // Page 1 is a picture now: its only text is the Bates number stamped on it.
    expect((await extractPdf(image('R-0001'), DEFAULT_LIMITS)).pages.map((p) => p.trim())).toEqual(['R-0001']);
    expect((await extractPdf(image('R-0002'), DEFAULT_LIMITS)).pages).toEqual([expect.stringMatching(/Second page untouched[\s\S]*R-0002/)]);
    const everything = allText(out);
    expect(everything).not.toMatch(/zebracorn|quillfeather/);
    expect(fs.readdirSync(path.join(out, 'NATIVES'))).toEqual([]); // the original would undo the redaction
    expect(fs.readFileSync(path.join(out, 'TEXT', 'R-0001.txt'), 'utf8')).toBe('[REDACTED (b)(6)]\nPublic words remain here\fSecond page untouched');
    expect(fs.readFileSync(path.join(out, 'red-privilege-log.csv'), 'utf8')).toMatch(/R-0001–R-0002,[^\n]*,,\(b\)\(6\),PDF document dated [\d-]+: 1 redaction on 1 page,redacted/);

    // Nothing of the redacted page survives anywhere in the file: every stream inflated and read.
    const { PDFDocument, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
    let inside = '';
    for (const bates of ['R-0001', 'R-0002']) {
      const produced = await PDFDocument.load(fs.readFileSync(image(bates)));
      expect(produced.getPageCount()).toBe(1);
      for (const [, obj] of produced.context.enumerateIndirectObjects()) {
        inside += obj instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(obj).decode()).toString('latin1') : obj.toString();
      }
    }
    // Text in content streams is written as <hex> strings: read those as text too.
    inside += [...inside.matchAll(/<([0-9A-Fa-f\s]+)>/g)].map((m) => Buffer.from(m[1]!.replace(/\s/g, ''), 'hex').toString('latin1')).join(' ');
    expect(inside).toMatch(/Second page untouched/);
    expect(inside).not.toMatch(/zebracorn|quillfeather/i);

    // The box is black in the picture, where the words were; the line below it still shows.
    const { renderPdfPage } = await import('../../core/documents/extract/render.ts');
    const { loadImage, createCanvas } = await import('@napi-rs/canvas');
    const img = await loadImage(Buffer.from((await renderPdfPage(image('R-0001'), 1, 72)).png));
    const c = createCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const at = (fx: number, fy: number) => Array.from(g.getImageData(Math.round(fx * img.width), Math.round(fy * img.height), 1, 1).data.slice(0, 3));
    expect(at(box.x + box.width * 0.9, box.y + box.height / 2)).toEqual([0, 0, 0]);
    expect(at(0.5, 0.5)).toEqual([255, 255, 255]);
  }, 60_000);

  it('taken away twice at the same moment: one call takes the box away, the other is told it is gone', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'twice.pdf'), ['Removed twice over']);
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    const box = await ok(core.invoke('redactions.add', { id, page: 1, x: 0.1, y: 0.1, width: 0.2, height: 0.1, reason: 'b6' }));
    const both = await Promise.all([core.invoke('redactions.remove', { redaction: box.id }), core.invoke('redactions.remove', { redaction: box.id })]);
    expect(both.map((r) => (r.ok ? 'removed' : r.error.code))).toEqual(['removed', 'NOT_FOUND']);
    expect((await ok(core.invoke('redactions.list', { id }))).redactions).toEqual([]);
    expect((await ok(core.invoke('review.get', { id }))).history.filter((h) => h.what.startsWith('took away'))).toHaveLength(1);
  });

  it('keep back what coding says to keep back, and keep Bates numbers apart', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    makeEml(path.join(src, 'tip.eml'), { subject: 'tip', html: '<p>see attached</p>', attachment: { name: 'advice.txt', text: 'privileged zebraadvice' } });
    write(src, 'coded.txt', 'coded but not withheld');
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const tip = r.files.find((f) => f.path.endsWith('tip.eml'))!;
    const advice = tip.attachments![0]!.documentId!;
    const coded = r.files.find((f) => f.path.endsWith('coded.txt'))!.documentId!;
    await ok(core.invoke('tags.create', { name: 'P' }));
    await ok(core.invoke('tags.apply', { tag: 'P', ids: [tip.documentId!, coded] }));
    const parent = tempDir('sunshine-out-');

    await ok(core.invoke('review.set', { ids: [coded], privilege: 'work-product' }));
    expect(await fails(core.invoke('productions.create', { tag: 'P', prefix: 'A-', start: 1, folder: path.join(parent, 'a') }))).toMatchObject({ message: expect.stringMatching(/privilege basis but is not marked privileged/) });
    await ok(core.invoke('review.set', { ids: [coded], privilege: null, exemptions: ['b5'] }));
    expect(await fails(core.invoke('productions.create', { tag: 'P', prefix: 'A-', start: 1, folder: path.join(parent, 'a') }))).toMatchObject({ message: expect.stringMatching(/FOIA exemptions but no redactions/) });
    await ok(core.invoke('review.set', { ids: [coded], exemptions: [] }));

    // The attachment is withheld: the email's original (which holds it) does not go out either.
    await ok(core.invoke('review.set', { ids: [advice], status: 'privileged', privilege: 'attorney-client' }));
    const out = path.join(parent, 'b');
    await ok(core.invoke('productions.create', { tag: 'P', prefix: 'A-', start: 1, folder: out, natives: ['eml', 'text'] }));
    expect(fs.readdirSync(path.join(out, 'NATIVES'))).toEqual([expect.stringMatching(/\.txt$/)]);
    expect(allText(out)).not.toMatch(/zebraadvice|cHJpdmlsZWdlZCB6ZWJyYWFkdmljZQ/);

    // Prefixes that print the same numbers, padding too short, and two productions at once.
    expect(await fails(core.invoke('productions.create', { tag: 'P', prefix: 'A0', start: 10, folder: path.join(parent, 'c') }))).toMatchObject({ message: expect.stringMatching(/end the Bates prefix with a letter/) });
    expect(await fails(core.invoke('productions.create', { tag: 'P', prefix: 'Z-', start: 99, padding: 2, folder: path.join(parent, 'c') }))).toMatchObject({ message: expect.stringMatching(/2 digits end at 99/) });
    const both = await Promise.all(['d', 'e'].map((f) => core.invoke('productions.create', { tag: 'P', prefix: 'C-', start: 1, folder: path.join(parent, f) })));
    expect(both.filter((x) => x.ok)).toHaveLength(1);
    expect(both.find((x) => !x.ok)).toMatchObject({ error: { code: 'CONFLICT' } });
    expect(fs.readdirSync(parent).sort()).toEqual(['b', both[0]!.ok ? 'd' : 'e']);
  }, 60_000);
});

describe('Bates numbers once handed out', () => {
  it('are never handed out again after a restore: the ledger outside the database keeps them, and the restore says what it forgets', async () => {
    const core = await testCore();
    let backupFolder = '';
    try {
      const src = tempDir('sunshine-src-');
      for (let i = 1; i <= 10; i++) write(src, `gravelwick-${i}.txt`, `gravelwick note ${i}`);
      const imported = await ok(core.invoke('documents.import', { paths: [src] }));
      await ok(core.invoke('tags.create', { name: 'Gravelwick' }));
      const ids = imported.files.map((f) => f.documentId!);
      await ok(core.invoke('tags.apply', { tag: 'Gravelwick', ids }));
      const backup = await ok(core.invoke('app.backupNow', {}));
      backupFolder = backup.folder;
      const made = await ok(core.invoke('productions.create', { tag: 'Gravelwick', prefix: 'RST-', start: 1, name: 'Gravelwick vol 1' }));
      expect([made.firstBates, made.lastBates]).toEqual(['RST-00000001', 'RST-00000010']);
      // The ledger beside the database, and the marker in the production's folder, name the range.
      const ledger = path.join(core.dataDir, 'bates-ledger.jsonl');
      expect(fs.readFileSync(ledger, 'utf8')).toMatch(/"prefix":"RST-","first":1,"last":10/);
      if (process.platform !== 'win32') expect(fs.statSync(ledger).mode & 0o777).toBe(0o600);
      const marker = JSON.parse(fs.readFileSync(path.join(made.folder, '.sunshine-production.json'), 'utf8'));
      expect(marker).toMatchObject({ prefix: 'RST-', first: 1, last: 10 });
      // It goes to the recipient with the folder: no path on this computer in it.
      expect(JSON.stringify(marker)).not.toContain(core.dataDir);

      // Before restoring, the dialog is told; the restore says it again.
      const sentence = '1 production made since this backup, RST-00000001–RST-00000010; their numbers stay used';
      const name = path.basename(backup.folder);
      expect(await ok(core.invoke('app.restorePreview', { backup: name }))).toMatchObject({ backup: name, forgotten: { productions: 1, ranges: ['RST-00000001–RST-00000010'], sentence } });
      expect(await ok(core.invoke('app.restore', { backup: name }))).toMatchObject({ forgotten: { sentence } });
      // The production is gone from the list, not its numbers: the form offers the next free one.
      expect(await ok(core.invoke('productions.list', {}))).toEqual({ productions: [], nextNumbers: { 'rst-': 11 } });
      expect(fs.readFileSync(ledger, 'utf8')).toMatch(/"first":1,"last":10/);

      // The same numbers again are refused, naming the next free one; from there they go out.
      const again = { tag: 'Gravelwick', prefix: 'RST-', name: 'Gravelwick vol 2' };
      expect(await fails(core.invoke('productions.create', { ...again, start: 1 }))).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/RST-00000001–RST-00000010 would reuse numbers of the production "Gravelwick vol 1".*which this database does not hold: made before a backup was restored, or being made right now by another Sunshine; the next free number is 11/),
      });
      expect(await ok(core.invoke('productions.create', { ...again, start: 11 }))).toMatchObject({ firstBates: 'RST-00000011', lastBates: 'RST-00000020' });

      // A lost ledger is rebuilt from the production folders' markers.
      fs.rmSync(ledger);
      expect(await ok(core.invoke('app.restorePreview', { backup: name }))).toMatchObject({
        forgotten: { productions: 2, sentence: '2 productions made since this backup, RST-00000001–RST-00000020; their numbers stay used' },
      });
      expect(await fails(core.invoke('productions.create', { ...again, name: 'Gravelwick vol 3', start: 5 }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/next free number is 21/) });
    } finally {
      core.close();
    }
    // `sunshine restore` says it too: on its error stream before the restore, and in its --json answer.
    const sun = (...args: string[]) => spawnSync(process.execPath, sunshineArgv(cliWorkspaceOf(core), args), { encoding: 'utf8', timeout: 60_000, env: sunshineEnv(cliWorkspaceOf(core)) });
    const said = sun('restore', backupFolder);
    expect(said).toMatchObject({ status: 0, stderr: 'sunshine: 2 productions made since this backup, RST-00000001–RST-00000020; their numbers stay used.\n' });
    expect(JSON.parse(sun('--json', 'restore', backupFolder).stdout)).toMatchObject({ forgotten: { productions: 2, ranges: ['RST-00000001–RST-00000020'] } });
  }, 60_000);
});
