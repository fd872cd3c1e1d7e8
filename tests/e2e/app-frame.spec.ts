import { test, expect, expectAccessible } from './fixtures.ts';

const SCREENS = ['Dashboard', 'Requests', 'Disclosures', 'Documents', 'Search', 'Agencies', 'Settings'] as const;

test.describe('the app frame', () => {
  test('every screen is one click away and announces its heading', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    for (const name of SCREENS) {
      await nav.getByRole('link', { name }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(page).toHaveTitle(`${name} · Sunshine`);
    }
  });

  test('the token leaves the address bar once the page has it', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    expect(page.url()).not.toContain('token=');
    // After a reload the page still has the token (kept for this tab), so its calls succeed.
    await page.reload();
    await expect(page.getByText(/as of \d{4}-\d{2}-\d{2}/)).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('works from the keyboard alone', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    // Alt+number jumps between screens.
    await page.keyboard.press('Alt+8');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
    await page.keyboard.press('Alt+2');
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeFocused();
    // From a fresh page, Tab reaches the skip link, then the navigation at the current page; arrows move, Enter follows.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Requests' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('navigation').getByRole('link', { name: /^Requests/ })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Disclosures' })).toBeVisible();
    // The skip link moves focus past the navigation to the screen (once the screen is there to move to).
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Disclosures' })).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('main')).toBeFocused();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`every screen passes an accessibility scan (${scheme})`, async ({ page, sunshine }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(sunshine.url);
      for (const name of SCREENS) {
        await page.getByRole('navigation').getByRole('link', { name }).click();
        await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
        await expectAccessible(page, `${name} (${scheme})`);
      }
    });
  }

  test('follows the system colour scheme', async ({ page, sunshine }) => {
    const background = () => page.locator('main').evaluate((el) => getComputedStyle(el).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(sunshine.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(background).not.toBe(light);
  });

  test('without the token the page says what to do', async ({ page, sunshine }) => {
    await page.goto(new URL('/', sunshine.url).href);
    await expect(page.getByRole('alert').first()).toContainText('token');
  });
});
