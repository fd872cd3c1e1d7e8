// A Sunshine process that makes one production and hangs just before its
// finished work folder would be renamed into place, so a test can kill it there.
// argv: dataDir tag folder
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const [dataDir, tag, folder] = process.argv.slice(2);
const rename = fs.renameSync;
fs.renameSync = (from, to) => {
  if (/\.partial-[0-9a-f]{8}$/.test(String(from))) {
    process.stdout.write(`hanging ${from}\n`);
    // Stay here until killed: every file is written and the production recorded, the rename is not done.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  return rename(from, to);
};
const { openCore } = await import('../../core/index.ts');
const core = openCore({ dataDir });
const r = await core.invoke('productions.create', { tag, prefix: 'KILLED-', start: 1, folder, recipient: 'HSGAC', name: 'Killed' });
process.stdout.write(`ended without hanging: ${JSON.stringify(r)}\n`);
