// electron-builder afterPack hook: put the Electron build of better-sqlite3 (from
// scripts/electron-native.mjs, for the arch being packaged) into app.asar.unpacked,
// in place of the Node build that node_modules keeps for tests and the CLI.
const fs = require('node:fs');
const path = require('node:path');
const { Arch } = require('electron-builder');

exports.default = async function afterPack(context) {
  const arch = Arch[context.arch];
  const platform = context.electronPlatformName;
  const { nativeFile, ensureElectronNative } = await import('./electron-native.mjs');
  if (arch === 'universal') throw new Error('Universal macOS builds need one better-sqlite3 per arch; package x64 and arm64 separately.');
  if (platform !== process.platform) throw new Error(`better-sqlite3 for ${platform} must be built on ${platform}; run "npm run dist" there.`);
  const source = fs.existsSync(nativeFile(arch)) ? nativeFile(arch) : await ensureElectronNative(arch);
  const resources =
    platform === 'darwin'
      ? path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : path.join(context.appOutDir, 'resources');
  const target = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
};
