// Build better-sqlite3 for Electron's ABI into .electron-native/<key>/, leaving
// node_modules (the Node build that tests, CLI and browser mode use) alone.
// The key names everything the binary depends on, so an upgrade rebuilds it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { electronVersion } from './electron-env.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sqliteVersion = require('better-sqlite3/package.json').version;

export const nativeKey = (arch = process.arch, platform = process.platform) =>
  `electron-${electronVersion}-better-sqlite3-${sqliteVersion}-${platform}-${arch}`;
export const nativeFile = (arch, platform) => path.join(root, '.electron-native', nativeKey(arch, platform), 'better_sqlite3.node');

export async function ensureElectronNative(arch = process.arch) {
  const target = nativeFile(arch);
  if (fs.existsSync(target)) return target;
  const work = path.join(root, '.electron-native', 'build');
  fs.rmSync(work, { recursive: true, force: true });
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  const moduleDir = path.join(work, 'node_modules', 'better-sqlite3');
  fs.cpSync(source, moduleDir, {
    recursive: true,
    // Leave the Node build behind; judge by the path inside the package, not above it.
    filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build',
  });
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'sunshine-native', private: true, dependencies: { 'better-sqlite3': '*' } }));
  console.log(`Preparing better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${arch})…`);
  const { rebuild } = await import('@electron/rebuild');
  // Uses better-sqlite3's published Electron prebuild when there is one, else compiles.
  await rebuild({ buildPath: work, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node'), target);
  fs.rmSync(work, { recursive: true, force: true });
  return target;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(await ensureElectronNative(process.argv[2]));
  } catch (e) {
    console.error(`Could not build better-sqlite3 for Electron ${electronVersion}: ${e.message}`);
    process.exit(1);
  }
}
