/**
 * The window's safety rules, kept in one place: which URLs may leave the app,
 * which frames may call the core, and what a page may ask for (nothing).
 */
import type { Session, WebContents } from 'electron';

/** The origin the renderer is served from (a custom, standard, secure scheme). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sunshine';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Only https and mailto links go to the system; never file:, javascript:, custom schemes or credentials. */
export function isSafeExternalUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol === 'mailto:') return true;
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.hostname !== '';
}

/** IPC is answered only for the app's own top frame, never for anything it might have embedded. */
export function isAppUrl(raw: string | undefined): boolean {
  if (!raw) return false;
  try {
    return new URL(raw).origin === APP_ORIGIN;
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
