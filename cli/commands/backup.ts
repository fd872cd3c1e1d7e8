/** `sunshine backup` and `sunshine restore`. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { AppError, openCore, resolveDataDir, type Core } from '../../core/index.ts';
import { restore } from '../../core/backups.ts';
import { EXIT, consoleOutput, reportError, type Output } from '../output.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

export function registerBackupCommands(program: Command, run: Runner, globals: () => { data?: string; json?: boolean }, setCode: (c: number) => void): void {
  program
    .command('backup')
    .description('copy the database (online) with a manifest of the vault into a new folder under DIR')
    .requiredOption('--out <dir>', 'where backups are kept')
    .option('--keep <n>', 'keep only the newest N backups there', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of backups to keep.');
      return n;
    })
    .action((o: { out: string; keep?: number }) =>
      run(async (core, out) => {
        const r = await core.invoke('app.backup', { out: o.out, ...(o.keep ? { keep: o.keep } : {}) });
        if (!r.ok) return reportError(out, r.error);
        const v = r.value;
        out.out(out.json ? JSON.stringify(v) : `Backed up to ${v.folder} (${v.auditEntries} history rows, ${v.vaultFiles} stored files listed)${v.removedOld.length ? `; removed ${v.removedOld.length} older` : ''}.`);
        return EXIT.ok;
      }),
    );

  program
    .command('restore')
    .description('put a verified backup in place of the data folder\'s database (stop the app first; the current database is kept beside it)')
    .argument('<from>', 'a backup folder (sunshine-backup-…)')
    .action(async (from: string) => {
      const g = globals();
      const out = consoleOutput(Boolean(g.json));
      const dataDir = resolveDataDir({ flag: g.data });
      try {
        const r = await restore(from, dataDir, new Date());
        const core = openCore({ dataDir });
        try {
          core.store.write('sunshine', (w) => w.audit({ action: 'app.restore', entity: 'backup', entityId: r.manifest.createdAt, after: { from, previous: r.previous } }));
        } finally {
          core.close();
        }
        out.out(
          out.json
            ? JSON.stringify({ restored: r.manifest.createdAt, previous: r.previous })
            : `Restored the backup of ${r.manifest.createdAt}.${r.previous ? ` The database it replaced is kept as ${r.previous}.` : ''}`,
        );
        setCode(EXIT.ok);
      } catch (e) {
        if (e instanceof AppError) return setCode(reportError(out, e.toJSON()));
        throw e;
      }
    });
}
