/**
 * `sunshine disclosures add|list|show|update|contact|refer|link|unlink|passphrase`.
 * The source's identity comes in only from a file, standard input or a prompt
 * without echo (never as arguments), and is printed only with `show --reveal`.
 */
import type { Command } from 'commander';
import type { Core } from '../../core/index.ts';
import type { DisclosureOut, IdentityOut } from '../../core/api.ts';
import { EXIT, reportError, safeText, type Output } from '../output.ts';
import { pick } from '../options.ts';
import { passphrase, PromptError, withHiddenPrompt } from '../prompt.ts';
import { addSourceOptions, askSourceIdentity, readSourceIdentity, refusedArguments, SourceError } from '../source-identity.ts';

type Runner = (fn: (core: Core, o: Output) => Promise<number>) => Promise<void>;

/** Problems with what was typed or given in a file end the command with a clear message; nothing is saved. */
async function guarded(out: Output, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SourceError || e instanceof PromptError) return reportError(out, { code: 'BAD_INPUT', message: e.message });
    throw e;
  }
}

interface SourceOptions {
  sourceFrom?: string;
}

/**
 * The source's identity: from --source-from, else asked at the terminal when
 * `ask` (add does; update only with --ask-source); null for none — also
 * when there is no terminal to ask at, as a script adding a disclosure without
 * a source expects.
 */
async function sourceIdentity(o: SourceOptions, out: Output, ask: boolean): Promise<IdentityOut | null> {
  if (o.sourceFrom !== undefined) return readSourceIdentity(o.sourceFrom, (t) => out.err(t));
  if (!ask) return null;
  const asked = await withHiddenPrompt(async (a) => ({ identity: await askSourceIdentity(a) }));
  return asked?.identity ?? null;
}

/**
 * The passphrase to seal an identity with. The first sealed source sets the
 * workspace's passphrase, so at a terminal it is then asked for twice.
 */
async function sealingPassphrase(core: Core, o: SourceOptions, out: Output): Promise<string | null> {
  const status = await core.invoke('identity.keychain', {});
  const firstOne = status.ok && !status.value.passphraseSet;
  const stdinTaken = o.sourceFrom === '-';
  const pass = await passphrase({ stdinTaken, confirm: firstOne, question: firstOne ? 'Choose the passphrase that seals sources (at least 12 characters): ' : undefined });
  if (pass === null) reportError(out, stdinTaken ? needPassphraseBesideStdin : needPassphrase);
  return pass;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function describe(d: DisclosureOut): string[] {
  return [
    `${d.reference}  received ${d.receivedOn} by ${d.channel}, ${d.status}${d.assignee ? `, ${d.assignee}` : ''}`,
    `Source: ${d.pseudonym}${d.sourceOnFile ? ' (identity sealed)' : ''}`,
    ...(d.agencies.length ? [`Agencies: ${d.agencies.map((a) => a.abbreviation).join(', ')}`] : []),
    ...(d.allegations.length ? [`Allegations: ${d.allegations.join(', ')}`] : []),
    ...(d.tags.length ? [`Tags: ${d.tags.join(', ')}`] : []),
    ...(d.retaliation ? [`Retaliation alleged${d.personnelAction ? `: ${d.personnelAction}` : ''}`] : []),
    ...(d.classified ? ['Involves classified material'] : []),
    `Summary: ${d.summary}`,
    ...d.requests.map((r) => `Request ${r.reference} (${r.agency}): ${r.subject}`),
    ...d.documents.map((x) => `Document #${x.id} ${x.name}`),
    ...d.contacts.map((c) => `${c.on}  ${c.kind}, ${c.direction === 'from-source' ? 'from the source' : 'to the source'}: ${c.summary} (${c.by})`),
    ...d.referrals.map(
      (r) =>
        `${r.on}  referred to ${r.recipient}${r.caseNumber ? `, case ${r.caseNumber}` : ''}${r.sharesIdentity ? `, identity shared${r.consentOnFile ? ' (consent on file)' : ''}` : ''}${r.warnings.length ? ` — went ahead past ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}` : ''} (#${r.id})`,
    ),
  ];
}

/** Print a disclosure the way `show` does, or as JSON. */
function printDisclosure(out: Output, d: DisclosureOut): number {
  if (out.json) out.out(JSON.stringify(d, null, 2));
  else for (const line of describe(d)) out.out(line);
  return EXIT.ok;
}

const needPassphrase = { code: 'BAD_INPUT', message: 'passphrase: set SUNSHINE_PASSPHRASE or run this on a terminal to be asked for it.' } as const;
const needPassphraseBesideStdin = {
  code: 'BAD_INPUT',
  message: 'passphrase: the identity came on standard input, so the passphrase cannot be typed there too; set SUNSHINE_PASSPHRASE or run this at a terminal (it is asked for there). Nothing was saved.',
} as const;

export function registerDisclosureCommands(program: Command, run: Runner): void {
  const cmd = program.command('disclosures').description('whistleblower disclosures (sources by pseudonym; identities sealed)');
  const add = cmd
    .command('add')
    .description("take in a disclosure; the source's identity (from --source-from, or asked at the terminal) is sealed with the passphrase (SUNSHINE_PASSPHRASE or a prompt)")
    .requiredOption('--received <date>', 'date received, YYYY-MM-DD')
    .requiredOption('--channel <channel>', 'email, phone, in-person, letter, secure-drop or referral')
    .requiredOption('--summary <text>', 'what it is about')
    .option('--agency <agency>', 'an agency concerned (repeat for more)', collect)
    .option('--allegation <category>', 'violation-of-law, gross-mismanagement, gross-waste, abuse-of-authority, danger-to-health-or-safety (repeat)', collect)
    .option('--tag <word>', 'a free tag such as "child welfare" (repeat)', collect)
    .option('--retaliation <action>', 'retaliation is alleged: the personnel action')
    .option('--classified', 'it involves classified material')
    .option('--assignee <name>', 'who handles it')
    .option('--pseudonym <name>', 'how the source is shown (default: "Source DIS-…")');
  addSourceOptions(add).action(
      (o: {
        received: string;
        channel: string;
        summary: string;
        agency?: string[];
        allegation?: string[];
        tag?: string[];
        retaliation?: string;
        classified?: boolean;
        assignee?: string;
        pseudonym?: string;
        sourceFrom?: string;
      }) =>
        run((core, out) => guarded(out, async () => {
          const refused = refusedArguments(o);
          if (refused) return reportError(out, { code: 'BAD_INPUT', message: refused });
          const identity = await sourceIdentity(o, out, true);
          const pass = identity ? await sealingPassphrase(core, o, out) : null;
          if (identity && pass === null) return EXIT.error;
          const input = {
            received: o.received,
            channel: o.channel,
            summary: o.summary,
            agencies: o.agency ?? [],
            allegations: o.allegation ?? [],
            tags: o.tag ?? [],
            retaliation: o.retaliation !== undefined,
            personnelAction: o.retaliation ?? '',
            classified: o.classified === true,
            ...pick(o, 'assignee', 'pseudonym'),
            ...(identity ? { identity, passphrase: pass! } : {}),
          };
          // Channels, categories and levels go as typed; the API checks them and names the ones it knows.
          const r = await core.invoke('disclosures.create', input as never);
          if (!r.ok) return reportError(out, r.error);
          out.out(out.json ? JSON.stringify(r.value, null, 2) : `Added ${r.value.reference} (${r.value.pseudonym}).`);
          return EXIT.ok;
        })),
    );
  cmd
    .command('list')
    .description('disclosures, newest first')
    .option('--status <status>', 'intake, under-review, referred, investigating or closed')
    .action((o: { status?: string }) =>
      run(async (core, out) => {
        const r = await core.invoke('disclosures.list', (o.status ? { status: o.status } : {}) as never);
        if (!r.ok) return reportError(out, r.error);
        if (out.json) out.out(JSON.stringify(r.value, null, 2));
        else if (r.value.disclosures.length === 0) out.out('No disclosures yet.');
        else for (const d of r.value.disclosures) out.out(`${d.reference}  ${d.receivedOn}  ${d.status.padEnd(13)} ${safeText(d.pseudonym)}: ${safeText(d.summary).slice(0, 80)}`);
        return EXIT.ok;
      }),
    );
  cmd
    .command('show')
    .description('one disclosure; --reveal also opens the sealed identity (asks for the passphrase; written to the history)')
    .argument('<reference>', 'e.g. DIS-2026-0007')
    .option('--reveal', "show the source's identity")
    .option('--purpose <text>', 'why it is being opened (needed with --reveal; kept in the history)')
    .action((reference: string, o: { reveal?: boolean; purpose?: string }) =>
      run(async (core, out) => {
        const r = await core.invoke('disclosures.get', { reference });
        if (!r.ok) return reportError(out, r.error);
        let identity = null;
        if (o.reveal) {
          // Asked before the passphrase: nobody should type it only to be refused.
          if (!o.purpose?.trim()) return reportError(out, { code: 'BAD_INPUT', message: '--purpose: say why the source is being opened (for example --purpose "referral to OSC with consent"); it is kept in the history.' });
          const pass = await passphrase();
          if (pass === null) return reportError(out, needPassphrase);
          const id = await core.invoke('disclosures.reveal', { reference, passphrase: pass, purpose: o.purpose });
          if (!id.ok) return reportError(out, id.error);
          identity = id.value;
        }
        if (out.json) out.out(JSON.stringify({ ...r.value, ...(identity ? { identity } : {}) }, null, 2));
        else {
          for (const line of describe(r.value)) out.out(line);
          if (identity) out.out(`Identity: ${identity.name}${identity.contact ? `, ${identity.contact}` : ''} — ${identity.relation}, consent: ${identity.consent}${identity.mayShare ? ` (may share: ${identity.mayShare})` : ''}`);
        }
        return EXIT.ok;
      }),
    );
  const update = cmd
    .command('update')
    .description("change a disclosure's fields or status, or correct the source's identity (--source-from, or --ask-source at the terminal)")
    .argument('<reference>', 'e.g. DIS-2026-0007')
    .option('--status <status>', 'intake, under-review, referred, investigating or closed')
    .option('--assignee <name>', 'who handles it')
    .option('--summary <text>', 'what it is about')
    .option('--pseudonym <name>', 'how the source is shown')
    .option('--agency <agency>', 'the agencies concerned, replacing the list (repeat)', collect)
    .option('--allegation <category>', 'the allegation categories, replacing the list (repeat)', collect)
    .option('--tag <word>', 'the free tags, replacing the list (repeat)', collect)
    .option('--ask-source', "ask for the source's identity at the terminal, without echo, and seal it in place of the one on file");
  addSourceOptions(update).action(
    (reference: string, o: { status?: string; assignee?: string; summary?: string; pseudonym?: string; agency?: string[]; allegation?: string[]; tag?: string[]; sourceFrom?: string; askSource?: boolean }) =>
      run((core, out) => guarded(out, async () => {
        const refused = refusedArguments(o);
        if (refused) return reportError(out, { code: 'BAD_INPUT', message: refused });
        if (o.askSource && o.sourceFrom !== undefined) return reportError(out, { code: 'BAD_INPUT', message: 'give --source-from or --ask-source, not both.' });
        const identity = await sourceIdentity(o, out, o.askSource === true);
        if (o.askSource && !identity) return reportError(out, { code: 'BAD_INPUT', message: "--ask-source: no name was given (or there is no terminal to ask at); the identity on file is unchanged." });
        const d = await core.invoke('disclosures.get', { reference });
        if (!d.ok) return reportError(out, d.error);
        // The identity first: a wrong passphrase then leaves the other fields unchanged too.
        if (identity) {
          const pass = await sealingPassphrase(core, o, out);
          if (pass === null) return EXIT.error;
          const s = await core.invoke('disclosures.setIdentity', { reference, identity, passphrase: pass });
          if (!s.ok) return reportError(out, s.error);
        }
        const patch = { ...pick(o, 'status', 'assignee', 'summary', 'pseudonym'), ...(o.agency ? { agencies: o.agency } : {}), ...(o.allegation ? { allegations: o.allegation } : {}), ...(o.tag ? { tags: o.tag } : {}) };
        const r = await core.invoke('disclosures.update', { reference, patch } as never);
        return r.ok ? printDisclosure(out, r.value) : reportError(out, r.error);
      })),
  );
  cmd
    .command('contact')
    .description("add a contact with the source to the disclosure's timeline (keep names out of the summary)")
    .argument('<reference>', 'e.g. DIS-2026-0007')
    .requiredOption('--on <date>', 'YYYY-MM-DD')
    .requiredOption('--kind <kind>', 'phone, email, meeting, letter, secure-message or other')
    .requiredOption('--summary <text>', 'what was said or done')
    .option('--to-source', 'the office reached out (default: the source did)')
    .action((reference: string, o: { on: string; kind: string; summary: string; toSource?: boolean }) =>
      run(async (core, out) => {
        const r = await core.invoke('disclosures.addContact', { reference, on: o.on, kind: o.kind, summary: o.summary, direction: o.toSource ? 'to-source' : 'from-source' } as never);
        return r.ok ? printDisclosure(out, r.value) : reportError(out, r.error);
      }),
    );
  cmd
    .command('refer')
    .description("refer a disclosure onward; sharing the source's identity is checked against their sealed consent")
    .argument('<reference>', 'e.g. DIS-2026-0007')
    .requiredOption('--to <recipient>', 'the office it goes to, e.g. "DHS OIG"')
    .option('--kind <kind>', 'inspector-general, osc, gao, committee, agency or other', 'inspector-general')
    .option('--on <date>', 'YYYY-MM-DD (default: today)')
    .option('--case <number>', "the recipient's case number")
    .option('--shares-identity', "the source's identity goes with it (asks for the passphrase to check consent)")
    .option('--consent-on-file', "the source's written consent to this sharing is on file")
    .option('--note <text>', 'what was sent')
    .option('--despite-warnings', 'save it even though it raises consent warnings')
    .action(
      (
        reference: string,
        o: { to: string; kind: string; on?: string; case?: string; sharesIdentity?: boolean; consentOnFile?: boolean; note?: string; despiteWarnings?: boolean },
      ) =>
        run(async (core, out) => {
          let pass: string | null = null;
          if (o.sharesIdentity) {
            pass = await passphrase();
            if (pass === null) return reportError(out, needPassphrase);
          }
          const r = await core.invoke('disclosures.refer', {
            reference,
            recipient: o.to,
            recipientKind: o.kind,
            on: o.on ?? new Date().toISOString().slice(0, 10),
            caseNumber: o.case ?? '',
            sharesIdentity: o.sharesIdentity === true,
            consentOnFile: o.consentOnFile === true,
            note: o.note ?? '',
            despiteWarnings: o.despiteWarnings === true,
            ...(pass === null ? {} : { passphrase: pass }),
          } as never);
          if (!r.ok) return reportError(out, r.error);
          if (out.json) out.out(JSON.stringify(r.value, null, 2));
          else {
            for (const w of r.value.warnings) out.err(`warning: ${w}`);
            out.out(r.value.referred ? `Referred ${r.value.disclosure.reference} to ${o.to}.` : 'Not referred: see the warnings above; add --despite-warnings to go ahead (they are kept with the referral).');
          }
          return r.value.referred ? EXIT.ok : EXIT.problems;
        }),
    );
  cmd
    .command('passphrase')
    .description('change the passphrase sources are sealed with: every identity re-sealed at once (the current one from SUNSHINE_PASSPHRASE or asked; the new one from SUNSHINE_NEW_PASSPHRASE or asked twice)')
    .action(() =>
      run((core, out) => guarded(out, async () => {
        const current = await passphrase({ question: 'Current passphrase: ' });
        if (current === null) return reportError(out, needPassphrase);
        const next = await passphrase({ env: 'SUNSHINE_NEW_PASSPHRASE', confirm: true, question: 'New passphrase (at least 12 characters): ' });
        if (next === null) return reportError(out, { code: 'BAD_INPUT', message: 'new passphrase: set SUNSHINE_NEW_PASSPHRASE or run this on a terminal to be asked for it (twice). Nothing was changed.' });
        const r = await core.invoke('identity.changePassphrase', { passphrase: current, newPassphrase: next });
        if (!r.ok) return reportError(out, r.error);
        const n = r.value.resealed;
        out.out(out.json ? JSON.stringify(r.value, null, 2) : `Changed the passphrase: ${n} sealed ${n === 1 ? 'identity' : 'identities'} re-sealed with it. The old one no longer opens them.`);
        return EXIT.ok;
      })),
    );
  for (const [name, call, text] of [
    ['link', 'disclosures.linkRequest', 'link a disclosure to a request it led to'],
    ['unlink', 'disclosures.unlinkRequest', 'unlink a disclosure from a request'],
  ] as const) {
    cmd
      .command(name)
      .description(text)
      .argument('<reference>', 'e.g. DIS-2026-0007')
      .requiredOption('--request <reference>', 'the request')
      .action((reference: string, o: { request: string }) =>
        run(async (core, out) => {
          const r = await core.invoke(call, { reference, request: o.request });
          return r.ok ? printDisclosure(out, r.value) : reportError(out, r.error);
        }),
      );
  }
}
