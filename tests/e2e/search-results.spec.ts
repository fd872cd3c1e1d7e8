import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';
import { makePdf } from '../unit/fixtures.ts';

/**
 * Three documents holding "wombatquill" (one of two pages, produced; one tagged; one undated)
 * and 51 undated notes, so documents mode has more than one page of results.
 */
async function corpus(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-perdoc-'));
  await makePdf(path.join(dir, 'wq-old.pdf'), ['wombatquill sighting at the depot', 'a second wombatquill sighting'], { created: new Date('2019-03-01T12:00:00Z') });
  await makePdf(path.join(dir, 'wq-new.pdf'), ['wombatquill transfer memo'], { created: new Date('2024-05-01T12:00:00Z') });
  fs.writeFileSync(path.join(dir, 'wq-note.txt'), 'a wombatquill note without a date');
  for (let i = 10; i < 61; i++) fs.writeFileSync(path.join(dir, `wq-bulk-${i}.txt`), `bulk wombatquill note number ${i}`);
  return dir;
}

test.describe('search results per document', () => {
  test('switch to documents, see how many pages match and what each document is, sort by date, and keep the choice through More results', async ({ page, sunshine }) => {
    const report = await api<{ files: { path: string; documentId?: number }[] }>(sunshine, 'documents.import', { paths: [await corpus()] });
    const id = (name: string) => report.files.find((f) => f.path.endsWith(name))!.documentId!;
    await api(sunshine, 'tags.create', { name: 'Wombatquill hot' });
    await api(sunshine, 'tags.apply', { tag: 'Wombatquill hot', ids: [id('wq-new.pdf')] });
    await api(sunshine, 'tags.create', { name: 'Wombatquill produce' });
    await api(sunshine, 'tags.apply', { tag: 'Wombatquill produce', ids: [id('wq-old.pdf')] });
    // The worker's workspace may hold a sealed source (other tests add one): the plan then checks against it.
    await api(sunshine, 'productions.create', { tag: 'Wombatquill produce', prefix: 'WQB-', start: 1, passphrase: 'correct horse battery staple' });

    await page.goto(`${sunshine.url}#/search?q=wombatquill`);
    await expect(page.getByRole('status')).toHaveText('55 pages match, best first.');

    // The switch from the keyboard: the arrow key picks Documents, and the focus stays on it.
    await page.getByRole('radio', { name: 'Pages' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('status')).toHaveText('54 documents match, best first.');
    await expect(page.getByRole('radio', { name: 'Documents' })).toBeFocused();
    const results = page.getByRole('list', { name: 'Results' });
    const old = results.getByRole('listitem').filter({ hasText: 'wq-old.pdf' });
    await expect(old).toContainText(/2 pages match, best on page [12]/);
    await expect(old).toContainText('2019-03-01');
    await expect(old).toContainText('Bates WQB-00000001 – WQB-00000002');
    await expect(results.getByRole('listitem').filter({ hasText: 'wq-new.pdf' })).toContainText('Tags: Wombatquill hot');

    await page.getByLabel('Sort by').selectOption({ label: 'Document date, newest first' });
    await expect(page.getByRole('status')).toHaveText('54 documents match, newest document date first.');
    await expect(page).toHaveURL(/group=documents/);
    await expect(page).toHaveURL(/sort=date/);
    const links = results.getByRole('link');
    await expect(links.nth(0)).toHaveText('wq-new.pdf — page 1');
    await expect(links.nth(1)).toHaveText(/^wq-old\.pdf — page [12]$/);
    await expect(links).toHaveCount(50);
    await expectAccessible(page, 'Search results per document');
    await page.screenshot({ path: test.info().outputPath('search-documents.png'), fullPage: true });

    // More results: the rest of the documents, in the same view and order, none twice.
    await page.getByRole('button', { name: 'More results' }).click();
    await expect(links).toHaveCount(54);
    const names = (await links.allTextContents()).map((t) => t.replace(/ — page \d+$/, ''));
    expect(new Set(names).size).toBe(54);
    expect(names.slice(0, 2)).toEqual(['wq-new.pdf', 'wq-old.pdf']);
    await expect(page.getByRole('button', { name: 'More results' })).toHaveCount(0);

    // Back to pages, still sorted by date: both pages of the older document, after the newer one.
    await page.getByRole('radio', { name: 'Pages' }).click();
    await expect(page.getByRole('status')).toHaveText('55 pages match, newest document date first.');
    await expect(links.nth(0)).toHaveText('wq-new.pdf — page 1');
    await expect(links.nth(1)).toHaveText('wq-old.pdf — page 1');
    await expect(links.nth(2)).toHaveText('wq-old.pdf — page 2');
  });
});
