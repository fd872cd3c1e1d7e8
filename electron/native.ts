/**
 * better-sqlite3 is built twice: node_modules holds the Node build (tests, CLI,
 * browser mode); `.electron-native/<key>/` holds the Electron build made by
 * scripts/electron-native.mjs for `npm start`. A packaged app loads the one
 * after-pack.cjs put into app.asar.unpacked, the normal way.
 */
import fs from 'node:fs';
import path from 'node:path';

export function electronNativeBinding(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const dir = path.join(appPath, '.electron-native');
  const suffix = `-${process.platform}-${process.arch}`;
  const prefix = `electron-${process.versions.electron}-better-sqlite3-`;
  const match = fs.existsSync(dir) ? fs.readdirSync(dir).find((n) => n.startsWith(prefix) && n.endsWith(suffix)) : undefined;
  const file = match && path.join(dir, match, 'better_sqlite3.node');
  return file && fs.existsSync(file) ? file : undefined;
}
