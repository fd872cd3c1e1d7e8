import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

// The workspace is shared per worker: every name here is unique to this file, and no count assumes it alone.

test.describe('the requests list', () => {
  test('shows each request’s kind, and filtering by a department finds its components’ requests', async ({ page, sunshine }) => {
    await api(sunshine, 'requests.create', { kind: 'oversight-letter', agency: 'ORR', subject: 'Quillwort placements at ORR', sent: '2026-10-01' });
    await api(sunshine, 'requests.create', { kind: 'subpoena', agency: 'VA', subject: 'Quillwort records at VA', sent: '2026-10-01' });
    await page.goto(`${sunshine.url}#/requests`);
    await page.getByRole('search', { name: 'Filter requests' }).getByLabel('Search subject, records and notes').fill('Quillwort');
    const table = page.getByRole('table', { name: 'Requests' });
    const orr = table.getByRole('row').filter({ hasText: 'Quillwort placements at ORR' });
    const va = table.getByRole('row').filter({ hasText: 'Quillwort records at VA' });
    // The second column: the kind in a word or two, its full name on hover.
    await expect(table.getByRole('columnheader').nth(1)).toHaveText('Kind');
    await expect(orr.getByRole('cell').nth(1)).toHaveText('Letter');
    await expect(orr.getByRole('cell').nth(1).getByTitle('Oversight letter')).toBeVisible();
    await expect(va.getByRole('cell').nth(1)).toHaveText('Subpoena');
    // On a laptop-sized window the subject, the column people read, is shown whole, not cut to a letter.
    await page.setViewportSize({ width: 1280, height: 800 });
    const subject = orr.getByRole('cell').nth(5);
    await expect(subject).toHaveText('Quillwort placements at ORR');
    expect(await subject.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    await page.getByRole('combobox', { name: 'Agency' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'HHS — Department of Health and Human Services' }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('combobox', { name: 'Agency' })).toHaveText('HHS');
    await expect(orr).toBeVisible();
    await expect(va).toHaveCount(0);

    // Several agencies at once (a multi-select lists them as checkable items): VA joins HHS.
    await page.getByRole('combobox', { name: 'Agency' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'VA — Department of Veterans Affairs' }).click();
    await page.keyboard.press('Escape');
    await expect(orr).toBeVisible();
    await expect(va).toBeVisible();
    await expectAccessible(page, 'Requests list with a Kind column and two agencies chosen');
  });
});

test.describe('quick search', () => {
  test('Ctrl+K finds a disclosure by its pseudonym and opens it', async ({ page, sunshine }) => {
    const d = await api<{ reference: string }>(sunshine, 'disclosures.create', { received: '2026-11-03', channel: 'email', summary: 'Shelter overcrowding', pseudonym: 'Marmoset Vantablue' });
    await page.goto(sunshine.url);
    // The shortcut works once the app is on screen.
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Quick search' });
    await dialog.getByRole('textbox', { name: 'Search requests, disclosures and documents' }).fill('marmoset vanta');
    await expect(dialog.getByRole('link', { name: new RegExp(`^${d.reference} · Marmoset Vantablue`) })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${d.reference} · Marmoset Vantablue`);
  });
});

test.describe('the documents list', () => {
  test('an undated document shows no date, an email its date as sent, and the list filters by disclosure', async ({ page, sunshine }) => {
    const dis = await api<{ reference: string }>(sunshine, 'disclosures.create', { received: '2026-11-03', channel: 'email', summary: 'Transport invoices', pseudonym: 'Ocelot Brindlewick' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-lists-'));
    fs.writeFileSync(path.join(dir, 'undated-galingale.txt'), 'A note with no date of its own.');
    fs.writeFileSync(
      path.join(dir, 'galingale-mail.eml'),
      'From: Source <s@example.org>\r\nSubject: Galingale invoices\r\nDate: Tue, 5 Mar 2024 14:02:00 -0500\r\nContent-Type: text/plain\r\n\r\nInvoices attached.\r\n',
    );
    await api(sunshine, 'documents.import', { paths: [path.join(dir, 'undated-galingale.txt')] });
    await api(sunshine, 'documents.import', { paths: [path.join(dir, 'galingale-mail.eml')], disclosure: dis.reference });

    await page.goto(`${sunshine.url}#/documents`);
    const table = page.getByRole('table', { name: 'Documents' });
    const undated = table.getByRole('row').filter({ hasText: 'undated-galingale.txt' });
    await expect(undated.getByRole('img', { name: 'no date' })).toBeVisible();
    // The Dated cell holds only the dash: not the day the file was written or imported.
    const dated = (await table.getByRole('columnheader').allTextContents()).findIndex((h) => h.startsWith('Dated'));
    expect(dated).toBeGreaterThan(0);
    await expect(undated.getByRole('cell').nth(dated)).toHaveText('—');
    await expect(table.getByRole('row').filter({ hasText: 'galingale-mail.eml' })).toContainText('2024-03-05 14:02 \u22120500');

    await page.getByRole('combobox', { name: 'Disclosure' }).click();
    await page.getByRole('option', { name: `${dis.reference} — Ocelot Brindlewick` }).click();
    await expect(page).toHaveURL(new RegExp(`disclosure=${dis.reference}`));
    await expect(table.getByRole('row').filter({ hasText: 'galingale-mail.eml' })).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'undated-galingale.txt' })).toHaveCount(0);
    await expectAccessible(page, 'Documents list filtered by disclosure');
  });
});
