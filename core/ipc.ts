/** Electron IPC channel names, shared by the main process and the preload script. */
export const IPC = {
  invoke: 'sunshine:invoke',
  event: 'sunshine:event',
  openExternal: 'sunshine:open-external',
  choosePaths: 'sunshine:choose-paths',
  pickDropped: 'sunshine:pick-dropped',
  openOriginal: 'sunshine:open-original',
  chooseBackupFolder: 'sunshine:choose-backup-folder',
  chooseProductionFolder: 'sunshine:choose-production-folder',
  launcherStatus: 'sunshine:launcher-status',
  launcherOpen: 'sunshine:launcher-open',
  launcherSwitch: 'sunshine:launcher-switch',
  launcherChooseFolder: 'sunshine:launcher-choose-folder',
} as const;
