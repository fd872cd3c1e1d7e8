import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, expectAccessible, api } from './fixtures.ts';

test.describe('settings', () => {
  test.beforeEach(async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });

  test('saving your name records it in the history, as the actor of the change', async ({ page, sunshine }) => {
    // Beside the name: the OS account in a data folder; in a team workspace the database login, which is the actor (and the name until one is typed).
    const account = sunshine.engine === 'postgres' ? 'postgres' : os.userInfo().username;
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    // The next change is made as Ada.
    await page.getByLabel('Office or committee').fill('Committee on <b>Oversight</b>');
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const activity = page.getByRole('table', { name: 'Recent activity' });
    const office = activity.getByRole('row').filter({ hasText: 'Office or committee' });
    // The display name, and beside it the OS account the app runs as, which no window can change.
    await expect(office).toContainText(`Ada Lovelace (${account})`);
    // The change of name is its own event, with the old name and the new.
    // (Other specs in this worker's workspace rename its person too: the row is picked by its new name.)
    await expect(activity.getByRole('row').filter({ hasText: /Display name: .* → Ada Lovelace/ })).toContainText(new RegExp(`Display name: ${account} → Ada Lovelace`));
    // Hostile text is shown as text, never as markup.
    await expect(office).toContainText('Committee on <b>Oversight</b>');
    await expect(page.locator('header')).toContainText('Committee on <b>Oversight</b>');
    await expect(page.locator('header b')).toHaveCount(0);
  });

  test('an empty name is refused with a message, and nothing is saved', async ({ page }) => {
    await page.getByLabel('Your name').fill('   ');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByText('Your name cannot be empty.')).toBeVisible();
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Your name')).not.toHaveValue('');
  });

  test('choosing a theme applies at once and is remembered', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    const background = () => page.locator('main').evaluate((el) => getComputedStyle(el).backgroundColor);
    const light = await background();
    await page.getByRole('radio', { name: 'Dark', exact: true }).check();
    await expect.poll(background).not.toBe(light);
    await page.reload();
    await expect.poll(background).not.toBe(light);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('radio', { name: 'Dark', exact: true })).toBeChecked();
    await page.getByRole('radio', { name: 'Follow the system (light or dark)' }).check();
    await expect.poll(background).toBe(light);
  });

  test('a data folder other accounts can read is pointed out, with where to find the fix', async ({ page, sunshine }) => {
    const data = page.getByRole('heading', { name: 'Data', exact: true }).locator('..');
    await expect(data).toContainText('Database schema version');
    // The data folder by its name; a window never names a path on disk.
    await expect(data).toContainText(`in the folder ${path.basename(sunshine.dataDir)}`);
    expect(await page.locator('body').innerText()).not.toContain(sunshine.dataDir);
    await expect(data.getByText('Other accounts on this computer can read it')).toHaveCount(0);
    fs.chmodSync(sunshine.dataDir, 0o755);
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect(data.getByText('Other accounts on this computer can read it')).toBeVisible();
    await expect(data).toContainText('Open to them: data folder. sunshine status gives the command');
  });

  test('verify checks the database and the history chain', async ({ page }) => {
    await page.getByRole('button', { name: 'Verify now' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Verified' });
    await expect(result).toBeVisible();
    await expect(result).toContainText('Database: ok');
    await expect(result).toContainText('chain intact');
  });
});

test.describe('backups', () => {
  test('back up now, see it listed, and restore it from Settings: later changes are gone, the history says so', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const section = page.getByRole('region', { name: 'Backups' });
    await expect(section).toContainText('on the same disk as the data');
    await expect(section).toContainText('sunshine backups set --folder DIR');
    await expectAccessible(page, 'Settings with backups');
    const rows = section.getByRole('table', { name: 'Backups' }).getByRole('row');
    const before = await rows.count();
    await section.getByRole('button', { name: 'Back up now' }).click();
    await expect(section.getByRole('status')).toContainText('Backed up as sunshine-backup-');
    expect(await section.innerText()).not.toContain(sunshine.dataDir);
    await expect(rows).toHaveCount(Math.max(before, 1) + 1);

    // A change after the backup, and a production …
    const later = await api<{ reference: string }>(sunshine, 'requests.create', { kind: 'foia', agency: 'ICE', subject: 'Made after the backup' });
    const word = `Tarnwhistle${Date.now().toString(36)}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-bates-'));
    fs.writeFileSync(path.join(dir, `${word}.txt`), `${word} memo`);
    const imported = await api<{ files: { documentId: number }[] }>(sunshine, 'documents.import', { paths: [dir] });
    await api(sunshine, 'tags.create', { name: word });
    await api(sunshine, 'tags.apply', { tag: word, ids: [imported.files[0]!.documentId] });
    const prefix = `${word.toUpperCase()}-`;
    // The worker's workspace may hold a sealed source (other tests add one): the plan then checks against it.
    await api(sunshine, 'productions.create', { tag: word, prefix, start: 1, passphrase: 'correct horse battery staple', name: `${word} production` });
    await section.getByRole('button', { name: /^Restore the backup of / }).first().click();
    const dialog = page.getByRole('dialog', { name: /^Restore the backup of / });
    await expect(dialog).toContainText('kept beside the restored one');
    // … which the dialog says the restore forgets, before anything is restored: its numbers stay used.
    await expect(dialog).toContainText(new RegExp(`production(s)? made since this backup, .*${prefix}00000001–${prefix}00000001.*; their numbers stay used`));
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect(dialog.getByRole('status')).toContainText('The database it replaced is kept as');
    await expectAccessible(page, 'Restore done');
    await dialog.getByRole('button', { name: 'Reload Sunshine' }).click();
    // … is gone after the restore, and the restore is the newest entry of the history.
    await page.goto(`${sunshine.url}#/requests/${later.reference}`);
    await expect(page.getByRole('heading', { name: 'Request not found' })).toBeVisible();
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Recent activity' }).getByRole('row').nth(1)).toContainText('Restored a backup');
  });

  test('the schedule is saved, and a bad value is refused with what to fix', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Backup schedule' });
    await form.getByLabel('Keep the newest').fill('0');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    // The field says what to fix, and nothing is saved (the API refuses it too: unit-tested).
    expect(await form.getByLabel('Keep the newest').evaluate((el) => (el as HTMLInputElement).validationMessage)).toMatch(/1/);
    await expect(form.getByRole('status')).toHaveCount(0);
    expect(await api(sunshine, 'settings.get', {})).toMatchObject({ backupKeep: 7 });
    await form.getByLabel('Back up every (hours; 0 = off)').fill('12');
    await form.getByLabel('Keep the newest').fill('5');
    await form.getByRole('button', { name: 'Save schedule' }).click();
    await expect(form.getByRole('status')).toHaveText('Saved.');
    expect(await api(sunshine, 'settings.get', {})).toMatchObject({ backupEveryHours: 12, backupKeep: 5 });
    // A team workspace's backups are not made automatically (every member's app would make them): it says so instead.
    await expect(page.getByRole('region', { name: 'Backups' })).toContainText(sunshine.engine === 'sqlite' ? 'Next automatic backup' : 'Automatic backups are made of a workspace in a data folder');
  });
});
