/**
 * `sunshine team grant-disclosure USER REF` and `sunshine team revoke-disclosure USER REF`: who
 * may see a need-to-know disclosure in a team workspace (an admin, or the disclosure's assignee).
 * Subcommands of `team` (cli/commands/team.ts), beside the members' commands.
 */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import type { AccessOut } from '../../core/api.ts';
import { EXIT, reportError, safeText, type Output } from '../output.ts';
import { teamGroup } from './team.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;


const granted = (access: AccessOut[]) => (access.length ? access.map((a) => safeText(a.displayName && a.displayName !== a.login ? `${a.displayName} (${a.login})` : a.login)).join(', ') : 'no one but the admins');

export function registerTeamDisclosureCommands(program: Command, run: Runner): void {
  const team = teamGroup(program);
  team
    .command('grant-disclosure')
    .description('let a member see a disclosure, its documents and its history (an admin or its assignee)')
    .argument('<user>', "the member's database login")
    .argument('<ref>', 'the disclosure (DIS-YYYY-NNNN)')
    .action((user: string, ref: string) =>
      run(async (core, out) => {
        const r = await core.invoke('disclosures.grant', { reference: ref, login: user });
        if (!r.ok) return reportError(out, r.error);
        out.out(out.json ? JSON.stringify(r.value) : `${safeText(user)} may now see ${safeText(ref.toUpperCase())}. Granted: ${granted(r.value.access)}.`);
        return EXIT.ok;
      }),
    );
  team
    .command('revoke-disclosure')
    .description("take a member's access to a disclosure away (an admin or its assignee)")
    .argument('<user>', "the member's database login")
    .argument('<ref>', 'the disclosure (DIS-YYYY-NNNN)')
    .action((user: string, ref: string) =>
      run(async (core, out) => {
        const r = await core.invoke('disclosures.revokeGrant', { reference: ref, login: user });
        if (!r.ok) return reportError(out, r.error);
        out.out(out.json ? JSON.stringify(r.value) : `${safeText(user)} no longer sees ${safeText(ref.toUpperCase())}. Granted: ${granted(r.value.access)}.`);
        return EXIT.ok;
      }),
    );
}
