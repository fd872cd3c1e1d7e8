// `npm run dist`: build, then package with
// electron-builder for this machine's platform (Linux: AppImage + deb,
// Windows: nsis, macOS: dmg), and read the fuses back from each packaged binary.
// node_modules is left as it was, so `npm test` keeps working.
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fuseProblems, packagedApps, packagingConfig } from './fuses.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (file, args) => {
  const r = spawnSync(process.execPath, [path.join(root, file), ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('node_modules/electron-vite/bin/electron-vite.js', ['build']);
// better-sqlite3 for Electron is prepared per arch by the afterPack hook (scripts/after-pack.cjs).
run('node_modules/electron-builder/out/cli/cli.js', ['--config', 'electron-builder.yml', ...process.argv.slice(2)]);

// A package whose fuses are not as electron-builder.yml asks is not shipped.
const config = await packagingConfig(root);
const apps = packagedApps(path.join(root, 'dist'), config.productName ?? undefined);
if (apps.length === 0) {
  console.error('dist: no packaged app found in dist/ to check its fuses.');
  process.exit(1);
}
for (const app of apps) {
  const problems = await fuseProblems(app, config.electronFuses ?? {});
  if (problems.length) {
    console.error(`dist: the fuses of ${path.relative(root, app)} are not as electron-builder.yml asks: ${problems.join('; ')}.`);
    process.exit(1);
  }
  console.log(`dist: fuses checked in ${path.relative(root, app)}.`);
}
