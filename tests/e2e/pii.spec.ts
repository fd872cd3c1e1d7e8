import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

test.describe('personal data', () => {
  test('the search facets count documents per kind found, and one narrows the results to it', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-pii-'));
    fs.writeFileSync(path.join(dir, 'kestrel-intake.txt'), 'Kestrelword intake form. SSN: 123-45-6789. Phone (202) 555-0143.');
    fs.writeFileSync(path.join(dir, 'kestrel-memo.txt'), 'Kestrelword memo on the budget.');
    await api(sunshine, 'documents.import', { paths: [dir] });
    // The app scans new pages in the background; the facets count what it has found.
    await expect.poll(async () => (await api<{ pending: number }>(sunshine, 'pii.list', {})).pending).toBe(0);

    await page.goto(`${sunshine.url}#/search?q=kestrelword`);
    await expect(page.getByRole('status')).toHaveText('2 pages match, best first.');
    const found = page.getByRole('region', { name: 'Personal data found' });
    await expect(found.getByRole('button')).toHaveText(['has Phone number1', 'has SSN1']);
    await expect(found.getByRole('button', { name: /has SSN/ })).toHaveAccessibleName('has SSN 1 document');
    await expectAccessible(page, 'Search with a personal data facet');
    await found.getByRole('button', { name: /has SSN/ }).click();
    await expect(page.getByRole('status')).toHaveText('1 page match, best first.');
    await expect(page.getByRole('list', { name: 'Results' }).getByRole('link')).toHaveText(['kestrel-intake.txt — page 1']);
    await expect(page.getByLabel('Filters in use')).toContainText('Personal data: SSN');

    // The viewer underlines what was found on the page, and says what it is.
    await page.getByRole('list', { name: 'Results' }).getByRole('link').click();
    await expect(page.getByRole('note', { name: 'Personal data on this page' })).toHaveText('Personal data on this page (underlined): SSN, Phone number');
    const pageText = page.getByRole('region', { name: 'Text of page 1' });
    await expect(pageText.locator('mark[data-pii="SSN"]')).toHaveText('123-45-6789');
    await expect(pageText.locator('mark[data-pii="Phone number"]')).toHaveText('(202) 555-0143');
    await expectAccessible(page, 'Document text with personal data underlined');
  });

  test('Settings keeps a custom pattern, and refuses one that would match everything, saying what to write', async ({ page, sunshine }) => {
    await page.goto(`${sunshine.url}#/settings`);
    const form = page.getByRole('form', { name: 'Add a pattern' });
    await form.getByLabel('Pattern name').fill('Everything');
    await form.getByLabel('Regular expression').fill('[\\s\\S]');
    await form.getByRole('button', { name: 'Add pattern' }).click();
    await expect(page.getByText(/Pattern "Everything": it matches any single letter on its own/)).toBeVisible();

    const name = `Harrier case ${Date.now()}`;
    await form.getByLabel('Pattern name').fill(name);
    await form.getByLabel('Regular expression').fill('HARRIER-\\d{6}');
    await form.getByLabel('Exemption to suggest').selectOption('b7C');
    await form.getByRole('button', { name: 'Add pattern' }).click();
    const kept = page.getByRole('list', { name: 'Patterns of this workspace' });
    await expect(kept.getByRole('listitem').filter({ hasText: name })).toContainText(`${name}: HARRIER-\\d{6} ((b)(7)(C))`);
    await expect(form.getByLabel('Pattern name')).toHaveValue('');
    await kept.getByRole('button', { name: `Remove pattern ${name}` }).click();
    await expect(kept.getByRole('listitem').filter({ hasText: name })).toHaveCount(0);
  });
});
