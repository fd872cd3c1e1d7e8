import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-terms-'));
  // Words no other test file uses: tests in one worker share a workspace.
  fs.writeFileSync(path.join(dir, 'a.txt'), 'The quokkaterm memo names the wombatterm sponsor.');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'Another quokkaterm page.');
  fs.writeFileSync(path.join(dir, 'c.txt'), 'Only bilbyterm here.');
  return dir;
}

test.describe('search term report', () => {
  test('paste queries, see each one’s counts and a bad line’s problem, export CSV, tag one row’s hits', async ({ page, sunshine }) => {
    await api(sunshine, 'documents.import', { paths: [folder()] });
    await api(sunshine, 'tags.create', { name: 'TermReportHot' });
    // The address with its token first: the page keeps the token and takes it out of the address.
    await page.goto(sunshine.url);
    await page.goto(`${sunshine.url.split('?')[0]}#/search`);
    await page.getByRole('button', { name: 'Search term report…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Search term report' });
    await dialog.getByRole('textbox', { name: 'Queries, one a line' }).fill('quokkaterm\nwombatterm\n\nbilbyterm\n(quokkaterm');
    await dialog.getByRole('button', { name: 'Run report' }).click();

    const rows = dialog.getByRole('table', { name: 'Search term report results' }).getByRole('row');
    await expect(rows).toHaveCount(6);
    await expect(rows.nth(1).getByRole('cell')).toHaveText(['1', 'quokkaterm', '2', '2', '1', '2', 'Tag hits…']);
    await expect(rows.nth(2).getByRole('cell')).toHaveText(['2', 'wombatterm', '1', '1', '0', '1', 'Tag hits…']);
    await expect(rows.nth(3).getByRole('cell')).toHaveText(['4', 'bilbyterm', '1', '1', '1', '1', 'Tag hits…']);
    await expect(rows.nth(4).getByRole('cell')).toHaveText(['5', '(quokkaterm', /position 1/]);
    await expect(rows.nth(5).getByRole('cell')).toHaveText(['', 'Any query', '3', '', '', '3', '']);
    await expectAccessible(page, 'Search term report');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('search-term-report.csv');
    const lines = fs.readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines).toEqual([
      '\uFEFFLine,Query,Documents,Pages,Unique documents,Documents with family,Problem',
      '1,quokkaterm,2,2,1,2,',
      '2,wombatterm,1,1,0,1,',
      '4,bilbyterm,1,1,1,1,',
      expect.stringMatching(/^5,\(quokkaterm,,,,,.*position 1/),
      ',Any query,3,,,3,',
      '',
    ]);

    await rows.nth(1).getByRole('button', { name: 'Tag hits of line 1…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Tag the hits of “quokkaterm”' });
    await confirm.getByRole('combobox', { name: 'Tag' }).click();
    await page.getByRole('option', { name: 'TermReportHot' }).click();
    await expect(confirm.getByText('This tags 2 documents.')).toBeVisible();
    await confirm.getByRole('button', { name: 'Tag 2 documents' }).click();
    await expect(confirm.getByRole('status')).toHaveText('TermReportHot: 2 of 2 documents tagged.');
    const tagged = await api<{ rows: { name: string }[] }>(sunshine, 'documents.list', { tag: 'TermReportHot' });
    expect(tagged.rows.map((r) => r.name).sort()).toEqual(['a.txt', 'b.txt']);
    await confirm.getByRole('button', { name: 'Close' }).click();
    await expect(confirm).toBeHidden();
    await expect(dialog).toBeVisible();
  });
});
