// `npm start`: build the app, make sure better-sqlite3 exists for Electron's ABI,
// and open the desktop window. Arguments are passed on (npm start -- --data DIR).
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { displayProblem, electronBinary } from './electron-env.mjs';
import { ensureElectronNative } from './electron-native.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fail = (msg) => {
  console.error(`\nSunshine cannot open its desktop window: ${msg}.\nOn a machine without a display or without internet access, use browser mode instead:  npm run web\n`);
  process.exit(1);
};

const bin = electronBinary();
if (!bin.ok) fail(bin.reason);
const noDisplay = displayProblem();
if (noDisplay) fail(noDisplay);

const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
try {
  await ensureElectronNative();
} catch (e) {
  fail(`better-sqlite3 could not be built for Electron (${e.message})`);
}

const child = spawn(bin.path, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
