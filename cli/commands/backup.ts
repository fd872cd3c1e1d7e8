/** `sunshine backup`, `sunshine backups [set]` and `sunshine restore`. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { AppError, resolveDataDir, restoreClosedWorkspace, restoreTeamWorkspace, type Core } from '../../core/index.ts';
import { placeOf, type Globals } from '../place.ts';
import type { BackupsOverview } from '../../core/api.ts';
import { EXIT, consoleOutput, reportError, type Output } from '../output.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

async function overviewOf(core: Core): Promise<BackupsOverview> {
  const r = await core.invoke('app.backups', {});
  if (!r.ok) throw new AppError(r.error.code, r.error.message);
  return r.value;
}

function printOverview(out: Output, v: BackupsOverview): void {
  if (out.json) return out.out(JSON.stringify(v, null, 2));
  if (v.notHere) return out.out(v.notHere);
  out.out(`Backup folder: ${v.folder}${v.isDefaultFolder ? ' (inside the data folder: a folder on another disk is safer)' : ''}`);
  out.out(v.everyHours ? `While the app runs: a backup every ${v.everyHours} h, the newest ${v.keep} kept.` : 'Automatic backups are off.');
  if (v.backups.length === 0) out.out('No backups there yet.');
  for (const b of v.backups) out.out(`${b.name}  ${b.createdAt}  schema ${b.schemaVersion}  ${(b.bytes / 1048576).toFixed(1)} MB  ${b.vaultFiles} stored files listed`);
}

const wholeNumber = (min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`give a whole number from ${min} to ${max}.`);
  return n;
};

export function registerBackupCommands(program: Command, run: Runner, globals: () => Globals, setCode: (c: number) => void): void {
  program
    .command('backup')
    .description('copy the database (online) and the stored files not yet there into a new backup (default: the backup folder, keeping its newest N)')
    .option('--out <dir>', 'where backups are kept (default: the backup folder; see sunshine backups)')
    .option('--keep <n>', 'keep only the newest N backups there', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of backups to keep.');
      return n;
    })
    .action((o: { out: string; keep?: number }) =>
      run(async (core, out) => {
        const r = o.out === undefined && o.keep === undefined ? await core.invoke('app.backupNow', {}) : await core.invoke('app.backup', { out: o.out ?? (await overviewOf(core)).folder, ...(o.keep ? { keep: o.keep } : {}) });
        if (!r.ok) return reportError(out, r.error);
        const v = r.value;
        out.out(
          out.json
            ? JSON.stringify(v)
            : `Backed up to ${v.folder} (${v.auditEntries} history rows, ${v.vaultFiles} stored files, ${v.filesCopied} of them new: ${(v.bytesCopied / 1048576).toFixed(1)} MB copied)${v.removedOld.length ? `; removed ${v.removedOld.length} older` : ''}.`,
        );
        if (v.filesMissing) out.err(`sunshine: ${v.filesMissing} stored file${v.filesMissing === 1 ? ' is' : 's are'} missing or changed in the vault and could not be backed up; run "sunshine verify".`);
        return EXIT.ok;
      }),
    );

  program
    .command('restore')
    .description(
      "put a verified backup (of either engine) in place of the workspace and bring back its stored files: a data folder's database is swapped (stop the app first; the current one is kept beside it); a team workspace is replaced in one transaction (the current one is kept as a backup in its backup folder)",
    )
    .argument('<from>', 'a backup folder (sunshine-backup-…)')
    .action(async (from: string) => {
      const g = globals();
      const out = consoleOutput(Boolean(g.json));
      // Said before anything changes, so it is on screen even if what follows fails.
      const before = (f: { sentence: string | null }) => {
        if (f.sentence && !out.json) out.err(`sunshine: ${f.sentence}.`);
      };
      const report = (r: { manifest: { createdAt: string }; previous: string | null; recorded: boolean; forgotten: { sentence: string | null } }, kept: string) => {
        if (!r.recorded) out.err('sunshine: the restore is done, but it could not be written to the history.');
        out.out(
          out.json
            ? JSON.stringify({ restored: r.manifest.createdAt, previous: r.previous, forgotten: r.forgotten })
            : `Restored the backup of ${r.manifest.createdAt}.${r.previous ? ` ${kept} ${r.previous}.` : ''}${r.forgotten.sentence ? ` ${r.forgotten.sentence}.` : ''}`,
        );
        return EXIT.ok;
      };
      try {
        const place = placeOf(g);
        if (place.database) {
          return await run(async (core) => report(await restoreTeamWorkspace(path.resolve(from), core, before), 'The workspace it replaced is kept as the backup'));
        }
        setCode(report(await restoreClosedWorkspace(from, resolveDataDir({ flag: g.data }), before), 'The database it replaced is kept as'));
      } catch (e) {
        if (e instanceof AppError) return setCode(reportError(out, e.toJSON()));
        throw e;
      }
    });

  const backups = program.command('backups').description('the backup folder, the schedule of automatic backups and the backups made');
  backups
    .command('list', { isDefault: true })
    .description('the backup folder, schedule and backups, newest first')
    .action(() =>
      run(async (core, out) => {
        printOverview(out, await overviewOf(core));
        return EXIT.ok;
      }),
    );
  backups
    .command('set')
    .description('choose the backup folder and the schedule the desktop app and browser mode keep')
    .option('--folder <dir>', 'where backups go ("" = the data folder\'s backups/)')
    .option('--every <hours>', 'hours between automatic backups (0 = off)', wholeNumber(0, 720))
    .option('--keep <n>', 'automatic backups kept', wholeNumber(1, 1000))
    .action((o: { folder?: string; every?: number; keep?: number }) =>
      run(async (core, out) => {
        if (o.folder !== undefined) {
          const r = await core.invoke('app.setBackupFolder', { folder: o.folder });
          if (!r.ok) return reportError(out, r.error);
        }
        if (o.every !== undefined || o.keep !== undefined) {
          const r = await core.invoke('settings.update', { ...(o.every !== undefined ? { backupEveryHours: o.every } : {}), ...(o.keep !== undefined ? { backupKeep: o.keep } : {}) });
          if (!r.ok) return reportError(out, r.error);
        }
        printOverview(out, await overviewOf(core));
        return EXIT.ok;
      }),
    );
}
