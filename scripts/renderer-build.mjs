// Build the renderer unless out/renderer is newer than every renderer source.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'out/renderer/index.html');
// The window bundles core/shared and the contract's files (core/api*.ts and what they import): any of core may be in it.
const sources = ['renderer', 'core', 'package.json'];

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

export function rendererIsStale() {
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  return sources.some((s) => newest(path.join(root, s)) > builtAt);
}

export function buildRendererIfNeeded() {
  if (!rendererIsStale()) return;
  console.log('Building the UI…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildRendererIfNeeded();
