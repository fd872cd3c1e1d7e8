import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { test, expect, api } from './fixtures.ts';
import { makeVolume } from '../fixtures/production-volume.ts';

/**
 * The producing party's Bates range in the window's lists and exports: the Documents list shows
 * it in a Bates column (sortable by it), and a search's results export as CSV with it and each
 * page hit's Bates number. The workspace is shared: the prefix and party are this test's own.
 */
test.describe("the producing party's Bates range in lists and exports", () => {
  test('the Documents list shows and sorts by it; Export results (CSV) carries it and the pages hit', async ({ page, sunshine }) => {
    const prefix = `Q${randomBytes(2).toString('hex').toUpperCase()}-`;
    const v = await makeVolume(fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-received-')), { documents: 3, prefix, start: 1 });
    await api(sunshine, 'received.import', { path: v.root, party: `Quillwort ${prefix}` });
    const [a, b] = v.records;

    await page.goto(`${sunshine.url}#/documents`);
    const table = page.getByRole('table', { name: 'Documents' });
    await expect(table.getByRole('row').filter({ hasText: `${a!.begBates}–${a!.endBates}` })).toBeVisible();
    await table.getByRole('columnheader', { name: 'Bates' }).click();
    await expect(page).toHaveURL(/sort=bates/);
    const ours = table.getByRole('row').filter({ hasText: prefix });
    await expect(ours).toHaveCount(3);
    await expect(ours.nth(0)).toContainText(a!.begBates);
    await expect(ours.nth(1)).toContainText(b!.begBates);

    await page.goto(`${sunshine.url}#/search?q=${encodeURIComponent(`bates:${prefix}*`)}`);
    const actions = page.getByRole('group', { name: 'With these results' });
    const [download] = await Promise.all([page.waitForEvent('download'), actions.getByRole('button', { name: 'Export results (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('sunshine-search-results.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain('received Bates begin,received Bates end,producing party,pages hit');
    expect(csv).toContain(`${a!.begBates},${a!.endBates},Quillwort ${prefix},1 (${a!.begBates})`);
    await expect(actions.getByRole('status', { name: 'Result of the last action' })).toHaveText('3 documents exported.');
  });
});
