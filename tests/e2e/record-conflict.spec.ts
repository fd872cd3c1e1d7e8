import { randomUUID } from 'node:crypto';
import { test, expect, expectAccessible, api } from './fixtures.ts';

/** A word no other test's data holds, so a shared workspace cannot confuse what is found. */
const unique = (word: string) => `${word}${randomUUID().slice(0, 6)}`;

test.describe('saving over a colleague’s change', () => {
  test('a request changed meanwhile: Save shows who changed what and when; Reload shows theirs; Keep mine saves mine', async ({ page, sunshine }) => {
    const r = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'ICE', subject: unique('Numbat') });
    await page.goto(`${sunshine.url}#/requests/${r.reference}`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${r.reference}` });
    const notes = dialog.getByRole('textbox', { name: 'Notes' });
    await expect(notes).toHaveValue('');

    // A colleague saves first (a save without a version, as the CLI makes).
    const theirs = unique('theirs');
    await api(sunshine, 'requests.update', { reference: r.reference, patch: { notes: theirs, assignee: 'Ana' } });

    const mine = unique('mine');
    await notes.fill(mine);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refusal = dialog.getByRole('alert').filter({ hasText: 'reload or keep yours' });
    await expect(refusal).toContainText(/changed the assignee and the notes at \d\d:\d\d — reload or keep yours/);
    await expect(refusal.getByRole('button', { name: 'Reload' })).toBeVisible();
    await expect(refusal.getByRole('button', { name: 'Keep mine' })).toBeVisible();
    await expectAccessible(page, 'Edit dialog refusing a save over a newer change');
    await page.screenshot({ path: 'test-results/record-conflict.png' });

    // Reload: mine is dropped, theirs is in the form (and on the page behind it).
    await refusal.getByRole('button', { name: 'Reload' }).click();
    await expect(notes).toHaveValue(theirs);
    await expect(dialog.getByRole('textbox', { name: 'Assignee' })).toHaveValue('Ana');
    await expect(refusal).toBeHidden();

    // They change it again; this time mine is kept over theirs.
    await api(sunshine, 'requests.update', { reference: r.reference, patch: { notes: unique('again') } });
    await notes.fill(mine);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(refusal).toContainText(/changed the notes at \d\d:\d\d — reload or keep yours/);
    await refusal.getByRole('button', { name: 'Keep mine' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(mine, { exact: true })).toBeVisible();
    const saved = await api<{ notes: string; assignee: string }>(sunshine, 'requests.get', { reference: r.reference });
    expect(saved).toMatchObject({ notes: mine, assignee: 'Ana' });
  });
});
