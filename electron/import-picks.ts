/**
 * Files to import reach the window only as tokens: the system's file dialog
 * runs here, in the main process, and dropped files' paths come here from the
 * preload; the core judges them and hands out single-use tokens, and the page
 * sends those back with `documents.import`. So does the folder a production is
 * written into (`productions.create`'s `folderPick`). A page can ask for the
 * dialog, never name a path.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { AppError, IPC, type ApiError, type CoreHandle, type Result } from '../core/index.ts';
import type { PickedFile } from '../core/api.ts';

/** More than one drop brings; the core refuses a pile of picks anyway. */
const MAX_DROPPED = 1000;

async function asResult<T>(pick: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await pick() };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toJSON() };
    throw e;
  }
}

const badDrop = { ok: false, error: { code: 'BAD_INPUT', message: 'Only files and folders dropped on the window can be added this way.' } } as const;

export function wirePicks(core: CoreHandle, fromAppWindow: (e: IpcMainInvokeEvent) => boolean, refused: { ok: false; error: ApiError }): void {
  ipcMain.handle(IPC.choosePaths, async (event, what: unknown) => {
    if (!fromAppWindow(event)) return refused;
    const win = BrowserWindow.fromWebContents(event.sender);
    const properties: ('openFile' | 'openDirectory' | 'multiSelections')[] = what === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'];
    const r = win ? await dialog.showOpenDialog(win, { properties }) : await dialog.showOpenDialog({ properties });
    return asResult(() => core.pick(r.canceled ? [] : r.filePaths, 'dialog'));
  });
  // The paths come from the preload (Electron's webUtils, for File objects only a real drop or picker makes).
  ipcMain.handle(IPC.pickDropped, (event, paths: unknown) => {
    if (!fromAppWindow(event)) return refused;
    if (!Array.isArray(paths) || paths.length > MAX_DROPPED || !paths.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 4096)) return badDrop;
    return asResult(() => core.pick(paths as string[], 'drop'));
  });
  ipcMain.handle(IPC.chooseProductionFolder, async (event): Promise<Result<PickedFile | null> | { ok: false; error: ApiError }> => {
    if (!fromAppWindow(event)) return refused;
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { title: 'Where should this production be written?', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const folder = r.filePaths[0];
    return r.canceled || !folder ? { ok: true, value: null } : asResult(() => core.pickOutputFolder(folder));
  });
}
