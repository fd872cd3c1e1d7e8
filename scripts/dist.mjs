// `npm run dist`: build, then package with
// electron-builder for this machine's platform (Linux: AppImage + deb,
// Windows: nsis, macOS: dmg). node_modules is left as it was, so `npm test` keeps working.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (file, args) => {
  const r = spawnSync(process.execPath, [path.join(root, file), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('node_modules/electron-vite/bin/electron-vite.js', ['build']);
// better-sqlite3 for Electron is prepared per arch by the afterPack hook (scripts/after-pack.cjs).
run('node_modules/electron-builder/out/cli/cli.js', ['--config', 'electron-builder.yml', ...process.argv.slice(2)]);
