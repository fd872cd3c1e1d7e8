/**
 * The `sunshine` command: the same core as the app, for scripting and batch work.
 * Global options: --data DIR (else $SUNSHINE_DATA, else the platform folder), --json.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { APP_VERSION, AppError, openCore, type Core } from '../core/index.ts';
import { openAsking, placeOf, type Globals } from './place.ts';
import { consoleOutput, EXIT, reportError, type Output } from './output.ts';
import { statusCommand } from './commands/status.ts';
import { verifyCommand } from './commands/verify.ts';
import { DEFAULT_RENDERER_DIR, webCommand, type WebOptions } from './commands/web.ts';
import { registerRequestCommands } from './commands/requests.ts';
import { registerDocumentCommands } from './commands/documents.ts';
import { registerReviewCommands } from './commands/review.ts';
import { registerRedactCommands } from './commands/redact.ts';
import { registerProductionCommands } from './commands/produce.ts';
import { registerDisclosureCommands } from './commands/disclosures.ts';
import { registerTeamDisclosureCommands } from './commands/team-disclosures.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerClosureCommands } from './commands/closures.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerWorkspaceCommands } from './commands/workspace.ts';
import { registerPiiCommands } from './commands/pii.ts';
import { registerTeamCommands } from './commands/team.ts';
import { registerKeyCommands } from './commands/keys.ts';


function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('give a port number from 0 to 65535 (0 picks a free one).');
  return n;
}

/** Run a command with an open core, closing it afterwards whatever happens. */
async function withCore(g: Globals, fn: (core: Core, o: Output) => Promise<number>): Promise<number> {
  const o = consoleOutput(Boolean(g.json));
  let core: Core;
  try {
    core = await openAsking(placeOf(g), async (place) => {
      const c = openCore(place);
      try {
        await c.ready;
        return c;
      } catch (e) {
        c.close();
        throw e;
      }
    });
  } catch (e) {
    if (e instanceof AppError) return reportError(o, e.toJSON());
    throw e;
  }
  // Ctrl+C on a long command (an import, say): close first, so no mark says the database is still open.
  const interrupted = () => {
    core.close();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await fn(core, o);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    core.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command()
    .name('sunshine')
    .description('Sunshine: records requests, whistleblower disclosures and document review, on this machine.')
    .version(APP_VERSION)
    .option('--data <dir>', 'data folder (default: $SUNSHINE_DATA, else the platform user-data folder)')
    .option('--database <address>', "a team workspace on PostgreSQL, postgres://user@host:port/name (default: $SUNSHINE_DATABASE); the password comes from PGPASSWORD or ~/.pgpass, never the address")
    .option('--files <dir>', "with --database: the team folder that keeps the workspace's stored files")
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .exitOverride();

  const globals = () => program.opts<Globals>();

  program
    .command('status')
    .description('show the data folder, schema version and counts')
    .action(async () => void (code = await withCore(globals(), statusCommand)));

  program
    .command('verify')
    .description('check the database, the audit chain and every stored file; exit 1 and name each problem found')
    .action(async () => void (code = await withCore(globals(), verifyCommand)));

  program
    .command('web')
    .description('serve the app to a browser on this machine (127.0.0.1 only, with a per-run token)')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--renderer <dir>', 'folder of the built UI', DEFAULT_RENDERER_DIR)
    .option('--import-from <dir>', 'a folder the page may import typed paths from (repeat for more; default: your home folder)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--start', 'open no workspace yet: the page shows the start screen (a folder on this computer, or a team workspace)')
    .action(async (opts: WebOptions) => void (code = await webCommand(globals(), opts)));

  const runner = async (fn: (core: Core, o: Output) => Promise<number>) => {
    code = await withCore(globals(), fn);
  };
  registerRequestCommands(program, runner);
  registerDocumentCommands(program, runner);
  registerPiiCommands(program, runner);
  registerReviewCommands(program, runner);
  registerRedactCommands(program, runner);
  registerProductionCommands(program, runner);
  registerDisclosureCommands(program, runner);
  registerTeamDisclosureCommands(program, runner);
  registerKeyCommands(program, runner);
  registerAuditCommands(program, runner);
  registerClosureCommands(program, runner);
  registerTeamCommands(program, runner);
  registerBackupCommands(program, runner, globals, (c) => (code = c));
  registerWorkspaceCommands(program, globals, (c) => (code = c));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors were already printed.
      return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    throw e;
  }
  return code;
}
