// A Sunshine process that makes one backup and hangs just before the finished
// backup would be renamed into place, so a test can kill it at the worst moment.
// argv: dataDir outDir
import fs from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const [dataDir, outDir] = process.argv.slice(2);
const rename = fs.renameSync;
fs.renameSync = (from, to) => {
  if (String(from).endsWith('.partial')) {
    process.stdout.write(`hanging ${from}\n`);
    // Stay here until killed: the copy and its manifest are written, the rename is not done.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  return rename(from, to);
};
const { openCore } = await import('../../core/index.ts');
const core = openCore({ dataDir });
await core.invoke('app.backup', { out: outDir });
