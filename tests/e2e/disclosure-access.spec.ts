import { test, expect, expectAccessible, api, createPgLogin } from './fixtures.ts';

interface Created {
  reference: string;
}

test.describe("a disclosure's Access card", () => {
  test('in a data folder it says access is for team workspaces; in a team workspace an admin grants a member and revokes them', async ({ page, sunshine }) => {
    const d = await api<Created>(sunshine, 'disclosures.create', { received: '2026-11-23', channel: 'email', summary: `Access card check ${Date.now()}` });
    await page.goto(`${sunshine.url}#/disclosures/${d.reference}`);
    await expect(page.getByRole('heading', { name: 'Access', exact: true })).toBeVisible();
    if (sunshine.engine === 'sqlite') {
      await expect(page.getByText('Access is for team workspaces: in this data folder one person sees every disclosure.', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Grant access' })).toHaveCount(0);
      await page.getByRole('heading', { name: 'Access', exact: true }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/disclosure-access-sqlite.png' });
      return;
    }
    // The window's login (the superuser, this workspace's admin) logged it, so is granted it.
    const ana = await createPgLogin('ana');
    await api(sunshine, 'team.grant', { login: ana, role: 'reviewer', displayName: 'Ana Ruiz' });
    await page.reload();
    const granted = page.getByRole('table', { name: 'People granted this disclosure' });
    // The header and the admin's own row.
    await expect(granted.getByRole('row')).toHaveCount(2);
    await page.getByRole('combobox', { name: 'Member' }).click();
    await page.getByRole('option', { name: `Ana Ruiz (${ana})`, exact: true }).click();
    await page.getByRole('button', { name: 'Grant access' }).click();
    const row = granted.getByRole('row').filter({ has: page.getByRole('cell', { name: ana, exact: true }) });
    await expect(row.getByRole('cell', { name: 'Ana Ruiz', exact: true })).toBeVisible();
    await expectAccessible(page, 'Access card');
    await page.getByRole('heading', { name: 'Access', exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/disclosure-access-team.png' });
    // The grant is in the disclosure's history.
    await expect(page.getByRole('table', { name: 'History' })).toContainText(ana);

    await row.getByRole('button', { name: `Revoke ${ana}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke Ana Ruiz?' });
    await expect(confirm).toContainText(`${ana} will no longer see ${d.reference}`);
    await confirm.getByRole('button', { name: 'Revoke access' }).click();
    await expect(granted.getByRole('cell', { name: ana, exact: true })).toHaveCount(0);
    // The header and the admin's own row are left.
    await expect(granted.getByRole('row')).toHaveCount(2);
  });
});
