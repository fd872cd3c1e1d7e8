import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, api } from './fixtures.ts';
import { makePdf } from '../unit/fixtures.ts';

/**
 * Bates numbers as addresses in the window: typed in the search box or the quick search, a number
 * opens its page; a range lists the pages it names. The numbers here are our own production's
 * (received productions are found the same way, by the same look-up).
 */
test.describe('Bates numbers as addresses', () => {
  test('a Bates number typed in the search box opens its page; in the quick search it is the first result; a range lists its pages', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-bates-'));
    await makePdf(path.join(dir, 'marblewort.pdf'), ['marblewort first page', 'marblewort second page', 'marblewort third page'], { created: new Date('2023-02-01T12:00:00Z') });
    const report = await api<{ files: { documentId?: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const id = report.files[0]!.documentId!;
    await api(sunshine, 'tags.create', { name: 'Marblewort out' });
    await api(sunshine, 'tags.apply', { tag: 'Marblewort out', ids: [id] });
    // The worker's workspace may hold a sealed source (other tests add one): the plan then checks against it.
    await api(sunshine, 'productions.create', { tag: 'Marblewort out', prefix: 'MWT-', start: 501, passphrase: 'correct horse battery staple' });

    await page.goto(`${sunshine.url}#/search`);
    await page.getByRole('searchbox', { name: 'Search for' }).fill('mwt-00000502');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`#/documents/${id}\\?page=2`));
    await expect(page.getByRole('textbox', { name: 'Page' })).toHaveValue('2');

    await page.goto(`${sunshine.url}#/search`);
    await page.getByRole('searchbox', { name: 'Search for' }).fill('MWT-00000501 to MWT-00000503');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const listed = page.getByRole('region', { name: 'Pages by Bates number' }).getByRole('link');
    await expect(listed).toHaveText(['MWT-00000501 · marblewort.pdf — page 1', 'MWT-00000502 · marblewort.pdf — page 2', 'MWT-00000503 · marblewort.pdf — page 3']);

    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Quick search' });
    await dialog.getByRole('textbox', { name: 'Search requests, disclosures and documents' }).fill('MWT-00000503');
    await expect(dialog.getByRole('list', { name: 'Quick search results' }).getByRole('link').first()).toContainText('MWT-00000503 · marblewort.pdf — page 3');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/documents/${id}\\?page=3`));
    await expect(page.getByRole('textbox', { name: 'Page' })).toHaveValue('3');
  });
});
