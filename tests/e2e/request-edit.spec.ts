import { randomUUID } from 'node:crypto';
import { test, expect, expectAccessible, api } from './fixtures.ts';

/** A word no other test's data holds, so a shared workspace cannot confuse what is found. */
const unique = (word: string) => `${word}${randomUUID().slice(0, 6)}`;

test.describe('editing what a request is', () => {
  test('Edit details changes the agency and records sought; the page and the History show both', async ({ page, sunshine }) => {
    const subject = unique('Quokka');
    const r = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'ICE', subject, recordsSought: 'Quokka logs', received: '2026-06-01' });
    await page.goto(`${sunshine.url}#/requests/${r.reference}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(`${r.reference} · ${subject}`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${r.reference}` });
    await expect(dialog.getByLabel('Agency or component')).toHaveValue('ICE');
    await expectAccessible(page, 'Edit dialog with the shared request fields');
    const agency = dialog.getByLabel('Agency or component');
    await agency.fill('');
    await agency.pressSequentially('CBP');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(agency).toHaveValue('CBP');
    await dialog.getByLabel('Records sought').fill('Quokka logs and manifests');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('U.S. Customs and Border Protection (CBP)')).toBeVisible();
    await expect(page.getByText('Quokka logs and manifests', { exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'History' })).toContainText('Changed details: agency: ICE → CBP; records sought: Quokka logs → Quokka logs and manifests');
  });

  test("a letter's due zone starts at the office time zone chosen in Settings, refuses EST with what to use, and is chosen by typing a city", async ({ page, sunshine }) => {
    const before = await api<{ officeTimeZone: string }>(sunshine, 'settings.get', {});
    try {
      await page.goto(sunshine.url);
      await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
      const office = page.getByRole('combobox', { name: 'Office time zone' });
      await expect(office).toHaveValue(before.officeTimeZone);
      // Refused there too, with the place to use; nothing is saved.
      await office.fill('PST');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByText(/^PST is a fixed offset \(UTC−8\).* Use America\/Los_Angeles\.$/)).toBeVisible();
      await office.fill('');
      await office.pressSequentially('denver');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(office).toHaveValue('America/Denver');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Recent activity' })).toContainText('Office time zone');

      await page.getByRole('navigation').getByRole('link', { name: 'Requests', exact: true }).click();
      await page.getByRole('button', { name: 'New request' }).click();
      const dialog = page.getByRole('dialog', { name: 'New request' });
      await dialog.getByRole('combobox', { name: 'Kind' }).click();
      await page.getByRole('option', { name: 'Oversight letter' }).click();
      const zone = dialog.getByRole('combobox', { name: 'Time zone' });
      await expect(zone).toHaveValue('America/Denver');
      await expectAccessible(page, 'New request dialog with the zone picker');
      const subject = unique('Wombat letter');
      await dialog.getByLabel('Agency or component').fill('HHS');
      await dialog.getByLabel('Subject').fill(subject);
      await dialog.getByLabel('Due date set in the document').fill('2026-07-15');
      await dialog.getByLabel('Due time (optional)').fill('17:00');
      await zone.fill('EST');
      await dialog.getByRole('button', { name: 'Create request' }).click();
      await expect(dialog.getByText('EST is a fixed offset (UTC−5), not a place\'s time zone: from March to November Washington is on EDT (UTC−4), so 17:00 EST in July is 18:00 in Washington. Use America/New_York.')).toBeVisible();
      await zone.fill('');
      await zone.pressSequentially('new york');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(zone).toHaveValue('America/New_York');
      await dialog.getByRole('button', { name: 'Create request' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
      await expect(page.getByText('Set in the letter: 2026-07-15 17:00 (America/New_York)')).toBeVisible();
    } finally {
      await api(sunshine, 'settings.update', { officeTimeZone: before.officeTimeZone });
    }
  });
});

test.describe('editing what a request is, refused', () => {
  test('a twin tracking number at the new agency and an EST due zone are each shown under their field, and nothing changes', async ({ page, sunshine }) => {
    const number = unique('TWIN-');
    const other = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'CBP', subject: unique('Numbat'), trackingNumbers: [{ kind: 'agency', number }] });
    const subject = unique('Numbat');
    const r = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'oversight-letter', agency: 'ICE', subject, trackingNumbers: [{ kind: 'agency', number }] });
    await page.goto(`${sunshine.url}#/requests/${r.reference}`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${r.reference}` });
    const agency = dialog.getByLabel('Agency or component');
    await agency.fill('');
    await agency.pressSequentially('CBP');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(`${number} is already used by ${other.reference} at this agency; tracking numbers are unique per agency, whatever their case.`)).toBeVisible();
    await expect(dialog.getByText('Not saved')).toBeHidden();

    await agency.fill('');
    await agency.pressSequentially('ICE');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await dialog.getByLabel('Due date set in the document').fill('2026-07-15');
    await dialog.getByLabel('Due time (optional)').fill('17:00');
    await dialog.getByRole('combobox', { name: 'Time zone' }).fill('EST');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/^EST is a fixed offset \(UTC−5\).* Use America\/New_York\.$/)).toBeVisible();
    await expect(dialog.getByText('Not saved')).toBeHidden();
    expect(await api(sunshine, 'requests.get', { reference: r.reference })).toMatchObject({ agency: { abbreviation: 'ICE' }, dueAt: null });
  });
});
