/** `sunshine workspace copy`: a whole workspace between data folders and PostgreSQL databases. */
import type { Command } from 'commander';
import { AppError, copyWorkspace } from '../../core/index.ts';
import { EXIT, consoleOutput, progressLine, reportError } from '../output.ts';
import { passphrase, PromptError } from '../prompt.ts';

const isDatabase = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/**
 * A data folder copied to a team database: its sources' passphrase (SUNSHINE_PASSPHRASE, or asked;
 * Enter leaves them sealed under it) and, when given, the copier's own passphrase for the key pair
 * made for them (SUNSHINE_OWN_PASSPHRASE, or asked twice). Never from the command line.
 */
async function sourcePassphrases(f: CopyFlags): Promise<{ passphrase: string; ownPassphrase: string } | undefined> {
  if (isDatabase(f.from) || !isDatabase(f.to)) return undefined;
  const office = await passphrase({ question: "Passphrase of the data folder's protected sources (Enter to copy them still sealed under it): " });
  if (!office) return undefined;
  const own = await passphrase({ env: 'SUNSHINE_OWN_PASSPHRASE', confirm: true, question: 'Choose your own passphrase for your key in the team workspace (at least 12 characters): ' });
  if (own === null) throw new AppError('BAD_INPUT', 'own passphrase: set SUNSHINE_OWN_PASSPHRASE or run this on a terminal to be asked for it (twice): the sources are re-sealed for your own key. Nothing was copied.');
  return { passphrase: office, ownPassphrase: own };
}

interface CopyFlags {
  from: string;
  to: string;
  files?: string;
  fromFiles?: string;
}

export function registerWorkspaceCommands(program: Command, globals: () => { json?: boolean; files?: string }, setCode: (c: number) => void): void {
  const workspace = program.command('workspace').description('move a whole workspace between this computer and a team database');
  workspace
    .command('copy')
    .description(
      'copy every record and stored file to a new, empty workspace, checked before it is kept (rows per table, the history, every file); a copy that stops leaves nothing that looks complete. Passwords come from PGPASSWORD or the password file (~/.pgpass), never the command line',
    )
    .requiredOption('--from <place>', 'a data folder, or a database address postgres://user@host:port/name')
    .requiredOption('--to <place>', 'a new data folder, or an empty database made for Sunshine')
    .option('--files <dir>', 'the team folder that keeps the stored files of the database in --to (every team member reaches it; laid out as a data folder, files in files/)')
    .option('--from-files <dir>', 'where the stored files of the database in --from are kept')
    .action(async (f: CopyFlags) => {
      const out = consoleOutput(Boolean(globals().json));
      try {
        // --files is also a global option (the team folder of --database); here it names the target's.
        const files = f.files ?? globals().files;
        const identities = await sourcePassphrases(f);
        const r = await copyWorkspace({ from: f.from, to: f.to, files, fromFiles: f.fromFiles }, { identities, onTable: (name, rows) => progressLine(`${name}: ${rows.toLocaleString('en-US')} rows`) });
        progressLine(null);
        if (out.json) {
          out.out(JSON.stringify({ tables: Object.fromEntries(r.tables.map((t) => [t.name, t.rows])), rows: r.rows, files: r.files, auditHead: r.auditHead, recordedAtSource: r.recordedAtSource, identities: r.identities }));
        } else {
          out.out(
            `Copied ${r.rows.toLocaleString('en-US')} rows in ${r.tables.length} tables and ${r.files.total.toLocaleString('en-US')} stored files (${r.files.copied.toLocaleString('en-US')} new, ${(r.files.bytes / 1048576).toFixed(1)} MB). Every table has as many rows as the source; the history ends at the same row (${r.auditHead?.seq ?? 0}) and records the copy.`,
          );
          const i = r.identities;
          if (i.resealed) out.out(`${i.resealed} sealed ${i.resealed === 1 ? 'source was' : 'sources were'} re-sealed for your own key (fingerprint ${i.fingerprint}): reveal them with your own passphrase; share them with colleagues once they are granted.`);
          else if (i.sealed) out.out(`${i.sealed} sealed ${i.sealed === 1 ? 'source stays' : 'sources stay'} sealed under the data folder's passphrase, which still reveals them in the team workspace; give the passphrase (SUNSHINE_PASSPHRASE or at the prompt) to re-seal them for your own key instead.`);
          if (!r.recordedAtSource) out.err('sunshine: the copy is done, but the source could not record it in its own history.');
        }
        setCode(EXIT.ok);
      } catch (e) {
        progressLine(null);
        if (e instanceof PromptError) return setCode(reportError(out, { code: 'BAD_INPUT', message: `${e.message.replace('saved', 'copied')}` }));
        if (e instanceof AppError) return setCode(reportError(out, e.toJSON()));
        throw e;
      }
    });
}
