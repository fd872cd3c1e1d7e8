/**
 * The window's safety rules, kept in one place: which URLs may leave the app,
 * which frames may call the core, and what a page may ask for (nothing).
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

/** The origin the renderer is served from (a custom, standard, secure scheme). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sunshine';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export { isSafeExternalUrl, EXTERNAL_LINK_REFUSED } from '../core/shared/links.ts';

/** IPC is answered only for the app's own top frame, never for anything it might have embedded. */
export function isAppUrl(raw: string | undefined): boolean {
  if (!raw) return false;
  try {
    // Compare scheme and host: Node's URL gives custom schemes an opaque origin ("null").
    const u = new URL(raw);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export function denyAllPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
}

/** No navigation away from the app, no new windows, no <webview>. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The one window: no Node in the page, an isolated world, a sandboxed preload.
 * Takes the BrowserWindow class as a parameter so tests can check the options
 * without starting Electron; the literal stays here for the security linter.
 */
export function createHardenedWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  opts: { preload: string; devTools: boolean },
): W {
  return new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    title: 'Sunshine',
    show: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click would try to open links in new windows; there are none to open.
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.devTools,
    },
  });
}
