/**
 * The start screen in browser mode (`sunshine web --start`): open a folder on this computer, or
 * connect to a team workspace on a real PostgreSQL. Each test runs its own server with a settings
 * folder of its own, so the remembered workspaces are only the test's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, startBrowserMode } from './fixtures.ts';
import { pgUnavailableReason, startPgCluster, type PgCluster } from '../unit/pg-cluster.ts';

interface StartServer {
  url: string;
  settings: string;
  proc: ChildProcess;
}

let server: StartServer;

test.beforeEach(async () => {
  const settings = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-e2e-settings-'));
  // Nothing from this machine decides the place or the password: the default folder and the
  // remembered places live under the test's settings folder, and there is no password file.
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: settings, PGPASSFILE: path.join(settings, 'no-such-pgpass') };
  delete env.SUNSHINE_DATA;
  delete env.SUNSHINE_DATABASE;
  delete env.PGPASSWORD;
  const { url, proc } = await startBrowserMode([], { web: ['--start'], env });
  server = { url, settings, proc };
});

test.afterEach(async () => {
  server.proc.kill('SIGTERM');
  await new Promise((r) => server.proc.once('exit', r));
  fs.rmSync(server.settings, { recursive: true, force: true });
});

const startHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Choose a workspace' });
const dashboard = (page: Page) => page.getByRole('heading', { level: 1, name: 'Dashboard' });
// Opening a workspace starts its core (a worker that loads the app's modules) and, for a new one,
// applies every migration: on a busy machine that takes longer than a screen's change, so what the
// person sees next is waited for longer.
const OPENING = { timeout: 60_000 };

/** /api/call as the page makes it; before a workspace is open it must say to choose one. */
async function callFromPage(page: Page, name: string, input: unknown): Promise<{ ok: boolean; error?: { message: string } }> {
  const token = new URL(server.url).searchParams.get('token')!;
  const res = await page.request.post(new URL('/api/call', server.url).href, { headers: { Authorization: `Bearer ${token}` }, data: { name, input } });
  return (await res.json()) as { ok: boolean; error?: { message: string } };
}

test.describe('the start screen', () => {
  test('opens a new folder on this computer; Switch workspace… comes back to it, listed among the recent ones', async ({ page }) => {
    const dir = path.join(server.settings, 'Quillfeather records');
    await page.goto(server.url);
    await expect(startHeading(page)).toBeVisible();
    expect((await callFromPage(page, 'requests.list', {})).error?.message).toMatch(/No workspace is open/);
    await expectAccessible(page, 'Start screen');
    await page.screenshot({ path: test.info().outputPath('start-screen.png'), fullPage: true });

    const folder = page.getByRole('form', { name: 'Open a folder on this computer' });
    await folder.getByRole('radio', { name: 'Another folder' }).check();
    await folder.getByRole('textbox', { name: 'Folder' }).fill('relative/quillfeather');
    await folder.getByRole('button', { name: 'Open folder' }).click();
    await expect(folder.getByRole('alert')).toContainText('give the full path of the folder');
    await folder.getByRole('textbox', { name: 'Folder' }).fill(dir);
    await folder.getByRole('button', { name: 'Open folder' }).click();
    await expect(dashboard(page)).toBeVisible(OPENING);
    expect(fs.existsSync(path.join(dir, 'sunshine.db'))).toBe(true);

    await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Switch workspace…' }).click();
    await expect(startHeading(page)).toBeVisible();
    const recent = page.getByRole('region', { name: 'Recent workspaces' });
    await page.screenshot({ path: test.info().outputPath('start-screen-recent.png'), fullPage: true });
    // The folder by its name: a window never names a path on disk.
    await expect(recent.getByRole('button', { name: `Folder ${path.basename(dir)}`, exact: true })).toBeVisible();
    expect(await page.locator('body').innerText()).not.toContain(dir);
    await recent.getByRole('button', { name: `Folder ${path.basename(dir)}`, exact: true }).click();
    await expect(dashboard(page)).toBeVisible(OPENING);
  });

  test.describe('a team workspace on PostgreSQL', () => {
    let cluster: PgCluster | null = null;
    let skipReason: string | null = null;
    const database = 'sunshine_start_e2e';

    test.beforeAll(async () => {
      skipReason = pgUnavailableReason();
      if (!skipReason) {
        try {
          cluster = await startPgCluster();
        } catch (e) {
          skipReason = (e as Error).message.split('\n')[0]!;
        }
      }
      if (skipReason) {
        // In CI the server must be there: a missing one is a failure, never a quiet skip.
        if (process.env.CI) throw new Error(`CI needs PostgreSQL for the start screen's team test: ${skipReason}`);
        console.warn(`[skipped] the start screen's team workspace test: ${skipReason}`);
        return;
      }
      await admin((c) => c.query(`CREATE DATABASE ${database}`));
    });
    test.afterAll(() => cluster?.stop());

    async function admin<T>(fn: (c: pg.Client) => Promise<T>, db = 'postgres'): Promise<T> {
      const c = new pg.Client({ host: cluster!.host, port: cluster!.port, user: cluster!.user, password: cluster!.password, database: db });
      await c.connect();
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    }

    test('a wrong password is said in plain words and opens nothing; the right one opens the app on that database', async ({ page }) => {
      test.skip(cluster === null, `PostgreSQL cannot run here: ${skipReason}`);
      const files = fs.mkdtempSync(path.join(server.settings, 'team-files-'));
      const subject = `Marrowgate team intake ${Date.now()}`;
      const address = `postgres://${cluster!.user}@${cluster!.host}:${cluster!.port}/${database}`;
      await page.goto(server.url);
      const team = page.getByRole('form', { name: 'Connect to a team workspace' });
      await team.getByRole('textbox', { name: 'Database address' }).fill(address);
      await team.getByRole('textbox', { name: 'Folder for stored files' }).fill(files);
      await team.getByLabel('Password').fill('not the password');
      // Browser mode keeps no passwords: only the desktop app has the OS keychain.
      await expect(team.getByRole('checkbox', { name: "Remember in this computer's keychain" })).toBeDisabled();
      await team.getByRole('button', { name: 'Connect' }).click();
      await expect(team.getByRole('alert')).toContainText(`refused the password for user "${cluster!.user}"`, OPENING);
      await expect(startHeading(page)).toBeVisible();
      expect((await callFromPage(page, 'requests.list', {})).error?.message).toMatch(/No workspace is open/);
      await expectAccessible(page, 'Start screen with a refusal');
      await page.screenshot({ path: test.info().outputPath('start-screen-refused.png'), fullPage: true });

      await team.getByLabel('Password').fill(cluster!.password);
      await team.getByRole('button', { name: 'Connect' }).click();
      await expect(dashboard(page)).toBeVisible(OPENING);

      await page.getByRole('navigation').getByRole('link', { name: 'Requests', exact: true }).click();
      await page.getByRole('button', { name: 'New request' }).click();
      const dialog = page.getByRole('dialog', { name: 'New request' });
      await dialog.getByLabel('Agency or component').pressSequentially('ICE');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await dialog.getByLabel('Subject').fill(subject);
      await dialog.getByRole('button', { name: 'Create request' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);

      const rows = await admin((c) => c.query<{ subject: string }>('SELECT subject FROM requests WHERE subject = $1', [subject]), database);
      expect(rows.rows).toEqual([{ subject }]);

      // Back to the start screen: the team workspace is listed, without its password, which is asked for again.
      await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Switch workspace…' }).click();
      await page.getByRole('region', { name: 'Recent workspaces' }).getByRole('button', { name: `Team workspace ${address} (stored files in ${path.basename(files)})` }).click();
      await expect(team.getByRole('alert')).toContainText(`wants a password for user "${cluster!.user}"`, OPENING);
      await expect(team.getByLabel('Password')).toHaveValue('');
      await team.getByLabel('Password').fill(cluster!.password);
      await team.getByRole('button', { name: 'Connect' }).click();
      await expect(dashboard(page)).toBeVisible(OPENING);
      await page.getByRole('navigation').getByRole('link', { name: 'Requests', exact: true }).click();
      await expect(page.getByText(subject)).toBeVisible();
    });
  });
});
