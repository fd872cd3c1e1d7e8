/**
 * better-sqlite3 is compiled twice: node_modules holds the Node build (tests,
 * CLI, browser mode), `.electron-native/<electron version>/` the Electron build
 * made by scripts/electron-native.mjs. A packaged app uses the one
 * electron-builder rebuilt and unpacked from the asar.
 */
import fs from 'node:fs';
import path from 'node:path';

export function electronNativeBinding(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const file = path.join(appPath, '.electron-native', process.versions.electron ?? 'unknown', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
