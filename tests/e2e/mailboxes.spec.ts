import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from './fixtures.ts';

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const fact = (page: Page, label: string) => page.locator(`dt:text-is("${label}") + dd`);

/** An mbox of three messages; one body has an unescaped "From " line, which must not split it. */
function mailbox(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-mbox-'));
  const message = (n: number, body: string) =>
    [
      `From jdoe@orr.example.gov Tue Apr  1 10:0${n}:00 2025`,
      'From: Jane Doe <jdoe@orr.example.gov>',
      'To: Tom Roe <troe@hsgac.example.gov>',
      `Subject: Marshwort placement ${n}`,
      `Date: Tue, 1 Apr 2025 10:0${n}:00 -0400`,
      `Message-ID: <marshwort-${n}-${Date.now()}@orr.example.gov>`,
      '',
      body,
      '',
    ].join('\n');
  const file = path.join(dir, 'Marshwort placements.mbox');
  fs.writeFileSync(file, [message(1, 'Marshwort sponsor one.'), message(2, 'Marshwort sponsor two.\n\nFrom then on, cases were logged.'), message(3, 'Marshwort sponsor three.')].join('\n'));
  return file;
}

test.describe('mailboxes', () => {
  test('import an mbox: the report counts its messages; a message names its mailbox and folder', async ({ page, sunshine }) => {
    const file = mailbox();
    await page.goto(sunshine.url);
    await nav(page, 'Documents');
    await page.getByRole('button', { name: 'Add documents' }).click();
    await page.getByLabel('Files or folders on this computer, one per line').fill(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText(/^4 added, 0 already stored, 0 failed/);
    const row = page.getByRole('table', { name: 'Import report' }).getByRole('row').filter({ hasText: 'Marshwort placements.mbox' });
    await expect(row).toContainText('Mailbox, 3 messages read');
    await page.screenshot({ path: path.join(os.tmpdir(), 'sunshine-mailbox-import.png') });

    await nav(page, 'Search');
    await page.getByLabel('Search for').fill('"marshwort sponsor two"');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('list', { name: 'Results' }).getByRole('link').first().click();
    await expect(fact(page, 'Subject')).toHaveText('Marshwort placement 2');
    // The "From " line in the body stayed in its message.
    await expect(page.getByLabel('Text of page 1')).toContainText('From then on, cases were logged.');
    await expect(fact(page, 'Mailbox')).toHaveText('Marshwort placements.mbox › Marshwort placements');
    await page.screenshot({ path: path.join(os.tmpdir(), 'sunshine-mailbox-message.png') });
    await expectAccessible(page, 'A message from a mailbox');

    await fact(page, 'Mailbox').getByRole('link', { name: 'Marshwort placements.mbox', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Marshwort placements.mbox');
    await expect(fact(page, 'Messages')).toContainText('3 filed from this mailbox');
    await expect(fact(page, 'Folders')).toHaveText('Marshwort placements (3)');
  });
});
