/**
 * A team workspace's own keys in the window: make your key in Settings → Protected sources (its
 * fingerprint shown), take in a source sealed for it, and open it with your own passphrase.
 * A workspace of its own: once someone has a key, the team's sources are sealed per user, which
 * the tests sharing the worker's workspace do not expect.
 */
import { test, expect, expectAccessible, freshSunshine } from './fixtures.ts';

const MINE = 'my very own passphrase';

test('make your own key in Settings, take in a source sealed for it, and open it with your own passphrase', async ({ page, sunshine }) => {
  test.skip(sunshine.engine !== 'postgres', 'keys of one\'s own are for team workspaces (PostgreSQL); a data folder keeps the office passphrase');
  // Three key derivations (scrypt, on purpose slow) and two accessibility scans of the long Settings page.
  test.setTimeout(360_000);
  const fresh = await freshSunshine();
  try {
    await page.goto(fresh.app.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const create = page.getByRole('form', { name: 'Your key' });
    await create.getByLabel('Passphrase for your key', { exact: true }).fill(MINE);
    await create.getByLabel('Passphrase for your key again').fill('my very own passphrasf');
    await expect(create.getByText('This is not the same as the passphrase for your key.')).toBeVisible();
    await expect(create.getByRole('button', { name: 'Create my key' })).toBeDisabled();
    await create.getByLabel('Passphrase for your key again').fill(MINE);
    await expectAccessible(page, 'Your key');
    await create.getByRole('button', { name: 'Create my key' }).click();
    // Deriving a key from a passphrase takes a deliberate half second or more (longer on a busy machine).
    await expect(page.getByLabel("Your key's fingerprint")).toHaveText(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/, { timeout: 30_000 });
    const share = page.getByRole('form', { name: 'Share keys waiting for colleagues' });
    await expect(share).toContainText('No colleague waits for a key you hold.');
    // Nothing here is sealed with an office passphrase: none is offered to change, and the keychain would remember one's own.
    const sources = page.getByRole('region', { name: 'Protected sources' });
    await expect(sources).toContainText("The desktop app can remember your key's passphrase in this computer's keychain.");
    await expect(sources).not.toContainText('office passphrase');
    await expect(page.getByRole('form', { name: 'Change the passphrase' })).toHaveCount(0);
    await expectAccessible(page, 'Protected sources with your key');
    await page.getByRole('heading', { name: 'Protected sources' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/team-keys-settings.png', fullPage: true });

    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const dialog = page.getByRole('dialog', { name: 'New disclosure' });
    await dialog.getByRole('textbox', { name: 'Summary' }).fill('Sponsor vetting skipped at a team office');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Zelda Quorntree');
    await dialog.getByLabel("Your key's passphrase").fill(MINE);
    await dialog.getByRole('button', { name: 'Take in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^DIS-\d{4}-\d{4} · Source DIS-\d{4}-\d{4}$/, { timeout: 30_000 });

    await page.getByRole('button', { name: 'Open the identity…' }).click();
    const reveal = page.getByRole('dialog');
    await reveal.getByLabel('Why').fill('referral to OSC');
    await reveal.getByLabel('Your own passphrase').fill('not my passphrase at all');
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('alert')).toContainText("not your own key's passphrase", { timeout: 30_000 });
    await expect(reveal).not.toContainText('Quorntree');
    await reveal.getByLabel('Your own passphrase').fill(MINE);
    await page.screenshot({ path: 'test-results/team-keys-reveal.png' });
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('definition').first()).toHaveText('Zelda Quorntree', { timeout: 30_000 });
  } finally {
    await fresh.close();
  }
});
