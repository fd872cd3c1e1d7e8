/**
 * The start screen's calls from the window: which workspaces there are, open one, close it, and
 * the system's folder dialog for "Another folder". The rules are the core's launcher's, the same
 * as browser mode's; this only carries them over IPC from the app's own window.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC, type ApiError, type Launcher } from '../core/index.ts';

export function wireLauncher(launcher: Launcher, fromAppWindow: (e: IpcMainInvokeEvent) => boolean, refused: { ok: false; error: ApiError }): void {
  ipcMain.handle(IPC.launcherStatus, (event) => (fromAppWindow(event) ? { ok: true, value: launcher.status() } : refused));
  ipcMain.handle(IPC.launcherOpen, async (event, choice: unknown) => (fromAppWindow(event) ? launcher.open(choice) : refused));
  ipcMain.handle(IPC.launcherSwitch, async (event) => (fromAppWindow(event) ? launcher.switchWorkspace() : refused));
  ipcMain.handle(IPC.launcherChooseFolder, async (event) => {
    if (!fromAppWindow(event)) return refused;
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { title: 'Which folder should Sunshine open?', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return { ok: true, value: r.canceled || !r.filePaths[0] ? null : r.filePaths[0] };
  });
}
