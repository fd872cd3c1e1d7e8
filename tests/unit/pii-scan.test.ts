/**
 * The PII scan over stored pages, on the suite's engine (run it on both): the background runner
 * takes up imported pages, pages OCR fills and every page again when the patterns change; search
 * narrows by kind and counts kinds in its facets.
 */
import { describe, expect, it } from 'vitest';
import { fails, itOnSqlite, ok, query, tempDir, testCore } from './helpers.ts';
import { openCore } from '../../core/index.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { write } from './fixtures.ts';
import { saveOcrText } from '../../db/documents.ts';
import type { Core } from '../../core/index.ts';

async function importTexts(core: Core, files: Record<string, string>): Promise<Record<string, number>> {
  const dir = tempDir('sunshine-pii-');
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  const r = await ok(core.invoke('documents.import', { paths: [dir] }));
  return Object.fromEntries(r.files.map((f) => [f.path.split('/').at(-1)!, f.documentId!]));
}

const kindsOf = async (core: Core) => (await ok(core.invoke('pii.list', {}))).rows.map((r) => `${r.kind}:${r.document.name}:${r.pages.join(',')}`).sort();

describe('the PII scan', () => {
  it('scans imported pages in the background and keeps offsets, never the values', async () => {
    const core = await testCore({ backgroundOcr: true });
    const ids = await importTexts(core, {
      'intake.txt': 'Quokkafile intake. SSN: 123-45-6789. Reach her at (202) 555-0143 or jane@example.org.',
      'memo.txt': 'Quokkafile memo about the budget, nothing personal.',
    });
    await expect.poll(() => kindsOf(core), { timeout: 20_000 }).toEqual(['email:intake.txt:1', 'phone:intake.txt:1', 'ssn:intake.txt:1']);

    const hits = await ok(core.invoke('documents.piiHits', { id: ids['intake.txt']!, page: 1 }));
    const { text } = await ok(core.invoke('documents.page', { id: ids['intake.txt']!, page: 1 }));
    expect(hits.map((h) => `${h.kind}:${text.slice(h.start, h.end)}`)).toEqual(['ssn:123-45-6789', 'phone:(202) 555-0143', 'email:jane@example.org']);
    // Nothing stored holds the value: the table has offsets only.
    const columns = Object.keys((await query(core, 'SELECT * FROM pii_hits LIMIT 1'))[0]!).sort();
    expect(columns).toEqual(['document_id', 'end_at', 'kind', 'page_id', 'page_no', 'start_at']);
    expect(await ok(core.invoke('documents.piiHits', { id: ids['memo.txt']!, page: 1 }))).toEqual([]);
    expect(await fails(core.invoke('documents.piiHits', { id: ids['memo.txt']!, page: 2 }))).toMatchObject({ code: 'NOT_FOUND' });
  }, 60_000);

  it('narrows a search to a kind and counts documents per kind in the facets', async () => {
    const core = await testCore();
    await importTexts(core, {
      'a.txt': 'Wombatword record. SSN 123-45-6789.',
      'b.txt': 'Wombatword record. DOB: 03/14/1962, call 202-555-0143.',
      'c.txt': 'Wombatword record with nothing personal.',
    });
    expect((await ok(core.invoke('pii.scan', {}))).pending).toBe(0);
    const names = async (pii?: string) => (await ok(core.invoke('documents.search', { query: 'wombatword', ...(pii ? { pii } : {}) }))).hits.map((h) => h.name).sort();
    expect(await names()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(await names('ssn')).toEqual(['a.txt']);
    expect(await names('dob')).toEqual(['b.txt']);
    expect(await names('any')).toEqual(['a.txt', 'b.txt']);
    const { facets } = await ok(core.invoke('documents.search', { query: 'wombatword' }));
    expect(facets.pii).toEqual([
      { value: 'dob', count: 1 },
      { value: 'phone', count: 1 },
      { value: 'ssn', count: 1 },
    ]);
    expect(await fails(core.invoke('documents.search', { query: 'wombatword', pii: 'ssnn' }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/pii: there is no kind "ssnn"; write any, one of ssn, a-number/),
    });
    expect((await ok(core.invoke('pii.list', { kind: 'dob' }))).rows.map((r) => r.document.name)).toEqual(['b.txt']);
  }, 60_000);

  it('scans every page again when the custom patterns change, and refuses a bad pattern keeping the old ones', async () => {
    const core = await testCore({ backgroundOcr: true });
    await importTexts(core, { 'case.txt': 'Numbatword: matter CASE-123456 opened.' });
    await expect.poll(async () => (await ok(core.invoke('pii.list', {}))).pending, { timeout: 20_000 }).toBe(0);
    expect(await kindsOf(core)).toEqual([]);

    await ok(core.invoke('pii.setPatterns', { patterns: [{ name: 'Case number', pattern: 'CASE-\\d{6}', exemption: 'b7C' }] }));
    await expect.poll(() => kindsOf(core), { timeout: 20_000 }).toEqual(['custom:Case number:case.txt:1']);
    expect((await ok(core.invoke('documents.search', { query: 'numbatword', pii: 'case number' }))).hits).toHaveLength(1);

    const refusal = await fails(core.invoke('pii.setPatterns', { patterns: [{ name: 'Broken', pattern: '(CASE', exemption: 'b6' }] }));
    expect(refusal).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/Pattern "Broken": a "\(" is never closed.*Nothing was saved\./) });
    const everything = await fails(core.invoke('pii.setPatterns', { patterns: [{ name: 'All', pattern: '[\\s\\S]', exemption: 'b6' }] }));
    expect(everything.message).toMatch(/matches any single letter on its own/);
    expect((await ok(core.invoke('pii.patterns', {}))).patterns.map((p) => p.name)).toEqual(['Case number']);
    // Kept, and audited like any setting.
    expect(await query(core, "SELECT action FROM audit_log WHERE action = 'pii.patterns'")).toHaveLength(1);

    // Removed: scanned again, and its hits are gone.
    await ok(core.invoke('pii.setPatterns', { patterns: [] }));
    await expect.poll(() => kindsOf(core), { timeout: 20_000 }).toEqual([]);
  }, 60_000);

  itOnSqlite('a data folder is the way to open a workspace at an older version')('scans the pages stored before migration 19 once the workspace is opened with it', async () => {
    const dir = tempDir();
    const src = tempDir('sunshine-src-');
    write(src, 'old.txt', 'Dingoword: e-mail old.source@example.net');
    const first = openCore({ dataDir: dir, migrations: MIGRATIONS.slice(0, 18) });
    await ok(first.invoke('documents.import', { paths: [src] }));
    first.close();

    const core = await testCore({ dataDir: dir, engine: 'sqlite', backgroundOcr: true });
    await expect.poll(() => kindsOf(core), { timeout: 20_000 }).toEqual(['email:old.txt:1']);
  }, 60_000);

  it('scans a page again once OCR has filled in its text', async () => {
    const core = await testCore();
    const ids = await importTexts(core, { 'scan.txt': 'Platypusword placeholder, call 202-555-0143.' });
    await ok(core.invoke('pii.scan', {}));
    expect(await kindsOf(core)).toEqual(['phone:scan.txt:1']);
    const [page] = await query<{ id: number }>(core, 'SELECT id FROM pages WHERE document_id = ?', [ids['scan.txt']!]);
    await core.workspace.write('Sunshine OCR', (w) =>
      saveOcrText(w, { page_id: Number(page!.id), document_id: ids['scan.txt']!, page_no: 1, sha256: '', type: 'text', attempts: 0 }, 'Alien file A-123-456-789'),
    );
    // Until it is scanned again, the old finds are gone: their offsets pointed into the old text.
    expect(await ok(core.invoke('pii.list', {}))).toEqual({ rows: [], pending: 1 });
    await ok(core.invoke('pii.scan', {}));
    expect(await kindsOf(core)).toEqual(['a-number:scan.txt:1']);
  }, 60_000);
});
