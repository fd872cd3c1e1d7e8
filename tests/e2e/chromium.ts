import fs from 'node:fs';

/**
 * $SUNSHINE_CHROMIUM, else the system's Chromium (Debian: apt-get install chromium).
 * Without either, Playwright's own browser is used (npx playwright install chromium).
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.SUNSHINE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((p) => fs.existsSync(p));
}

/** Flags for a headless run on a machine without network or GPU. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
