import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api, withSourcesPassphrase } from './fixtures.ts';

const PASS = 'correct horse battery staple';

test.describe('the production plan', () => {
  test("a document linked to a disclosure blocks the production until a reason is given; then it is produced with the reason on record", async ({ page, sunshine }) => {
    await withSourcesPassphrase(sunshine, PASS);
    const disclosure = await api<{ reference: string }>(sunshine, 'disclosures.create', { received: '2026-11-03', channel: 'email', summary: 'Tallowick sponsor files' });
    // A word no other spec uses: the documents spec searches for "glimmerwick" expecting no page to match.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-plan-'));
    fs.writeFileSync(path.join(dir, 'tallowick-source.txt'), 'Tallowick ledger the source sent in.');
    fs.writeFileSync(path.join(dir, 'tallowick-memo.txt'), 'Tallowick memo from the agency.');
    const report = await api<{ files: { path: string; documentId?: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    const linked = report.files.find((f) => f.path.endsWith('tallowick-source.txt'))!.documentId!;
    await api(sunshine, 'documents.link', { id: linked, disclosure: disclosure.reference });
    await api(sunshine, 'tags.create', { name: 'Tallowick out' });
    await api(sunshine, 'tags.apply', { tag: 'Tallowick out', search: { query: 'tallowick' } });

    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Review', exact: true }).click();
    const form = page.getByRole('form', { name: 'New production' });
    await form.getByRole('combobox', { name: 'Documents tagged' }).click();
    await page.getByRole('option', { name: 'Tallowick out (2)' }).click();
    await form.getByRole('textbox', { name: 'Bates prefix' }).fill('GLW-');
    await form.getByLabel("Sources' passphrase").fill(PASS);
    const produce = form.getByRole('button', { name: 'Produce' });
    await expect(produce).toBeDisabled();
    await form.getByRole('button', { name: 'Check plan' }).click();

    const plan = page.getByRole('table', { name: 'Production plan' });
    const row = plan.getByRole('row').filter({ hasText: 'tallowick-source.txt' });
    await expect(row).toContainText(`is linked to disclosure ${disclosure.reference}`);
    await expect(row).toContainText('blocks');
    await expect(plan.getByRole('row').filter({ hasText: 'tallowick-memo.txt' })).toContainText('page images, text');
    await expect(page.getByRole('status', { name: 'Plan summary' })).toContainText('1 blocking problem without a reason.');
    await expect(produce).toBeDisabled();
    await expectAccessible(page, 'Review with a production plan');

    await row.getByRole('textbox', { name: `Reason it may go out: #${linked} source-linked` }).fill("released with the source's written consent of 2026-11-02");
    await expect(page.getByRole('status', { name: 'Plan summary' })).toContainText('nothing blocks.');
    await expect(row).toContainText('decided');
    await page.screenshot({ path: test.info().outputPath('production-plan.png'), fullPage: true });
    await expect(produce).toBeEnabled();
    await produce.click();
    await expect(page.getByRole('status').filter({ hasText: 'Produced' })).toHaveText(/^Produced GLW-00000001–GLW-00000002: 2 documents, 0 withheld, 2 pages, in the folder [^/\\]+\. 1 reason recorded for blocking problems\.$/);
    expect(await page.locator('body').innerText()).not.toContain(sunshine.dataDir);
  });
});
