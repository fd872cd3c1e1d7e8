import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, api } from './fixtures.ts';
import { makeVolume, type Volume } from '../fixtures/production-volume.ts';

/** A Bates prefix no other test in the worker's shared workspace uses: ICE plus three letters of its own. */
function uniquePrefix(): string {
  const letters = Array.from({ length: 3 }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
  return `ICE${letters}-`;
}

/** A small volume under the system's temp folder (browser mode imports from there): 6 documents, a family, one record whose last page image is missing. */
async function smallVolume(prefix: string, defects: { missingImage?: boolean } = {}): Promise<Volume> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-received-'));
  return makeVolume(dir, { documents: 6, prefix, seed: 7, pagesPerDocument: 2, defects });
}

const readProduction = async (page: Page, volume: Volume, party?: string) => {
  const dialog = page.getByRole('dialog', { name: 'Add a production' });
  await dialog.getByLabel("The production's folder or ZIP").fill(volume.root);
  if (party) await dialog.getByLabel('Producing party (optional)').fill(party);
  await dialog.getByRole('button', { name: 'Read production' }).click();
  return dialog;
};

test.describe('receiving a production', () => {
  test("from a request's page: read it, check the mapping and the blocked record, import the valid documents, then find a page by its Bates number", async ({ page, sunshine }) => {
    const prefix = uniquePrefix();
    const volume = await smallVolume(prefix, { missingImage: true });
    const blocked = volume.defects.missingImage!.record;
    const good = volume.records.filter((r) => r.begBates !== blocked);
    const req = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'ICE', subject: `Detention contracts ${prefix}`, sent: '2026-09-01', received: '2026-09-03' });

    await page.goto(`${sunshine.url}#/requests/${req.reference}`);
    await page.getByRole('button', { name: 'Add a production…' }).click();
    const dialog = await readProduction(page, volume);

    const mapping = dialog.getByRole('table', { name: 'Field mapping' });
    const begRow = mapping.getByRole('row').filter({ hasText: 'BEGBATES' });
    await expect(begRow).toContainText(volume.records[0]!.begBates);
    await expect(begRow.getByRole('combobox', { name: 'Use of column BEGBATES' })).toHaveValue('begBates');
    await expect(mapping.getByRole('combobox', { name: 'Use of column RECORD TYPE' })).toHaveValue('metadata');
    const problem = dialog.getByRole('table', { name: 'Problems' }).getByRole('row').filter({ hasText: `record ${blocked}` });
    await expect(problem).toContainText('blocking');
    await expect(problem).toContainText(/line \d+/);
    await expect(problem).toContainText('field image');
    await expectAccessible(page, 'The production report');
    await page.screenshot({ path: test.info().outputPath('received-report.png') });
    await dialog.getByRole('button', { name: 'Cancel — import nothing' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('received-report-problems.png') });

    await dialog.getByRole('button', { name: `Import the ${good.length} valid documents` }).click();
    const done = dialog.getByRole('status').filter({ hasText: 'Imported' });
    await expect(done).toContainText(`Imported ${good.length} documents`);
    await expect(done).toContainText('Timeline: Production');
    await done.getByRole('link', { name: 'Open the received production' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toContainText('Production ICE');
    await expect(page.getByRole('table', { name: 'Volumes' })).toContainText(volume.firstBates);
    await expect(page.getByRole('table', { name: 'Problems' }).getByRole('row').filter({ hasText: `record ${blocked}` })).toContainText('blocking');
    await expectAccessible(page, 'The received production');
    await page.screenshot({ path: test.info().outputPath('received-production.png') });

    await page.getByRole('link', { name: req.reference }).click();
    await expect(page.getByRole('table', { name: 'Timeline' })).toContainText(/Production .* received: /);

    // A document of several pages, on its second page.
    const doc = good.find((r) => r.pages.length > 1)!;
    await page.getByRole('table', { name: 'Productions received' }).getByRole('link').first().click();
    // The production's page is up before the keyboard is used (a key pressed mid-navigation is lost).
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Production ICE');
    await page.keyboard.press('Control+k');
    await page.getByLabel('Search requests, disclosures and documents').fill(doc.pages[1]!);
    await page.getByRole('list', { name: 'Quick search results' }).getByRole('link').first().click();
    await expect(page.getByText(`${doc.begBates}–${doc.endBates}`).first()).toBeVisible();
    // The pager's own line (a search result's caption may also read "page 2 of 2").
    await expect(page.getByText(new RegExp(`^Page 2 of ${doc.pages.length}\\b`))).toContainText(doc.pages[1]!);
    const metadata = page.getByRole('table', { name: 'Metadata' });
    await expect(metadata.getByRole('row').filter({ hasText: 'RECORD TYPE' })).toContainText(doc.fields['RECORD TYPE']!);
    await expectAccessible(page, 'A received document');
    // Search results name the page's Bates number beside its page number.
    await page.goto(`${sunshine.url}#/search?q=${encodeURIComponent(`bates:${prefix}*`)}`);
    const results = page.getByRole('list', { name: 'Results' });
    await expect(results.getByRole('link', { name: new RegExp(`page 1 \\(${good[0]!.begBates}\\)`) })).toBeVisible();
    await page.goBack();
    await expect(metadata).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('received-document.png') });
    await metadata.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('received-document-as-produced.png') });
  });

  test('the same production read again: everything is in already, nothing is imported twice; a column given another use is read again with it', async ({ page, sunshine }) => {
    const prefix = uniquePrefix();
    const volume = await smallVolume(prefix);
    const party = `Agency ${prefix.slice(3, 6)}`;
    const first = await api<{ imported: number }>(sunshine, 'received.import', { path: volume.root, party });
    expect(first.imported).toBe(volume.documents);

    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('button', { name: 'Add a production…' }).click();
    const dialog = await readProduction(page, volume, party);
    await expect(dialog.getByRole('group', { name: 'Counts' })).toContainText('already in');
    await expect(dialog.getByText(`(as last time for ${party})`)).toBeVisible();
    await expect(dialog.getByText(`Nothing to import: ${volume.documents} records in already.`)).toBeVisible();
    await expect(dialog.getByRole('button', { name: /^Import/ })).toHaveCount(0);

    // Another use for a column: read again before anything else, and the report comes back with it.
    await dialog.getByRole('combobox', { name: 'Use of column REVIEW BATCH' }).selectOption('ignore');
    await expect(dialog.getByText('The mapping changed: read the production again')).toBeVisible();
    await dialog.getByRole('button', { name: 'Read again' }).click();
    await expect(dialog.getByText('The mapping changed: read the production again')).toHaveCount(0);
    await expect(dialog.getByRole('combobox', { name: 'Use of column REVIEW BATCH' })).toHaveValue('ignore');
    await expect(dialog.getByText(`Nothing to import: ${volume.documents} records in already.`)).toBeVisible();
  });
});
