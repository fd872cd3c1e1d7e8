// electron-builder afterPack hook: replace the Node build of better-sqlite3 in the
// packaged app with the Electron build made by scripts/electron-native.mjs.
const fs = require('node:fs');
const path = require('node:path');

exports.default = async function afterPack(context) {
  const electronVersion = context.packager.config.electronVersion || require('electron/package.json').version;
  const source = path.join(context.packager.projectDir, '.electron-native', electronVersion, 'better_sqlite3.node');
  if (!fs.existsSync(source)) throw new Error(`Missing ${source}: run "node scripts/electron-native.mjs" first.`);
  const resources =
    context.electronPlatformName === 'darwin'
      ? path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : path.join(context.appOutDir, 'resources');
  const target = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
};
