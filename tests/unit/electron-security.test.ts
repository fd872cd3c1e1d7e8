import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { createHardenedWindow, isAppUrl, isSafeExternalUrl } from '../../electron/security.ts';

describe('links leaving the app', () => {
  it.each(['https://www.foia.gov/', 'https://oig.dhs.gov/reports?year=2026', 'mailto:foia@hhs.gov'])('opens %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id',
    'https://user:pw@example.com',
    'https://',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('IPC senders', () => {
  it('are accepted only from the app origin', () => {
    expect(isAppUrl('app://sunshine/index.html')).toBe(true);
    expect(isAppUrl('app://sunshine/index.html#/settings')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://sunshine/index.html')).toBe(false);
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('the window', () => {
  it('gets no Node, an isolated world, a sandboxed preload and no webviews', () => {
    class FakeWindow {
      constructor(readonly options: BrowserWindowConstructorOptions) {}
    }
    const win = createHardenedWindow(FakeWindow, { preload: '/app/preload.cjs', devTools: false });
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });
});
