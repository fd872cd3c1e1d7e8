import { test, expect, expectAccessible } from './fixtures.ts';

test.describe('disclosures', () => {
  test('take in a disclosure with its source sealed, see it by pseudonym, and open the identity only with the passphrase', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Disclosures', exact: true }).click();
    await page.getByRole('button', { name: 'New disclosure' }).click();
    const dialog = page.getByRole('dialog', { name: 'New disclosure' });
    await dialog.getByRole('textbox', { name: 'Summary' }).fill('Children released to a sponsor at a vacant warehouse');
    await dialog.getByRole('textbox', { name: 'Agencies concerned' }).fill('ORR, ICE');
    await dialog.getByRole('checkbox', { name: 'Danger to health or safety' }).check();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Zelda Quorntree');
    await dialog.getByRole('textbox', { name: 'Contact details' }).fill('zq@example.org');
    await dialog.getByLabel('Passphrase for protected sources').fill('correct horse battery staple');
    await expectAccessible(page, 'New disclosure dialog');
    await dialog.getByRole('button', { name: 'Take in' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^DIS-\d{4}-\d{4} · Source DIS-\d{4}-\d{4}$/);
    await expect(page.locator('body')).not.toContainText('Quorntree');
    await expect(page.getByText('identity sealed')).toBeVisible();
    await expectAccessible(page, 'Disclosure');

    await page.getByRole('button', { name: 'Open the identity…' }).click();
    const reveal = page.getByRole('dialog');
    await reveal.getByLabel('Why').fill('referral to OSC');
    await reveal.getByLabel('Passphrase').fill('not the right one');
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('alert')).toContainText('nothing was shown');
    await expect(reveal).not.toContainText('Quorntree');
    await reveal.getByLabel('Passphrase').fill('correct horse battery staple');
    await reveal.getByRole('button', { name: 'Open' }).click();
    await expect(reveal.getByRole('definition').first()).toHaveText('Zelda Quorntree');
    await reveal.getByRole('button', { name: 'Close and hide' }).click();
    await expect(page.locator('body')).not.toContainText('Quorntree');
    // The history shows both attempts, who made them and why — never the identity.
    const history = page.getByRole('table', { name: 'History' });
    await expect(history.getByRole('row').filter({ hasText: "Opened the source's identity" })).toHaveCount(2);
    await expect(history).toContainText('refused: wrong passphrase (referral to OSC)');
    await expect(history).toContainText('shown (referral to OSC)');

    await page.getByRole('link', { name: 'All disclosures' }).click();
    const table = page.getByRole('table', { name: 'Disclosures' });
    await expect(table).toContainText('Children released to a sponsor');
    await expect(table).not.toContainText('Quorntree');
  });

  test('the history of a range of days is saved as CSV from Settings', async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    const form = page.getByRole('form', { name: 'Export the history' });
    await form.getByLabel('From').fill('2000-01-01');
    const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Save as CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sunshine-history-2000-01-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const fs = await import('node:fs');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFseq,at,actor,action,entity,entity_id,before,after,prev_hash,hash');
    await expect(form.getByRole('status')).toHaveText(/rows? saved\.$/);
  });
});
