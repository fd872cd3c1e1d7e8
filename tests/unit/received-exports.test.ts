/**
 * The producing party's Bates range in lists and exports: the documents list (API and command),
 * the search results' CSV (API and command), and our own productions' DAT and privilege log.
 * Documents are received from small fixture volumes, on the suite's engine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import { parseCsv } from '../../core/csv.ts';
import { makeVolume, type VolumeOptions } from '../fixtures/production-volume.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { cliWorkspaceOf, runSunshine } from './cli-workspace.ts';

const volume = (o: VolumeOptions) => makeVolume(tempDir('sunshine-vol-'), { documents: 4, ...o });
const receive = (core: Core, root: string, party: string) => ok(core.invoke('received.import', { path: root, party } as never));

/** A document of our own, received in no production. */
async function ownDocument(core: Core, name: string, text: string): Promise<number> {
  const dir = tempDir('sunshine-own-');
  fs.writeFileSync(path.join(dir, name), text);
  const r = await ok(core.invoke('documents.import', { paths: [path.join(dir, name)] }));
  return r.files[0]!.documentId!;
}

const rowsOf = (csv: string) => parseCsv(csv).map((r) => r.cells);

describe("the producing party's Bates range in lists and exports", () => {
  it('lists each received document with its range, and sorts by Bates number (prefix, then number), documents without one last', async () => {
    const core = await testCore();
    const later = await volume({ prefix: 'ICE', start: 101, volume: 'VOL002' });
    const earlier = await volume({ prefix: 'ICE', start: 1, seed: 9 });
    // Received out of order: newest first would list the earlier numbers first, but backwards.
    await receive(core, later.root, 'ICE');
    await receive(core, earlier.root, 'ICE');
    const own = await ownDocument(core, 'lindqvist-memo.txt', 'A memo of our own about placement files.');

    const listed = await ok(core.invoke('documents.list', { limit: 1000 }));
    for (const rec of [...earlier.records, ...later.records]) {
      expect(listed.rows.find((d) => d.bates?.begin === rec.begBates)).toMatchObject({ bates: { begin: rec.begBates, end: rec.endBates }, pages: rec.pages.length });
    }
    expect(listed.rows.find((d) => d.id === own)?.bates).toBeNull();

    const byBates = await ok(core.invoke('documents.list', { limit: 1000, sort: 'bates' }));
    expect(byBates.rows.map((d) => d.bates?.begin ?? null)).toEqual([...[...earlier.records, ...later.records].map((r) => r.begBates), null]);

    // The command lists the same, with the range beside each name.
    const cli = runSunshine(cliWorkspaceOf(core), ['documents', 'list', '--sort', 'bates']);
    expect(cli.code, cli.err).toBe(0);
    const lines = cli.out.trim().split('\n');
    expect(lines[0]).toContain(`[${earlier.records[0]!.begBates}–${earlier.records[0]!.endBates}]`);
    expect(lines.at(-1)).toMatch(/^#\d+ lindqvist-memo\.txt \(text, 1 page\)$/);
    const bad = runSunshine(cliWorkspaceOf(core), ['documents', 'list', '--sort', 'sideways']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/sort/);
  });

  it("exports a search's results as CSV: the document's fields, the producing party's range and name, each page hit with its Bates number", async () => {
    const core = await testCore();
    const v = await volume({ prefix: 'HHS', start: 4201, documents: 6, pagesPerDocument: 4 });
    await receive(core, v.root, 'HHS OIG');
    const own = await ownDocument(core, 'warehouse-note.txt', 'Our own note on the vacant warehouse.');

    const r = await ok(core.invoke('documents.exportResults', { query: 'warehouse' }));
    const [header, ...rows] = rowsOf(r.csv);
    expect(header).toEqual(['id', 'name', 'date', 'custodian', 'from', 'to', 'subject', 'received Bates begin', 'received Bates end', 'producing party', 'pages hit']);
    const expected = v.records.filter((rec) => rec.pageTexts.some((t) => t.includes('warehouse')));
    expect(expected.length).toBeGreaterThan(0);
    expect(r.count).toBe(expected.length + 1);
    expect(rows).toHaveLength(r.count);
    for (const rec of expected) {
      const row = rows.find((c) => c[7] === rec.begBates);
      const hitPages = rec.pageTexts.flatMap((t, k) => (t.includes('warehouse') ? [`${k + 1} (${rec.pages[k]})`] : []));
      expect(row).toBeDefined();
      expect(row!.slice(3, 4)).toEqual([rec.fields.CUSTODIAN]);
      expect(row!.slice(7)).toEqual([rec.begBates, rec.endBates, 'HHS OIG', hitPages.join('; ')]);
    }
    expect(rows.find((c) => c[0] === String(own))).toEqual([String(own), 'warehouse-note.txt', '', '', '', '', '', '', '', '', '1']);

    // The command writes the same CSV, to standard output or to a file of its own.
    const ws = cliWorkspaceOf(core);
    const out = runSunshine(ws, ['search', 'warehouse', '--export', '-']);
    expect(out.code, out.err).toBe(0);
    expect(rowsOf(out.out)).toEqual(rowsOf(r.csv));
    const file = path.join(tempDir('sunshine-export-'), 'results.csv');
    const toFile = runSunshine(ws, ['search', 'warehouse', '--export', file, '--json']);
    expect(toFile.code, toFile.err).toBe(0);
    expect(JSON.parse(toFile.out)).toMatchObject({ count: r.count, capped: false });
    expect(rowsOf(fs.readFileSync(file, 'utf8'))).toEqual(rowsOf(r.csv));
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const stray = runSunshine(ws, ['search', 'warehouse', '--export']);
    expect(stray.code).not.toBe(0);
    expect(stray.err).toContain("option '--export <file>' argument missing");
  });

  it("writes the producing party's range into our own production's DAT and privilege log, beside our own numbers", async () => {
    const core = await testCore();
    const v = await volume({ prefix: 'ICE-', start: 4201, documents: 3 });
    await receive(core, v.root, 'ICE');
    const own = await ownDocument(core, 'feld-notes.txt', 'Notes of our own on the sponsor files.');
    const received = await ok(core.invoke('documents.list', { limit: 1000, sort: 'bates' }));
    const ids = received.rows.filter((d) => d.bates).map((d) => d.id);
    const [withheld, ...rest] = ids;
    await ok(core.invoke('tags.create', { name: 'Produce received' }));
    await ok(core.invoke('tags.apply', { tag: 'Produce received', ids: [...ids, own] }));
    await ok(core.invoke('review.set', { ids: [...rest, own], status: 'responsive' }));
    await ok(core.invoke('review.set', { ids: [withheld!], status: 'privileged', privilege: 'attorney-client' }));

    const plan = await ok(core.invoke('productions.plan', { tag: 'Produce received', prefix: 'HSGAC-', start: 1, name: 'Received out', folder: path.join(tempDir('sunshine-out-'), 'plan') }));
    const first = v.records[0]!;
    expect(plan.documents.find((d) => d.id === withheld)?.log).toMatchObject({ kind: 'withheld', receivedAs: `${first.begBates}–${first.endBates}` });

    const out = path.join(tempDir('sunshine-out-'), 'RECEIVED-001');
    const r = await ok(core.invoke('productions.create', { tag: 'Produce received', prefix: 'HSGAC-', start: 1, folder: out, name: 'Received out' }));
    expect(r).toMatchObject({ firstBates: 'HSGAC-00000001', withheld: 1 });

    const dat = fs
      .readFileSync(path.join(out, 'DATA', 'Received_out.dat'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((l) => l.split('\u0014').map((c) => c.replace(/^\u00fe|\u00fe$/g, '')));
    const [head, ...lines] = dat;
    expect(head!.slice(-3)).toEqual(['RECEIVEDBEGBATES', 'RECEIVEDENDBATES', 'PRODUCINGPARTY']);
    const col = (name: string) => head!.indexOf(name);
    for (const rec of v.records) {
      const line = lines.find((l) => l[col('RECEIVEDBEGBATES')] === rec.begBates);
      expect(line, rec.begBates).toBeDefined();
      // Our own numbers stay ours; the producing party's ride beside them.
      expect(line![col('BEGBATES')]).toMatch(/^HSGAC-\d{8}$/);
      expect(line!.slice(-2)).toEqual([rec.endBates, 'ICE']);
    }
    expect(lines.find((l) => l[col('FILENAME')] === 'feld-notes.txt')!.slice(-3)).toEqual(['', '', '']);

    const log = rowsOf(fs.readFileSync(path.join(out, 'Received_out-privilege-log.csv'), 'utf8'));
    expect(log[0]!.at(-1)).toBe('Received as');
    expect(log.slice(1)).toEqual([expect.arrayContaining(['withheld', `${first.begBates}–${first.endBates}`])]);
  });
});
