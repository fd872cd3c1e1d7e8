/**
 * The desktop shell: one hardened window over the core. No business logic here:
 * every call goes to the core's dispatcher, exactly as in browser mode.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, Menu, dialog, ipcMain, protocol, safeStorage, session, shell, type IpcMainInvokeEvent } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  IPC,
  createLauncher,
  dataFlagFrom,
  dbPathIn,
  openCoreInWorker,
  resolveDataDir,
  safeStorageKeyHolder,
  teamKeychainDir,
  safeStoragePasswordKeeper,
  staticFile,
  type CoreHandle,
  type Launcher,
} from '../core/index.ts';
import { wireLauncher } from './launcher-ipc.ts';
import { utilityHelper } from './helpers.ts';
import { buildMenu } from './menu.ts';
import { isOriginalRequest, originalResponse } from './original-protocol.ts';
import { electronNativeBinding } from './native.ts';
import { devToolsAllowed } from './dev-tools.ts';
import { wirePicks } from './import-picks.ts';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, EXTERNAL_LINK_REFUSED, denyAllPermissions, createHardenedWindow, isAppUrl, isSafeExternalUrl, lockDownContents } from './security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '../renderer');
const preloadFile = path.join(here, '../preload/preload.cjs');
const devTools = devToolsAllowed(app.isPackaged, process.env);

protocol.registerSchemesAsPrivileged([
  // stream: originals are answered as streams (with ranges), never read whole into memory.
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);
app.enableSandbox();

// Keep Chromium's caches out of the data folder's top level.
app.setPath('sessionData', path.join(app.getPath('userData'), 'Session'));

function serveRenderer(core: CoreHandle): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    if (isOriginalRequest(url)) return originalResponse(core, request);
    const found = url.host === APP_HOST ? staticFile(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404 });
    return new Response(fs.readFileSync(found.file), {
      headers: { 'Content-Type': found.type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

const OPENED_PREFIX = 'sunshine-original-';

/**
 * Copies handed to other apps hold sensitive records: they go when Sunshine
 * quits, and any left behind (an app still had one open) at the next start.
 */
function clearOpenedCopies(): void {
  const temp = app.getPath('temp');
  for (const name of fs.readdirSync(temp).filter((n) => n.startsWith(OPENED_PREFIX))) {
    const dir = path.join(temp, name);
    try {
      // The copies are read-only; Windows will not delete them until that is lifted.
      for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o600);
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Still open in another app: tried again next time.
    }
  }
}

/** Only the app's own top frame may call in; never a subframe or a foreign page. */
const fromAppWindow = (event: IpcMainInvokeEvent) => isAppUrl(event.senderFrame?.url) && event.senderFrame === event.sender.mainFrame;
const notFromApp = { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Sunshine window.' } } as const;

function wireIpc(core: CoreHandle): void {
  ipcMain.handle(IPC.invoke, async (event, req: unknown) => {
    if (!fromAppWindow(event)) return notFromApp;
    const { name, input, jobId } = (typeof req === 'object' && req !== null ? req : {}) as Record<string, unknown>;
    return core.call(name, input, {
      ...(typeof jobId === 'string' ? { jobId } : {}),
      emit: (e) => {
        if (!event.sender.isDestroyed()) event.sender.send(IPC.event, e);
      },
    });
  });
  // Every change committed to the workspace, by anyone, goes to every window (live refresh).
  core.onChange((e) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.webContents.isDestroyed()) win.webContents.send(IPC.event, e);
  });
  ipcMain.handle(IPC.openExternal, async (event, url: unknown) => {
    if (!fromAppWindow(event)) return notFromApp;
    if (typeof url !== 'string' || !isSafeExternalUrl(url)) {
      return { ok: false, error: { code: 'BAD_INPUT', message: EXTERNAL_LINK_REFUSED } };
    }
    await shell.openExternal(url);
    return { ok: true, value: null };
  });
  wirePicks(core, fromAppWindow, notFromApp);
  // The folder comes from the system's dialog, in this process: a window can ask for the dialog, never name a path.
  ipcMain.handle(IPC.chooseBackupFolder, async (event) => {
    if (!fromAppWindow(event)) return notFromApp;
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { title: 'Where should Sunshine keep its backups?', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (r.canceled || !r.filePaths[0]) return null;
    return core.invoke('app.setBackupFolder', { folder: r.filePaths[0] });
  });
  // Only after the user asked, and never the vault's own file: a read-only copy, checked
  // against its SHA-256 on the way out, in a fresh folder under the system's temp.
  ipcMain.handle(IPC.openOriginal, async (event, id: unknown) => {
    if (!fromAppWindow(event)) return notFromApp;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) return { ok: false, error: { code: 'BAD_INPUT', message: 'id: give a document number.' } };
    const folder = fs.mkdtempSync(path.join(app.getPath('temp'), OPENED_PREFIX));
    const copy = await core.invoke('documents.saveCopy', { id, folder });
    if (!copy.ok) return copy;
    const problem = await shell.openPath(copy.value.file);
    return problem ? { ok: false, error: { code: 'INTERNAL', message: `The system could not open the copy: ${problem}` } } : { ok: true, value: null };
  });
}

function createWindow(): BrowserWindow {
  const win = createHardenedWindow(BrowserWindow, { preload: preloadFile, devTools });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/**
 * The workspace to open at start: a data folder named by --data (or SUNSHINE_DATA) is opened as
 * given; else the one opened last; else, the first time after an update, the default folder if
 * it already holds a database; else none, and the window shows the start screen.
 */
async function openAtStart(launcher: Launcher, defaultDir: string): Promise<void> {
  const named = dataFlagFrom(process.argv) ?? process.env.SUNSHINE_DATA?.trim();
  if (named) return launcher.openPlace({ kind: 'folder', dir: resolveDataDir({ flag: named }) });
  if (await launcher.openLast()) return;
  // Should it not open, the start screen says why when the default folder is chosen there.
  if (launcher.status().recent.length === 0 && fs.existsSync(dbPathIn(defaultDir))) await launcher.open({ kind: 'default' });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  const settingsDir = app.getPath('userData');
  const defaultDir = resolveDataDir({});
  const nativeBinding = electronNativeBinding(app.getAppPath(), app.isPackaged);
  const launcher = createLauncher({
    settingsDir,
    defaultDir,
    // The team database's password, when the person asks, sealed by the OS keychain; never in clear.
    keeper: safeStoragePasswordKeeper(safeStorage, settingsDir),
    // The core runs in a worker thread: a long synchronous step (an integrity check, a large
    // import's transaction) never stops this process answering the window. The keychain and
    // the helper processes stay here, lent to the worker.
    open: (target) =>
      openCoreInWorker({
        ...target,
        backgroundOcr: true,
        staysOpen: true,
        // The sources' passphrase is remembered beside a data folder's database; a team folder is
        // shared by everyone, so a member's own key's passphrase is kept in this computer's settings.
        keychain: safeStorageKeyHolder(safeStorage, target.database ? teamKeychainDir(settingsDir, target.database) : target.dataDir),
        // The window names no paths: it imports what this process's dialog and drop handler picked.
        importPickedOnly: true,
        // Untrusted files are read in utility processes that may die without taking the app along.
        spawnHelper: utilityHelper,
        ...(nativeBinding ? { nativeBinding } : {}),
      }),
  });
  try {
    await openAtStart(launcher, defaultDir);
  } catch (e) {
    dialog.showErrorBox('Sunshine cannot open its data', (e as Error).message);
    return app.quit();
  }
  const core = launcher.handle;
  clearOpenedCopies();
  app.on('will-quit', clearOpenedCopies);
  denyAllPermissions(session.defaultSession);
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents));
  serveRenderer(core);
  wireIpc(core);
  wireLauncher(launcher, fromAppWindow, notFromApp);
  Menu.setApplicationMenu(buildMenu({ dataDir: () => launcher.current()?.dataDir ?? null, isMac: process.platform === 'darwin', devTools }));

  let win = createWindow();
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void launcher.close());
}

void start();
