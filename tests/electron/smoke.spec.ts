/**
 * The desktop shell, driven through Playwright's Electron support. Runs wherever
 * an Electron binary can start (see global-setup.ts); elsewhere it is reported
 * as skipped, with the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';

const skipReason = process.env.SUNSHINE_ELECTRON_SKIP;
const executablePath = process.env.SUNSHINE_ELECTRON_PATH;

test.describe('desktop shell', () => {
  test.skip(Boolean(skipReason) || !executablePath, `Electron cannot start here: ${skipReason}`);

  let app: ElectronApplication;
  let dataDir: string;
  test.beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-electron-'));
    app = await electron.launch({ executablePath: executablePath!, args: ['.', '--data', dataDir] });
  });
  test.afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one hardened window that talks to the core over IPC', async () => {
    const win = await app.firstWindow();
    await expect(win.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(win.getByText(dataDir)).toBeVisible();

    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    // The page sees the bridge and nothing of Node.
    expect(await win.evaluate(() => [typeof (window as { require?: unknown }).require, typeof (window as { process?: unknown }).process, typeof (window as { sunshine?: { invoke?: unknown } }).sunshine?.invoke])).toEqual(['undefined', 'undefined', 'function']);

    // New windows and navigation away are refused.
    await win.evaluate(() => window.open('https://example.com', '_blank'));
    await win.evaluate(() => (window.location.href = 'https://example.com/'));
    await win.waitForTimeout(500);
    expect(win.url()).toMatch(/^app:\/\/sunshine\//);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);

    // A change made in the window lands in the audit log.
    await win.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    await win.getByLabel('Office or committee').fill('Electron smoke test');
    await win.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(win.getByRole('table', { name: 'Recent activity' })).toContainText('Electron smoke test');
  });

  test('holds the data folder while open, and takes the backup folder from its own dialog', async () => {
    const win = await app.firstWindow();
    expect(fs.readdirSync(path.join(dataDir, 'holders'))).toHaveLength(1);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-electron-backups-'));
    // The system dialog, answered in the main process as a user would.
    await app.evaluate(({ dialog }, chosen) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
    }, folder);
    await win.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
    const section = win.getByRole('region', { name: 'Backups' });
    await section.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(section).toContainText(`Backups go to ${folder}`);
    await section.getByRole('button', { name: 'Back up now' }).click();
    await expect(section.getByRole('table', { name: 'Backups' }).getByRole('row')).toHaveCount(2);
    expect(fs.readdirSync(folder).filter((n) => n.startsWith('sunshine-backup-'))).toHaveLength(1);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('imports only what its own dialog picked, never a path the page names', async () => {
    const win = await app.firstWindow();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-electron-import-'));
    fs.mkdirSync(path.join(folder, 'Production 1'));
    fs.writeFileSync(path.join(folder, 'Production 1', 'letter.txt'), 'Records of night transports.');
    fs.writeFileSync(path.join(folder, 'Production 1', '.notes'), 'hidden, stays out');
    const named = await win.evaluate(
      (p) => (window as unknown as { sunshine: { invoke(n: string, i: unknown): Promise<{ ok: boolean; error?: { code: string } }> } }).sunshine.invoke('documents.import', { paths: [p] }),
      path.join(folder, 'Production 1'),
    );
    expect(named).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await app.evaluate(({ dialog }, chosen) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
    }, path.join(folder, 'Production 1'));
    await win.getByRole('navigation').getByRole('link', { name: 'Documents' }).click();
    await win.getByRole('button', { name: 'Add documents' }).click();
    await expect(win.getByLabel('Files or folders on this computer, one per line')).toHaveCount(0);
    await win.getByRole('button', { name: 'Choose a folder…' }).click();
    await expect(win.getByRole('list', { name: 'Files to import' }).getByRole('listitem')).toHaveText(['Production 1']);
    await win.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(win.getByRole('status').filter({ hasText: 'added' })).toHaveText('1 added, 0 already stored, 0 failed, 1 pages.');
    await expect(win.getByRole('table', { name: 'Import report' }).getByRole('row').filter({ hasText: '.notes' })).toContainText('is hidden');
    fs.rmSync(folder, { recursive: true, force: true });
  });
});

test.describe('desktop start screen', () => {
  test.skip(Boolean(skipReason) || !executablePath, `Electron cannot start here: ${skipReason}`);

  let settings: string;
  test.beforeAll(() => {
    settings = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-electron-settings-'));
  });
  test.afterAll(() => fs.rmSync(settings, { recursive: true, force: true }));

  /** The app with no place on its command line, its settings (and default folder) under the test's folder. */
  async function launch(): Promise<ElectronApplication> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'SUNSHINE_DATA') env[k] = v;
    return electron.launch({ executablePath: executablePath!, args: ['.'], env: { ...env, XDG_CONFIG_HOME: settings } });
  }

  test('shows the start screen the first time, and opens the chosen folder again at the next start', async () => {
    const dir = path.join(settings, 'Ravensholt records');
    const first = await launch();
    try {
      const win = await first.firstWindow();
      await expect(win.getByRole('heading', { level: 1, name: 'Choose a workspace' })).toBeVisible();
      await first.evaluate(({ dialog }, chosen) => {
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
      }, dir);
      const folder = win.getByRole('form', { name: 'Open a folder on this computer' });
      await folder.getByRole('radio', { name: 'Another folder' }).check();
      await folder.getByRole('button', { name: 'Choose…' }).click();
      await expect(folder.getByRole('textbox', { name: 'Folder' })).toHaveValue(dir);
      await folder.getByRole('button', { name: 'Open folder' }).click();
      await expect(win.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    } finally {
      await first.close();
    }
    const again = await launch();
    try {
      const win = await again.firstWindow();
      await expect(win.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    } finally {
      await again.close();
    }
  });
});
