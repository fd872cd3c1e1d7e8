import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from './fixtures.ts';

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

async function zip(files: Record<string, string | Buffer>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(files)) z.file(name, data);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

test.describe('archives', () => {
  test('a ZIP imported through the window: its entries in the report, an entry’s page naming its path inside, the archive listing its entries', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-zip-'));
    const inner = await zip({ 'memo.txt': 'Wrenfield inner memo on sponsor vetting.' });
    fs.writeFileSync(
      path.join(dir, 'release3.zip'),
      await zip({
        'Sponsors/2021/list.txt': 'Wrenfield sponsor list for 2021.',
        'Sponsors/2022/notes.txt': 'Wrenfield notes for 2022.',
        'Letters/wrenfield-inner.zip': inner,
      }),
    );
    await page.goto(sunshine.url);
    await nav(page, 'Documents');
    await page.getByRole('button', { name: 'Add documents' }).click();
    await page.getByLabel('Files or folders on this computer, one per line').fill(dir);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    // The archive, its three file entries and the entry of the ZIP inside it.
    await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText(/^5 added, 0 already stored, 0 failed/);
    const report = page.getByRole('table', { name: 'Import report' });
    await expect(report.getByRole('row').filter({ hasText: 'release3.zip › Letters › wrenfield-inner.zip › memo.txt' })).toContainText('Text, 1 page');
    await expect(report.getByRole('row').filter({ hasText: 'release3.zip › Sponsors › 2022 › notes.txt' })).toContainText('Text, 1 page');
    await expectAccessible(page, 'Import report of an archive');

    await report.getByRole('link', { name: /release3\.zip › Sponsors › 2021 › list\.txt$/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('list.txt');
    await expect(page.getByText('…/release3.zip › Sponsors › 2021 › list.txt', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Text of page 1')).toContainText('Wrenfield sponsor list for 2021.');
    await page.screenshot({ path: test.info().outputPath('archive-entry.png'), fullPage: true });

    await page.getByRole('link', { name: 'release3.zip', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('release3.zip');
    for (const name of ['list.txt', 'notes.txt', 'wrenfield-inner.zip']) await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    await expect(page.getByLabel('Text of page 1')).toContainText('Sponsors/2021/list.txt');
    await expectAccessible(page, 'An archive’s page');
    await page.screenshot({ path: test.info().outputPath('archive.png'), fullPage: true });
  });
});
