import fs from 'node:fs';

/** Debian's Chromium (apt-get install chromium), or $SUNSHINE_CHROMIUM. */
export function chromiumPath(): string {
  const candidates = [process.env.SUNSHINE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error('No Chromium found for the end-to-end tests. Install it (sudo apt-get install chromium) or set SUNSHINE_CHROMIUM to its path.');
  }
  return found;
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
