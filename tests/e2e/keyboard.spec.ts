import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, api, withSourcesPassphrase } from './fixtures.ts';

const nav = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

/** No violation at all of these axe rules, whatever their impact (some are "minor" but still wrong). */
async function expectNoViolations(page: Page, rules: string[]): Promise<void> {
  const results = await new AxeBuilder({ page }).withRules(rules).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function openNewRequest(page: Page, url: string) {
  await page.goto(url);
  await nav(page, 'Requests');
  await page.getByRole('button', { name: 'New request' }).click();
  return page.getByRole('dialog', { name: 'New request' });
}

test.describe('keyboard use', () => {
  test('the agency picker: ICE ↓ Enter picks ICE, and Tab goes on to Subject without touching the agency', async ({ page, sunshine }) => {
    const dialog = await openNewRequest(page, sunshine.url);
    const agency = dialog.getByLabel('Agency or component');
    await agency.pressSequentially('ICE');
    await expect(page.getByRole('option').first()).toHaveAccessibleName(/^ICE — /);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(agency).toHaveValue('ICE');

    await page.keyboard.press('Tab');
    const subject = dialog.getByLabel('Subject');
    await expect(subject).toBeFocused();
    await page.keyboard.type('Detention contracts');
    await expect(subject).toHaveValue('Detention contracts');
    await expect(agency).toHaveValue('ICE');
  });

  test('a dialog closed with Escape gives focus back to the button that opened it', async ({ page, sunshine }) => {
    const dialog = await openNewRequest(page, sunshine.url);
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'New request' })).toBeFocused();
  });

  test('Escape on a dialog with typed input asks first: Keep editing keeps it, Discard closes', async ({ page, sunshine }) => {
    const dialog = await openNewRequest(page, sunshine.url);
    await dialog.getByLabel('Subject').fill('Call notes from the source, not yet saved');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('alertdialog', { name: 'Discard what you typed?' });
    await expect(ask).toBeVisible();
    await expectAccessible(page, 'Discard question');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await expect(ask).toBeHidden();
    await expect(dialog.getByLabel('Subject')).toHaveValue('Call notes from the source, not yet saved');
    await expect(dialog.getByLabel('Subject')).toBeFocused();

    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Discard' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('button', { name: 'New request' })).toBeFocused();
    await expect(page.getByText('Call notes from the source')).toHaveCount(0);
  });

  test('a whistleblower intake typed during a call does not vanish on a click outside', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await nav(page, 'Disclosures');
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const dialog = page.getByRole('dialog', { name: 'New disclosure' });
    await dialog.getByLabel('Summary').fill('Caller describes falsified inspection reports');
    await page.mouse.click(5, 5);
    await expect(page.getByRole('alertdialog', { name: 'Discard what you typed?' })).toBeVisible();
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await expect(dialog.getByLabel('Summary')).toHaveValue('Caller describes falsified inspection reports');
  });

  test('once the identity is shown, Escape hides it at once, with nothing to discard, and focus goes back', async ({ page, sunshine }) => {
    await withSourcesPassphrase(sunshine);
    await page.goto(sunshine.url);
    await nav(page, 'Disclosures');
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const intake = page.getByRole('dialog', { name: 'New disclosure' });
    await intake.getByRole('textbox', { name: 'Summary' }).fill('Overtime records altered after the audit');
    await intake.getByRole('textbox', { name: 'Name' }).fill('Orla Pemberthy');
    await intake.getByLabel('Passphrase for protected sources').fill('correct horse battery staple');
    await intake.getByRole('button', { name: 'Take in' }).click();
    await expect(page.getByText('identity sealed')).toBeVisible();

    const open = page.getByRole('button', { name: 'Open the identity…' });
    await open.click();
    const reveal = page.getByRole('dialog');
    await reveal.getByLabel('Why').fill('check consent before referral');
    await reveal.getByLabel('Passphrase').fill('correct horse battery staple');
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('definition').first()).toHaveText('Orla Pemberthy');
    await page.keyboard.press('Escape');
    await expect(reveal).toBeHidden();
    await expect(page.locator('body')).not.toContainText('Pemberthy');
    await expect(open).toBeFocused();
  });

  test('Tab into the navigation lands on the current page, however it was reached', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await nav(page, 'Requests');
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
    await page.keyboard.press('Alt+7');
    await expect(page.getByRole('heading', { level: 1, name: 'Agencies' })).toBeVisible();
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Agencies', exact: true })).toBeFocused();
  });

  test('the document text can be scrolled from the keyboard and the Backups table names every column', async ({ page, sunshine }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-keys-'));
    fs.writeFileSync(path.join(dir, 'long.txt'), Array.from({ length: 400 }, (_, i) => `Line ${i + 1} of the inspection log.`).join('\n'));
    const imported = await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    await page.goto(`${sunshine.url}#/documents/${imported.files[0]!.documentId}`);
    await expect(page.getByText('Line 2 of the inspection log.')).toBeVisible();
    await expectAccessible(page, 'Document view');
    await expectNoViolations(page, ['scrollable-region-focusable']);

    await nav(page, 'Settings');
    const section = page.getByRole('region', { name: 'Backups' });
    await section.getByRole('button', { name: 'Back up now' }).click();
    await expect(section.getByRole('status')).toContainText('Backed up as');
    await expect(section.getByRole('table', { name: 'Backups' }).getByRole('row')).not.toHaveCount(1);
    await expectNoViolations(page, ['empty-table-header']);
  });
});
