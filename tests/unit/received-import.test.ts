/**
 * Receiving productions end to end, on the suite's engine: real volumes made by the fixture
 * (Concordance DATs in several encodings, OPT/LFP, Group 4 TIFFs, text, natives, families, the
 * bad inputs), read and imported through the API and the sunshine command.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import type { ReceiveReportOut } from '../../core/api.ts';
import { blobPath, scratchDir } from '../../core/documents/vault.ts';
import { makeVolume, zipBomb, zipVolume, type VolumeOptions } from '../fixtures/production-volume.ts';
import { fails, ok, query, rowCount, tempDir, testCore } from './helpers.ts';
import { cliWorkspace, cliWorkspaceOptions, runSunshine, sunshineArgv, sunshineEnv } from './cli-workspace.ts';

const volume = (o: VolumeOptions = {}) => makeVolume(tempDir('sunshine-vol-'), { documents: 12, ...o });
const receive = (core: Core, input: Record<string, unknown>) => ok(core.invoke('received.import', input as never));
const inspect = (core: Core, input: Record<string, unknown>) => ok(core.invoke('received.inspect', input as never));
const problemsOf = (r: ReceiveReportOut, code: string) => r.problems.filter((p) => p.code === code);

describe('receiving a production', () => {
  it('reads it first without writing anything: volumes, mapping with samples, counts', async () => {
    const v = await volume({ encoding: 'windows-1252' });
    const core = await testCore();
    const r = await inspect(core, { path: v.root });
    expect(r).toMatchObject({ dryRun: true, records: 12, valid: 12, blocked: 0, already: 0, pages: v.pages, first: v.firstBates, last: v.lastBates });
    expect(r.volumes).toEqual([expect.objectContaining({ name: 'VOL001', dat: 'DATA/VOL001.dat', images: 'DATA/VOL001.opt', encoding: 'windows-1252', records: 12 })]);
    expect(r.mapping).toMatchObject({ BEGBATES: 'begBates', ENDBATES: 'endBates', CUSTODIAN: 'custodian', 'RECORD TYPE': 'metadata' });
    expect(r.samples.CUSTODIAN!.length).toBeGreaterThan(0);
    // þ and ® were one byte each in the file: read as Windows-1252, names keep their accents.
    expect(r.samples.CUSTODIAN!.join(' ')).toMatch(/[éèëöç]/);
    expect(await rowCount(core, 'documents')).toBe(0);
    expect(await rowCount(core, 'received_productions')).toBe(0);
  });

  it('imports one document per record: pages with their Bates numbers, text, native, family, metadata; on the timeline and in the history', async () => {
    const v = await volume({ encoding: 'utf-16le' });
    const core = await testCore();
    const req = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Sponsor vetting records', received: '2025-03-04' }));
    const r = await receive(core, { path: v.root, request: req.reference });
    expect(r).toMatchObject({ imported: 12, failed: 0, blocked: 0, party: 'ICE' });
    expect(r.timeline).toMatchObject({ added: true, line: `Production ICE VOL001 received: ${v.firstBates}–${v.lastBates}, 12 documents, ${v.pages} pages` });

    // Each record: its pages in order, each with its Bates number; text split at the form feeds.
    for (const rec of v.records) {
      const hit = await ok(core.invoke('documents.byBates', { bates: rec.pages.at(-1)! }));
      expect(hit.hits[0]).toMatchObject({ page: rec.pages.length });
      const doc = await ok(core.invoke('documents.get', { id: hit.hits[0]!.documentId }));
      expect(doc).toMatchObject({ pages: rec.pages.length, type: 'pdf', bates: { begin: rec.begBates, end: rec.endBates } });
      const page2 = await ok(core.invoke('documents.page', { id: doc.id, page: Math.min(2, rec.pages.length) }));
      expect(page2.text.replace(/\s+/g, ' ')).toContain(rec.pageTexts[Math.min(2, rec.pages.length) - 1]!.replace(/\s+/g, ' ').trim().slice(0, 40));
      if (rec.parent) expect(doc.family?.parent?.bates).toMatchObject({ begin: rec.parent });
      else expect(doc.family?.parent ?? null).toBeNull();
      if (rec.native) {
        expect(doc.native).toMatchObject({ name: path.basename(rec.native) });
        expect(fs.readFileSync(blobPath(core.dataDir, doc.native!.sha256))).toEqual(fs.readFileSync(path.join(v.root, rec.native)));
      }
      expect(doc.metadata).toMatchObject({ 'RECORD TYPE': rec.fields['RECORD TYPE'] });
      expect(doc.requests).toEqual([req.reference]);
    }
    const detail = await ok(core.invoke('requests.get', { reference: req.reference }));
    expect(detail.events.map((e) => e.note)).toContain(r.timeline!.line);
    const audit = await query<{ action: string }>(core, "SELECT action FROM audit_log WHERE action LIKE 'received.%' ORDER BY seq");
    expect(audit.map((a) => a.action)).toEqual(['received.start', 'received.mapping', 'received.finish']);
    expect(await ok(core.invoke('app.verify', {}))).toMatchObject({ problems: [] });

    // The production's own page: volumes, range, counts and the report.
    const list = await ok(core.invoke('received.list', { request: req.reference }));
    expect(list).toEqual([expect.objectContaining({ party: 'ICE', name: 'VOL001', status: 'complete', documents: 12, pages: v.pages, first: v.firstBates, last: v.lastBates })]);
    const page = await ok(core.invoke('received.get', { id: list[0]!.id }));
    expect(page.report).toMatchObject({ records: 12, imported: 12 });
  });

  it('a re-run of the same production adds nothing, and the timeline keeps one entry', async () => {
    const v = await volume();
    const core = await testCore();
    const req = await ok(core.invoke('requests.create', { kind: 'foia', agency: 'ICE', subject: 'Twice received', received: '2025-03-04' }));
    await receive(core, { path: v.root, request: req.reference });
    const again = await receive(core, { path: v.root, request: req.reference });
    expect(again).toMatchObject({ already: 12, valid: 0, imported: 0 });
    expect(await rowCount(core, 'documents')).toBe(12);
    expect(await rowCount(core, 'received_productions')).toBe(1);
    const detail = await ok(core.invoke('requests.get', { reference: req.reference }));
    expect(detail.events.filter((e) => e.type === 'interim-production')).toHaveLength(1);
  });

  it('sends the pages of records without text files to OCR, every page of a multi-page TIFF included', async () => {
    const v = await volume({ withText: false, multiPageTiffs: true, imageLoadFile: 'lfp' });
    const core = await testCore();
    const r = await receive(core, { path: v.root, party: 'DHS OIG' });
    expect(r).toMatchObject({ imported: 12, party: 'DHS OIG' });
    expect(await rowCount(core, 'ocr_queue')).toBe(v.pages);
    expect(await rowCount(core, 'page_bates')).toBe(v.pages);
  });

  it('remembers the mapping the user chose, per producing party', async () => {
    const v = await volume();
    const core = await testCore();
    await receive(core, { path: v.root, party: 'ICE', mapping: { 'REVIEW BATCH': 'ignore' } });
    const w = await volume({ prefix: 'ICF' });
    const next = await inspect(core, { path: w.root, party: 'ice' });
    expect(next.mappingRemembered).toBe(true);
    expect(next.mapping['REVIEW BATCH']).toBe('ignore');
    const other = await inspect(core, { path: w.root, party: 'CBP' });
    expect(other.mappingRemembered).toBe(false);
    expect(other.mapping['REVIEW BATCH']).toBe('metadata');
  });

  it('refuses a range that overlaps one received from the same party before', async () => {
    const core = await testCore();
    await receive(core, { path: (await volume({ start: 1 })).root, party: 'ICE' });
    const overlapping = await volume({ start: 20, volume: 'VOL002', seed: 7 });
    const r = await receive(core, { path: overlapping.root, party: 'ICE' });
    expect(r.refused).toBe(true);
    expect(problemsOf(r, 'overlap-received')[0]).toMatchObject({ severity: 'blocking', message: expect.stringContaining('received from ICE before (VOL001)') });
    expect(await rowCount(core, 'documents')).toBe(12);
    // Another party may use the same numbers.
    expect(await receive(core, { path: overlapping.root, party: 'CBP' })).toMatchObject({ imported: 12 });
  });

  it('reads a production of several volumes, each with its load files, and refuses ranges one volume repeats of another', async () => {
    const dir = tempDir('sunshine-vols-');
    const one = await makeVolume(dir, { documents: 12, volume: 'VOL001' });
    const two = await makeVolume(dir, { documents: 12, volume: 'VOL002', start: one.pages + 1, seed: 3 });
    const core = await testCore();
    const both = await inspect(core, { path: dir, party: 'ICE' });
    expect(both.volumes.map((v) => v.name)).toEqual(['VOL001', 'VOL002']);
    expect(both).toMatchObject({ records: 24, valid: 24, first: one.firstBates, last: two.lastBates });

    const clash = tempDir('sunshine-vols-');
    await makeVolume(clash, { documents: 12, volume: 'VOL001' });
    await makeVolume(clash, { documents: 12, volume: 'VOL002', start: 30, seed: 3 });
    const r = await receive(core, { path: clash, party: 'ICE', validOnly: true });
    const overlaps = problemsOf(r, 'overlap');
    expect(overlaps.length).toBeGreaterThan(0);
    expect([...new Set(overlaps.map((p) => p.file))]).toEqual(['VOL002/DATA/VOL002.dat']);
    expect(overlaps[0]!.message).toMatch(/of VOL001\/DATA\/VOL001\.dat\)$/);
    expect(r.imported).toBe(24 - overlaps.length);
    expect(await rowCount(core, 'documents')).toBe(24 - overlaps.length);
  });

  it('takes a production as a ZIP, and refuses a ZIP bomb leaving nothing behind', async () => {
    const v = await volume();
    const zip = path.join(tempDir(), 'VOL001.zip');
    await zipVolume(v.root, zip);
    const core = await testCore();
    expect(await receive(core, { path: zip, party: 'ICE' })).toMatchObject({ imported: 12, name: 'VOL001' });
    const bomb = path.join(tempDir(), 'bomb.zip');
    zipBomb(bomb, 8);
    const e = await fails(core.invoke('received.import', { path: bomb } as never));
    expect(e).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/ZIP cannot be used as a production: .*(ratio|bomb|large)/i) });
    expect(fs.readdirSync(scratchDir(core.dataDir)).filter((f) => f.startsWith('zip-volume'))).toEqual([]);
  });
});

describe('bad productions', () => {
  it('names the record and field of each problem, imports nothing unless asked, then only what is valid', async () => {
    const v = await volume({
      documents: 16,
      defects: { escapingPath: true, otherDrive: true, notATiff: true, emptyText: true, utf16TextWithoutBom: true, missingImage: true, extraFile: true, batesGap: true, md5Mismatch: true },
    });
    const core = await testCore();
    const r = await receive(core, { path: v.root, party: 'ICE' });
    expect(r.refused).toBe(true);
    expect(await rowCount(core, 'documents')).toBe(0);
    const d = v.defects;
    const at = (code: string) => problemsOf(r, code).map((p) => p.record);
    expect(at('image-missing')).toEqual(expect.arrayContaining([d.escapingPath!.record, d.otherDrive!.record, d.missingImage!.record]));
    expect(problemsOf(r, 'image-missing').find((p) => p.record === d.escapingPath!.record)!.message).toMatch(/leaves the volume/);
    expect(at('image-unreadable')).toContain(d.notATiff!.record);
    expect(problemsOf(r, 'text-empty').map((p) => p.record)).toContain(d.emptyText!.record);
    expect(problemsOf(r, 'text-encoding').find((p) => p.record === d.utf16TextWithoutBom!.record)).toMatchObject({ severity: 'warning', field: 'TEXTPATH' });
    expect(problemsOf(r, 'file-unnamed')[0]!.message).toContain(path.basename(d.extraFile!.file!));
    expect(problemsOf(r, 'bates-gap').length).toBeGreaterThan(0);
    for (const p of r.problems) expect(p.message).not.toContain(v.root);

    const valid = await receive(core, { path: v.root, party: 'ICE', validOnly: true });
    expect(valid.imported).toBe(r.valid);
    expect(await rowCount(core, 'documents')).toBe(r.valid);
    expect(problemsOf(valid, 'native-hash').map((p) => p.record)).toContain(d.md5Mismatch!.record);
    expect((await ok(core.invoke('received.list', {})))[0]).toMatchObject({ status: 'partial' });
  });

  it('reads a DAT whose separators swap roles; a field-count mismatch and a truncated end block only their records', async () => {
    const core = await testCore();
    expect(await inspect(core, { path: (await volume({ defects: { swappedSeparators: true } })).root })).toMatchObject({ records: 12, blocked: 0 });
    const bad = await volume({ documents: 30, defects: { fieldCountMismatchAt: 25, truncated: true } });
    const r = await inspect(core, { path: bad.root });
    expect(r.blocked).toBe(2);
    expect(r.valid).toBe(28);
    expect(r.problems.filter((p) => p.severity === 'blocking').map((p) => p.file)).toEqual(['DATA/VOL001.dat', 'DATA/VOL001.dat']);
  });

  it('says what to fix when the folder is no production at all', async () => {
    const core = await testCore();
    const empty = tempDir();
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'just notes\n');
    const r = await inspect(core, { path: empty });
    expect(r.problems[0]).toMatchObject({ code: 'no-dat', message: expect.stringContaining('needs a .dat') });
    expect(await fails(core.invoke('received.import', { path: empty } as never))).toMatchObject({ code: 'BAD_INPUT' });
    expect(await fails(core.invoke('received.import', { path: path.join(empty, 'nowhere') } as never))).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('sunshine productions receive', () => {
  it('a dry run prints the report and writes nothing; an import killed midway is finished by a re-run, and verify passes between', async () => {
    const v = await volume({ documents: 40 });
    const ws = await cliWorkspace();
    const dry = runSunshine(ws, ['productions', 'receive', v.root, '--dry-run', '--json']);
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ dryRun: true, records: 40, valid: 40 });

    // Killed while importing: wait until some documents are in, then SIGKILL.
    const core = await testCore({ dataDir: ws.dir, ...cliWorkspaceOptions(ws) });
    const child = spawn('setsid', ['-w', process.execPath, ...sunshineArgv(ws, ['productions', 'receive', v.root, '--json'])], { env: sunshineEnv(ws), stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let inSoFar = 0;
    for (;;) {
      inSoFar = await rowCount(core, 'documents');
      if (inSoFar >= 3) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    child.kill('SIGKILL');
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const partial = await rowCount(core, 'documents');
    expect(partial).toBeGreaterThanOrEqual(3);
    const verify = runSunshine(ws, ['verify']);
    expect(verify.code, verify.out + verify.err).toBe(0);
    const rerun = runSunshine(ws, ['productions', 'receive', v.root, '--json']);
    expect(rerun.code, rerun.err).toBe(0);
    expect(JSON.parse(rerun.out)).toMatchObject({ imported: 40 - partial, already: partial });
    expect(await rowCount(core, 'documents')).toBe(40);
    const shown = runSunshine(ws, ['documents', 'show', '--bates', v.records[5]!.pages[0]!, '--json']);
    expect(JSON.parse(shown.out)).toMatchObject({ bates: { begin: v.records[5]!.begBates }, page: 1 });
  }, 120_000);

  it('exits 1 with the report, importing nothing, while records are blocked; --valid-only imports the rest', async () => {
    const v = await volume({ defects: { notATiff: true } });
    const ws = await cliWorkspace();
    const r = runSunshine(ws, ['productions', 'receive', v.root]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/BLOCKED: DATA\/VOL001\.dat, line \d+, .*field image: page \d+ \(.*\) .*is not a TIFF/);
    expect(r.out).toContain('Nothing was imported');
    const valid = runSunshine(ws, ['productions', 'receive', v.root, '--valid-only', '--json']);
    expect(JSON.parse(valid.out)).toMatchObject({ imported: 11 });
    const bad = runSunshine(ws, ['productions', 'receive', v.root, '--mapping', path.join(v.root, 'nope.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--mapping');
  });
});
