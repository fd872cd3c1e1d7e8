import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from './fixtures.ts';
import { emlText, quote } from '../unit/fixtures.ts';

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

/** A thread of three: a question, a reply quoting it, and a reply to the reply quoting both. */
function thread(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-threads-'));
  const ask = 'Gorsemantle shelter: how many placements in March?';
  const reply = `Gorsemantle had 41 placements.\n\n${quote(ask)}`;
  const last = `Thanks, noted for the hearing memo.\n\n${quote(reply)}`;
  const people = { from: 'Ana Ruiz <ana@gorsemantle-agency.example>', to: 'ben@house.example' };
  fs.writeFileSync(path.join(dir, '1-ask.eml'), emlText({ ...people, subject: 'Gorsemantle placements', date: 'Mon, 2 Mar 2026 09:00:00 +0000', body: ask, id: '<gm-1@agency.example>' }));
  fs.writeFileSync(
    path.join(dir, '2-reply.eml'),
    emlText({ ...people, subject: 'RE: Gorsemantle placements', date: 'Mon, 2 Mar 2026 10:00:00 +0000', body: reply, id: '<gm-2@house.example>', inReplyTo: '<gm-1@agency.example>', references: '<gm-1@agency.example>' }),
  );
  fs.writeFileSync(
    path.join(dir, '3-last.eml'),
    emlText({ ...people, subject: 'RE: RE: Gorsemantle placements', date: 'Tue, 3 Mar 2026 09:00:00 +0000', body: last, id: '<gm-3@agency.example>', inReplyTo: '<gm-2@house.example>', references: '<gm-1@agency.example> <gm-2@house.example>' }),
  );
  return dir;
}

test('an email shows its thread as a reply tree with the inclusive email marked; search keeps inclusive emails only', async ({ page, sunshine }) => {
  await page.goto(sunshine.url);
  await nav(page, 'Documents');
  await page.getByRole('button', { name: 'Add documents' }).click();
  await page.getByLabel('Files or folders on this computer, one per line').fill(thread());
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'added' })).toHaveText('3 added, 0 already stored, 0 failed, 3 pages.');
  await page.getByRole('table', { name: 'Import report' }).getByRole('link', { name: '2-reply.eml' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('2-reply.eml');

  const tree = page.getByRole('list', { name: 'Emails of the thread' });
  const items = tree.getByRole('listitem');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('Gorsemantle placements');
  await expect(items.nth(0)).not.toContainText('Inclusive');
  await expect(items.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(items.nth(1)).not.toContainText('Inclusive');
  await expect(items.nth(2)).toContainText('RE: RE: Gorsemantle placements');
  await expect(items.nth(2)).toContainText('Inclusive');
  await expectAccessible(page, 'Email with its thread');
  await tree.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('thread-view.png') });
  // Each other email is a link to its page.
  await tree.getByRole('link', { name: 'RE: RE: Gorsemantle placements' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('3-last.eml');
  await expect(page.getByRole('list', { name: 'Emails of the thread' }).getByRole('listitem').nth(2)).toHaveAttribute('aria-current', 'true');

  await nav(page, 'Search');
  await page.getByLabel('Search for').fill('gorsemantle');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const results = page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('link', { name: /\.eml — page 1/ })).toHaveCount(3);
  await page.getByRole('checkbox', { name: 'Inclusive emails only' }).check();
  await expect(results.getByRole('link', { name: /\.eml — page 1/ })).toHaveText(['3-last.eml — page 1']);
  await expect(page.getByLabel('Filters in use')).toContainText('Inclusive emails only');
  await page.screenshot({ path: test.info().outputPath('inclusive-only.png'), fullPage: true });
});
