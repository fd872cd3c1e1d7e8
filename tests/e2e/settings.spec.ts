import { test, expect } from './fixtures.ts';

test.describe('settings', () => {
  test.beforeEach(async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });

  test('saving your name records it in the history, as the actor of the change', async ({ page }) => {
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
    await expect(office).toContainText('Ada Lovelace');
    await expect(activity.getByRole('row').filter({ hasText: 'Your name' })).toContainText(/→ Ada Lovelace/);
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

  test('verify checks the database and the history chain', async ({ page }) => {
    await page.getByRole('button', { name: 'Verify now' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Verified' });
    await expect(result).toBeVisible();
    await expect(result).toContainText('Database file: ok');
    await expect(result).toContainText('chain intact');
  });
});
