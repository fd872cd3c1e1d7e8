/**
 * Decides once per run whether the Electron smoke test can run here, says so
 * plainly, and prepares the build it needs (main, preload, renderer, native module).
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
// @ts-expect-error plain ESM helper without types
import { displayProblem, electronBinary } from '../../scripts/electron-env.mjs';
// @ts-expect-error plain ESM helper without types
import { ensureElectronNative } from '../../scripts/electron-native.mjs';

type Probe = { ok: true; path: string } | { ok: false; reason: string };

export default async function globalSetup(): Promise<void> {
  const bin = (electronBinary as () => Probe)();
  const reason = !bin.ok ? bin.reason : (displayProblem as () => string | null)();
  if (reason || !bin.ok) {
    process.env.SUNSHINE_ELECTRON_SKIP = reason ?? 'unknown';
    console.log(`\n[electron] The Electron smoke test will be SKIPPED: ${process.env.SUNSHINE_ELECTRON_SKIP}.\n`);
    return;
  }
  const build = spawnSync(process.execPath, [path.resolve('node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('electron-vite build failed');
  await (ensureElectronNative as () => Promise<string>)();
  process.env.SUNSHINE_ELECTRON_PATH = bin.path;
  console.log(`\n[electron] Running the Electron smoke test with ${bin.path}.\n`);
}
