import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible } from './fixtures.ts';

/** Bytes no reader knows: no signature, not text. */
const binary = () => Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 5) % 256));

test.describe('kinds of file', () => {
  test('a file Sunshine cannot read is stored, reported and listed as stored, not read, says why on its page and is found by its name and the Other kind', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-kinds-'));
    fs.writeFileSync(path.join(dir, 'gorsewick-cipher.qbx'), binary());
    fs.writeFileSync(path.join(dir, 'gorsewick-note.txt'), 'Gorsewick note read as text.');
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('button', { name: 'Add documents' }).click();
    await page.getByLabel('Files or folders on this computer, one per line').fill(dir);
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    // The report: added, one of them stored but not read, and why.
    await expect(page.getByRole('status').filter({ hasText: 'added' })).toContainText('2 added (1 stored, not read), 0 already stored, 0 failed');
    const report = page.getByRole('table', { name: 'Import report' });
    const reported = report.getByRole('row').filter({ hasText: 'gorsewick-cipher.qbx' });
    await expect(reported.getByRole('cell').nth(0)).toHaveText('stored, not read');
    await expect(reported.getByRole('cell').nth(2)).toHaveText('stored, not read: not a kind of file Sunshine reads; stored as received');
    await expect(report.getByRole('row').filter({ hasText: 'gorsewick-note.txt' }).getByRole('cell').nth(0)).toHaveText('added');

    // The list: its kind's label, no page count, and the mark.
    const list = page.getByRole('table', { name: 'Documents' });
    const row = list.getByRole('row').filter({ has: page.getByRole('link', { name: 'gorsewick-cipher.qbx', exact: true }) });
    await expect(row.getByRole('cell').nth(1)).toHaveText('Other (stored, not read)');
    await expect(row.getByRole('cell').nth(2)).toHaveText('—');
    await expect(row.getByRole('cell').nth(3)).toHaveText('stored, not read');
    await expect(list.getByRole('row').filter({ hasText: 'gorsewick-note.txt' }).getByRole('cell').nth(1)).toHaveText('Text');
    await expectAccessible(page, 'Documents with a file stored, not read');
    await list.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath('list-stored-not-read.png') });

    // Its page says why, offers the original as it came (named for what its bytes are), and promises no text or OCR.
    await row.getByRole('link', { name: 'gorsewick-cipher.qbx', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('gorsewick-cipher.qbx');
    const why = page.getByRole('region', { name: 'Stored, not read' });
    await expect(why).toContainText('Not a kind of file Sunshine reads; stored as received.');
    await expect(page.getByText('Other (stored, not read) (application/octet-stream)')).toBeVisible();
    await expect(page.getByLabel('Text of page 1')).toHaveCount(0);
    await expect(page.getByText(/waits for OCR/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Draw a redaction|Redact/ })).toHaveCount(0);
    await expectAccessible(page, 'The page of a file stored, not read');
    await page.screenshot({ path: test.info().outputPath('page-stored-not-read.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save a copy of the original' }).click()]);
    expect(download.suggestedFilename()).toBe('gorsewick-cipher.bin');
    expect(fs.readFileSync((await download.path())!).equals(binary())).toBe(true);

    // Found by part of its name, in any case …
    await page.getByRole('link', { name: 'All documents' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('GORSEWICK-CI');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(list.getByRole('link', { name: 'gorsewick-cipher.qbx', exact: true })).toBeVisible();
    await expect(list.getByRole('link', { name: 'gorsewick-note.txt', exact: true })).toHaveCount(0);
    // … and the list filtered to the kind Other: the file is there, the text is not.
    await page.getByRole('textbox', { name: 'Name' }).fill('gorsewick');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect(list.getByRole('link', { name: 'gorsewick-note.txt', exact: true })).toBeVisible();
    await page.getByRole('combobox', { name: 'Kind' }).click();
    await page.getByRole('option', { name: 'Other (stored, not read)' }).click();
    await expect(page.getByRole('combobox', { name: 'Kind' })).toHaveText('Other (stored, not read)');
    await expect(list.getByRole('link', { name: 'gorsewick-cipher.qbx', exact: true })).toBeVisible();
    await expect(list.getByRole('link', { name: 'gorsewick-note.txt', exact: true })).toHaveCount(0);
    expect(page.url()).toMatch(/type=other.*name=gorsewick|name=gorsewick.*type=other/);
  });
});
