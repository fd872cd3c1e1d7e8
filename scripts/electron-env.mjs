// Where the Electron binary is, and whether it can start here. Electron ≥ 45
// downloads its binary on first use; offline machines cannot get it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const electronVersion = require('electron/package.json').version;

/** @returns {{ ok: true, path: string } | { ok: false, reason: string }} */
export function electronBinary() {
  const r = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    const why = (r.stderr || '').split('\n').find((l) => /Error|failed/.test(l)) ?? 'unknown error';
    return { ok: false, reason: `the Electron ${electronVersion} binary is not installed and could not be downloaded (${why.trim()})` };
  }
  // On first use the package prints "Downloading Electron binary..." before the path.
  const path = r.stdout.trim().split('\n').filter(Boolean).at(-1) ?? '';
  const v = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (v.status !== 0) return { ok: false, reason: `the Electron binary at ${path} does not run (${(v.stderr || v.error?.message || '').trim()})` };
  return { ok: true, path };
}

/** A window needs a display on Linux. */
export function displayProblem() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'there is no display (set DISPLAY, or run under xvfb-run)';
}
