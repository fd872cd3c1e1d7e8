// A Sunshine process that copies a workspace and hangs once the given table is copied, so a test
// can kill it half-way through the rows. argv: from to stopAt [files] [fromFiles]; password in PGPASSWORD.
import { register } from 'tsx/esm/api';

register();
const [from, to, stopAt, files, fromFiles] = process.argv.slice(2);
const { copyWorkspace } = await import('../../core/index.ts');
await copyWorkspace(
  { from, to, files: files || undefined, fromFiles: fromFiles || undefined },
  {
    onTable(name) {
      if (name !== stopAt) return;
      process.stdout.write(`hanging after ${name}\n`);
      // Stay here until killed: the target's transaction is open, part of the rows are in it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    },
  },
);
