import { test, expect, expectAccessible, createPgLogin } from './fixtures.ts';

test.describe('Settings → Team', () => {
  test.beforeEach(async ({ page, sunshine }) => {
    await page.goto(sunshine.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });

  test('a data folder says roles are for team workspaces', async ({ page, sunshine }) => {
    test.skip(sunshine.engine !== 'sqlite', 'a team workspace lists its members instead (the next test)');
    const team = page.getByRole('region', { name: 'Team' });
    await expect(team.getByText('This data folder has one person, who may do everything.', { exact: false })).toBeVisible();
    await expect(team.getByRole('table', { name: 'Members' })).toHaveCount(0);
    await team.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/team-data-folder.png' });
  });

  test('an admin grants a login a role, sees it listed, changes its role and revokes it', async ({ page, sunshine }) => {
    test.skip(sunshine.engine !== 'postgres', 'roles are for a team workspace: the SQLite pass checks the data folder note');
    const login = await createPgLogin('ana');
    const team = page.getByRole('region', { name: 'Team' });
    const members = team.getByRole('table', { name: 'Members' });
    // The window's login, the server's superuser, created the workspace: its admin.
    await expect(members.getByRole('row').filter({ has: page.getByRole('cell', { name: 'postgres', exact: true }) })).toContainText('(you)');

    const grant = team.getByRole('group', { name: 'Grant a login a role' }).or(team.getByRole('form', { name: 'Grant a login a role' }));
    await grant.getByLabel('Database login').fill(login);
    await grant.getByLabel('Display name').fill('Ana Ruiz');
    await grant.getByLabel('Role').selectOption('reviewer');
    await grant.getByRole('button', { name: 'Grant', exact: true }).click();
    const row = members.getByRole('row').filter({ has: page.getByRole('cell', { name: login, exact: true }) });
    await expect(row).toContainText('Ana Ruiz');
    await expect(row.getByLabel(`Role of ${login}`)).toHaveValue('reviewer');
    await expect(grant.getByLabel('Database login')).toHaveValue('');

    await row.getByLabel(`Role of ${login}`).selectOption('counsel');
    const activity = page.getByRole('table', { name: 'Recent activity' });
    await expect(activity.getByText(`Changed ${login}'s role from reviewer to counsel`, { exact: true })).toBeVisible();
    await expect(row.getByLabel(`Role of ${login}`)).toHaveValue('counsel');
    await team.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/team-members.png' });
    await expectAccessible(page, 'Settings → Team');

    await row.getByRole('button', { name: `Revoke ${login}` }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Revoke Ana Ruiz (${login})?`);
    await page.screenshot({ path: 'test-results/team-revoke.png' });
    await dialog.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toHaveCount(0);
    await expect(activity.getByText(`Took ${login}'s role (counsel) away`, { exact: true })).toBeVisible();
  });

  test('a login that does not exist on the server is refused with what to do', async ({ page, sunshine }) => {
    test.skip(sunshine.engine !== 'postgres', 'roles are for a team workspace');
    const team = page.getByRole('region', { name: 'Team' });
    const grant = team.getByRole('form', { name: 'Grant a login a role' });
    await grant.getByLabel('Database login').fill('nobody_here_at_all');
    await grant.getByRole('button', { name: 'Grant', exact: true }).click();
    await expect(team.getByText('The database has no login named "nobody_here_at_all"', { exact: false })).toBeVisible();
  });
});
