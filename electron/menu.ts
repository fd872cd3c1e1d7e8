import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** `dataDir`: the open workspace's folder (a team workspace's team folder), or null on the start screen. */
export function buildMenu(opts: { dataDir: () => string | null; isMac: boolean; devTools: boolean }): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(opts.isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Show Data Folder',
          click: () => {
            const dir = opts.dataDir();
            if (dir) void shell.openPath(dir);
          },
        },
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(opts.devTools ? [{ role: 'toggleDevTools' as const }, { type: 'separator' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
