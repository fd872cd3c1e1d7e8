/**
 * The only bridge between the sandboxed page and the app: `window.sunshine`,
 * a generic invoke plus job events, the file dialog and dropped files (as tokens),
 * opening an original outside, picking the backup folder and a production's folder (as a token), and the start screen's launcher. Built as CommonJS (sandboxed preloads must be).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Bridge, CoreEvent } from '../core/api.ts';
import { IPC } from '../core/ipc.ts';

const bridge = {
  invoke: (name, input, options) => ipcRenderer.invoke(IPC.invoke, { name, input, jobId: options?.jobId }),
  onEvent(listener) {
    const handler = (_e: IpcRendererEvent, ev: CoreEvent) => listener(ev);
    ipcRenderer.on(IPC.event, handler);
    return () => void ipcRenderer.removeListener(IPC.event, handler);
  },
  openExternal: (url) => ipcRenderer.invoke(IPC.openExternal, url),
  choosePaths: (what) => ipcRenderer.invoke(IPC.choosePaths, what),
  // File.path is gone since Electron 32; webUtils is the way to a dropped file's path. The paths go
  // to the main process, which answers with tokens: the page never sees where the files are.
  pickDropped: (files) => ipcRenderer.invoke(IPC.pickDropped, files.map((f) => webUtils.getPathForFile(f)).filter(Boolean)),
  openOriginal: (id) => ipcRenderer.invoke(IPC.openOriginal, id),
  chooseBackupFolder: () => ipcRenderer.invoke(IPC.chooseBackupFolder),
  chooseProductionFolder: () => ipcRenderer.invoke(IPC.chooseProductionFolder),
  // The start screen: the folder dialog runs in the main process; the password goes there once and is not kept here.
  launcher: {
    status: () => ipcRenderer.invoke(IPC.launcherStatus),
    open: (choice) => ipcRenderer.invoke(IPC.launcherOpen, choice),
    switchWorkspace: () => ipcRenderer.invoke(IPC.launcherSwitch),
    chooseFolder: () => ipcRenderer.invoke(IPC.launcherChooseFolder),
  },
} satisfies Bridge;

contextBridge.exposeInMainWorld('sunshine', bridge);
