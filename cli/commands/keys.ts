/** `sunshine keys create|change-passphrase|share`: your own key for protected sources in a team workspace. Passphrases never on the command line. */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import type { MyKeyOut } from '../../core/api.ts';
import { EXIT, reportError, type Output } from '../output.ts';
import { passphrase, PromptError } from '../prompt.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

const need = (env: string, what: string) =>
  ({ code: 'BAD_INPUT', message: `${what}: set ${env} or run this on a terminal to be asked for it. Nothing was changed.` }) as const;

async function guarded(out: Output, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof PromptError) return reportError(out, { code: 'BAD_INPUT', message: e.message });
    throw e;
  }
}

const describeKey = (k: MyKeyOut) => (k.hasKey ? `Your key's fingerprint: ${k.fingerprint}.${k.waiting ? ` ${k.waiting} colleague${k.waiting === 1 ? ' waits' : 's wait'} for a key you hold: run "sunshine keys share".` : ''}` : 'You have no key yet.');

export function registerKeyCommands(program: Command, run: Runner): void {
  const cmd = program.command('keys').description("your own key for protected sources in a team workspace: its private half sealed by your own passphrase, no passphrase shared around the office");
  cmd
    .command('show')
    .description('whether you have a key, its fingerprint, and how many colleagues wait for a key you hold')
    .action(() =>
      run(async (core, out) => {
        const r = await core.invoke('keys.mine', {});
        if (!r.ok) return reportError(out, r.error);
        out.out(out.json ? JSON.stringify(r.value, null, 2) : r.value.team ? describeKey(r.value) : 'A data folder seals sources with the office passphrase; keys of your own are for team workspaces.');
        return EXIT.ok;
      }),
    );
  cmd
    .command('create')
    .description('make your key pair (your passphrase from SUNSHINE_PASSPHRASE, or asked twice)')
    .action(() =>
      run((core, out) => guarded(out, async () => {
        const pass = await passphrase({ confirm: true, question: 'Choose the passphrase for your key (at least 12 characters): ' });
        if (pass === null) return reportError(out, need('SUNSHINE_PASSPHRASE', 'passphrase'));
        const r = await core.invoke('keys.create', { passphrase: pass });
        if (!r.ok) return reportError(out, r.error);
        out.out(out.json ? JSON.stringify(r.value, null, 2) : `Made your key. ${describeKey(r.value)} Sources granted to you are shared with you when a colleague who holds them next unlocks their key.`);
        return EXIT.ok;
      })),
    );
  cmd
    .command('change-passphrase')
    .description("change your key's passphrase (the current one from SUNSHINE_PASSPHRASE or asked; the new one from SUNSHINE_NEW_PASSPHRASE or asked twice)")
    .action(() =>
      run((core, out) => guarded(out, async () => {
        const current = await passphrase({ question: "Your key's current passphrase: " });
        if (current === null) return reportError(out, need('SUNSHINE_PASSPHRASE', 'passphrase'));
        const next = await passphrase({ env: 'SUNSHINE_NEW_PASSPHRASE', confirm: true, question: 'New passphrase (at least 12 characters): ' });
        if (next === null) return reportError(out, need('SUNSHINE_NEW_PASSPHRASE', 'new passphrase'));
        const r = await core.invoke('keys.changePassphrase', { passphrase: current, newPassphrase: next });
        if (!r.ok) return reportError(out, r.error);
        out.out(out.json ? JSON.stringify(r.value, null, 2) : "Changed your key's passphrase; the old one no longer opens it.");
        return EXIT.ok;
      })),
    );
  cmd
    .command('share')
    .description('share every key you hold with colleagues granted it and waiting (your passphrase from SUNSHINE_PASSPHRASE or asked)')
    .action(() =>
      run((core, out) => guarded(out, async () => {
        const pass = await passphrase({ question: "Your key's passphrase: " });
        if (pass === null) return reportError(out, need('SUNSHINE_PASSPHRASE', 'passphrase'));
        const r = await core.invoke('keys.share', { passphrase: pass });
        if (!r.ok) return reportError(out, r.error);
        const { shared, rotated } = r.value;
        out.out(
          out.json
            ? JSON.stringify(r.value, null, 2)
            : `Shared ${shared} key${shared === 1 ? '' : 's'} with colleagues who were waiting${rotated ? `; replaced ${rotated} key${rotated === 1 ? '' : 's'} someone revoked had held` : ''}.`,
        );
        return EXIT.ok;
      })),
    );
}
