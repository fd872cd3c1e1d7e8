// A Sunshine process that restores a backup into a team workspace and hangs once the given table
// is loaded, so a test can kill it half-way through the rows. argv: url files backupFolder stopAt;
// password in PGPASSWORD.
import { register } from 'tsx/esm/api';

register();
const [url, files, from, stopAt] = process.argv.slice(2);
const { openCore } = await import('../../core/index.ts');
const { restoreIntoTeam } = await import('../../core/restore-team.ts');
const core = openCore({ dataDir: files, database: url });
await core.ready;
await restoreIntoTeam(from, core.workspace, files, {
  now: new Date(),
  actor: 'restore-child',
  onTable(t) {
    if (t.name !== stopAt) return;
    process.stdout.write(`hanging after ${t.name}\n`);
    // Stay here until killed: the restore's transaction is open, the old rows deleted, part of the backup's loaded.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
