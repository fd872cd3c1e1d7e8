/** `sunshine team`: who is a member of a team workspace, and with which role (core/shared/roles.ts). */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import { isRole, ROLES, withArticle } from '../../core/shared/roles.ts';
import { EXIT, reportError, type Output } from '../output.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

const DATA_FOLDER = 'This is a data folder: it has one person, who may do everything. Roles are for a team workspace on PostgreSQL (--database).';

function badRole(out: Output, role: string): number {
  out.err(`There is no role "${role}": give one of ${ROLES.join(', ')}.`);
  return EXIT.error;
}

/** The `team` command group: made by whichever of its registrations runs first, joined by the other. */
export function teamGroup(program: Command): Command {
  return program.commands.find((c) => c.name() === 'team') ?? program.command('team').description("a team workspace's people: who may read, code, log, manage people, and see which disclosure");
}

export function registerTeamCommands(program: Command, run: Runner): void {
  const team = teamGroup(program);
  team
    .command('users')
    .description('the members: login, display name, role, and who granted it when')
    .action(() =>
      run(async (core, out) => {
        const r = await core.invoke('team.users', {});
        if (!r.ok) return reportError(out, r.error);
        const { members, you } = r.value;
        if (out.json) {
          out.out(JSON.stringify({ members, you }));
          return EXIT.ok;
        }
        if (you === null) {
          out.out(DATA_FOLDER);
          return EXIT.ok;
        }
        const rows = [['LOGIN', 'DISPLAY NAME', 'ROLE', 'GRANTED BY', 'GRANTED AT'], ...members.map((m) => [m.login, m.displayName, m.role, m.grantedBy, m.grantedAt])];
        const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
        out.out(rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n'));
        return EXIT.ok;
      }),
    );
  team
    .command('grant')
    .description(`give a database login a role (${ROLES.join(', ')}), or change it; the login must exist on the server`)
    .argument('<user>', 'the database login')
    .argument('<role>', ROLES.join(' | '))
    .option('--name <display name>', 'how the history names them ("Ana Ruiz"); default: kept, or the login')
    .action((user: string, role: string, o: { name?: string }) =>
      run(async (core, out) => {
        if (!isRole(role)) return badRole(out, role);
        const r = await core.invoke('team.grant', { login: user, role, ...(o.name === undefined ? {} : { displayName: o.name }) });
        if (!r.ok) return reportError(out, r.error);
        if (out.json) out.out(JSON.stringify(r.value));
        else out.out(`${r.value.login} (${r.value.displayName}) is now ${withArticle(r.value.role)} in this workspace.`);
        return EXIT.ok;
      }),
    );
  team
    .command('revoke')
    .description('take a login\'s role away: it sees nothing of this workspace any more')
    .argument('<user>', 'the database login')
    .action((user: string) =>
      run(async (core, out) => {
        const r = await core.invoke('team.revoke', { login: user });
        if (!r.ok) return reportError(out, r.error);
        if (out.json) out.out(JSON.stringify(r.value));
        else out.out(`${r.value.login} is no longer a member of this workspace.`);
        return EXIT.ok;
      }),
    );
}
