import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';
import { atTerminal, onPath } from './terminal.ts';
import { cliWorkspace, runSunshine, SUNSHINE_BIN, sunshineArgv, sunshineEnv, sunshineShellCommand, type CliWorkspace } from './cli-workspace.ts';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'a quite different passphrase';
const NAME = 'Zelda Quorntree';
const CONTACT = 'zq-7781@protonmail.example';
const ADD = ['disclosures', 'add', '--received', '2026-11-20', '--channel', 'phone', '--summary', 'Sponsor vetting skipped'];

/** Without a terminal (runSunshine runs it in a session of its own). */
const sunshine = runSunshine;

const listed = (ws: CliWorkspace) => (JSON.parse(sunshine(ws, ['--json', 'disclosures', 'list']).out) as { disclosures: unknown[] }).disclosures;
const revealed = (ws: CliWorkspace, reference: string, passphrase = PASS) => {
  const r = sunshine(ws, ['--json', 'disclosures', 'show', reference, '--reveal', '--purpose', 'test'], { env: { SUNSHINE_PASSPHRASE: passphrase } });
  return r.code === 0 ? (JSON.parse(r.out) as { identity: Record<string, string> }).identity : r;
};
function sourceFile(identity: unknown, mode = 0o600): string {
  const file = path.join(tempDir(), 'source.json');
  fs.writeFileSync(file, typeof identity === 'string' ? identity : JSON.stringify(identity), { mode });
  fs.chmodSync(file, mode);
  return file;
}

describe("sunshine disclosures: the source's identity never on the command line", { timeout: 120_000 }, () => {
  it('takes it from a JSON file, warning when other users can read the file', async () => {
    const ws = await cliWorkspace();
    const file = sourceFile({ name: NAME, contact: CONTACT, relation: 'contractor', consent: 'anonymous', mayShare: 'nothing' }, 0o644);
    const r = sunshine(ws, [...ADD, '--source-from', file], { env: { SUNSHINE_PASSPHRASE: PASS } });
    expect(r).toMatchObject({ code: 0, out: 'Added DIS-2026-0001 (Source DIS-2026-0001).\n', err: expect.stringMatching(/can be read by other users of this computer \(mode 644\).*chmod 600/) });
    expect(r.err + r.out).not.toContain(NAME);
    expect(revealed(ws, 'DIS-2026-0001')).toEqual({ name: NAME, contact: CONTACT, relation: 'contractor', consent: 'anonymous', mayShare: 'nothing' });
  });

  it('takes it on standard input with "-"; the passphrase then cannot come from there too, and nothing is saved without it', async () => {
    const ws = await cliWorkspace();
    const json = JSON.stringify({ name: NAME, contact: CONTACT });
    const refused = sunshine(ws, [...ADD, '--source-from', '-'], { input: json });
    expect(refused).toMatchObject({ code: 2, err: expect.stringMatching(/came on standard input, so the passphrase cannot be typed there too; set SUNSHINE_PASSPHRASE or run this at a terminal/) });
    expect(listed(ws)).toEqual([]);
    expect(sunshine(ws, [...ADD, '--source-from', '-'], { input: json, env: { SUNSHINE_PASSPHRASE: PASS } })).toMatchObject({ code: 0, err: '' });
    expect(revealed(ws, 'DIS-2026-0001')).toMatchObject({ name: NAME, contact: CONTACT, relation: 'employee', consent: 'confidential' });
    // Correcting it later takes the same way in.
    const fixed = sunshine(ws, ['disclosures', 'update', 'DIS-2026-0001', '--source-from', '-', '--status', 'under-review'], { input: JSON.stringify({ name: NAME, consent: 'consented' }), env: { SUNSHINE_PASSPHRASE: PASS } });
    expect(fixed).toMatchObject({ code: 0, out: expect.stringMatching(/under-review/) });
    expect(revealed(ws, 'DIS-2026-0001')).toMatchObject({ name: NAME, contact: '', consent: 'consented' });
  });

  it('refuses it as arguments, saying why and what to do instead, with nothing saved', async () => {
    const ws = await cliWorkspace();
    for (const args of [
      ['--source-name', NAME],
      ['--source-contact', CONTACT],
      ['--consent', 'anonymous'],
      ['--relation', 'employee'],
      ['--may-share', 'all of it'],
    ]) {
      const r = sunshine(ws, [...ADD, ...args], { env: { SUNSHINE_PASSPHRASE: PASS } });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${args[0]}: the source's identity is not taken as arguments`);
      expect(r.err).toMatch(/every user of this computer can see a command's arguments \(ps, \/proc\) and the shell's history keeps them.*--source-from FILE.*--source-from -.*asked at the terminal without echo\. Nothing was saved/);
    }
    expect(listed(ws)).toEqual([]);
    expect(sunshine(ws, [...ADD]).code).toBe(0);
    const update = sunshine(ws, ['disclosures', 'update', 'DIS-2026-0001', '--source-name', NAME, '--status', 'closed'], { env: { SUNSHINE_PASSPHRASE: PASS } });
    expect(update).toMatchObject({ code: 2, err: expect.stringMatching(/--source-name: the source's identity is not taken as arguments/) });
    expect(listed(ws)).toEqual([expect.objectContaining({ status: 'intake', sourceOnFile: false })]);
    // The help no longer teaches them.
    const help = sunshine(ws, ['disclosures', 'add', '--help']).out;
    expect(help).toContain('--source-from');
    expect(help).not.toContain('--source-name');
  });

  it('refuses a file that is not a valid identity, clearly and without repeating what it holds', async () => {
    const ws = await cliWorkspace();
    const env = { SUNSHINE_PASSPHRASE: PASS };
    const cases: [string, RegExp][] = [
      [`{"name": "${NAME}",}`, /is not valid JSON; give one object such as \{"name"/],
      [`["${NAME}"]`, /holds no JSON object/],
      [JSON.stringify({ name: NAME, nmae: 'typo' }), /is a field not known here: nmae/],
      [JSON.stringify({ name: NAME, consent: 'maybe' }), /consent: should be one of: anonymous, confidential, consented/],
      [JSON.stringify({ contact: CONTACT }), /name: /],
      [JSON.stringify({ name: '   ', contact: CONTACT }), /name: give the source's name/],
    ];
    for (const [text, message] of cases) {
      const r = sunshine(ws, [...ADD, '--source-from', sourceFile(text)], { env });
      expect(r, text).toMatchObject({ code: 2, err: expect.stringMatching(message) });
      expect(r.err).not.toContain(NAME);
      expect(r.err).not.toContain(CONTACT);
    }
    expect(sunshine(ws, [...ADD, '--source-from', path.join(tempDir(), 'nowhere.json')], { env })).toMatchObject({ code: 2, err: expect.stringMatching(/there is no file/) });
    expect(listed(ws)).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('never puts the name on any command line of the run (checked in /proc throughout; Linux only)', async () => {
    const ws = await cliWorkspace();
    const child = spawn(process.execPath, sunshineArgv(ws, [...ADD, '--source-from', '-']), { env: sunshineEnv(ws, { SUNSHINE_PASSPHRASE: PASS }), stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let done = false;
    void exited.then(() => (done = true));
    child.stdin.end(JSON.stringify({ name: NAME, contact: CONTACT }));
    const seen: string[] = [];
    // Sample the command lines of the process and everything it starts, until it ends.
    while (!done) {
      seen.push(...commandLinesUnder(child.pid!));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(await exited).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((c) => c.includes(SUNSHINE_BIN))).toBe(true);
    // Nor the database password, on PostgreSQL.
    const secrets = [NAME, CONTACT, ...Object.values(ws.env)];
    expect(seen.filter((c) => secrets.some((s) => c.includes(s)))).toEqual([]);
    expect(revealed(ws, 'DIS-2026-0001')).toMatchObject({ name: NAME });
  });

  it.skipIf(!onPath('script'))('asks at a terminal without echo for each field, twice for a first passphrase; update --ask-source corrects it the same way (needs util-linux script for a terminal)', async () => {
    const ws = await cliWorkspace();
    const transcript = await atTerminal(sunshineShellCommand(ws, ADD), [
      [/Source's name \(Enter for none\): $/, NAME],
      [/Contact details \(Enter for none\): $/, CONTACT],
      [/Relation — employee, former-employee, applicant, contractor, other \(Enter for employee\): $/, 'boss'],
      [/That is not one of: .*\r?\nRelation — .*: $/, 'contractor'],
      [/Consent — anonymous, confidential, consented \(Enter for confidential\): $/, ''],
      [/may be shared \(Enter for nothing\): $/, 'the office only'],
      [/Choose the passphrase that seals sources \(at least 12 characters\): $/, PASS],
      [/Type it again: $/, PASS],
    ], sunshineEnv(ws));
    expect(transcript.code).toBe(0);
    expect(transcript.text).toContain('Added DIS-2026-0001');
    for (const typed of [NAME, CONTACT, PASS, 'boss', 'the office only']) expect(transcript.text).not.toContain(typed);
    expect(revealed(ws, 'DIS-2026-0001')).toEqual({ name: NAME, contact: CONTACT, relation: 'contractor', consent: 'confidential', mayShare: 'the office only' });

    // Correcting it: update --ask-source asks the same way; the passphrase, now set, once.
    const corrected = await atTerminal(sunshineShellCommand(ws, ['disclosures', 'update', 'DIS-2026-0001', '--ask-source']), [
      [/Source's name \(Enter for none\): $/, 'Osric Pell'],
      [/Contact details \(Enter for none\): $/, ''],
      [/Relation — .*: $/, ''],
      [/Consent — .*: $/, 'consented'],
      [/may be shared \(Enter for nothing\): $/, ''],
      [/Passphrase for protected sources: $/, PASS],
    ], sunshineEnv(ws));
    expect(corrected.code).toBe(0);
    expect(corrected.text).not.toContain('Osric');
    expect(revealed(ws, 'DIS-2026-0001')).toEqual({ name: 'Osric Pell', contact: '', relation: 'employee', consent: 'consented', mayShare: '' });
  });

  it.skipIf(!onPath('script'))('with the identity piped in, asks for the passphrase at the terminal itself (needs util-linux script for a terminal)', async () => {
    const ws = await cliWorkspace();
    const file = sourceFile({ name: NAME, contact: CONTACT });
    const command = `cat ${JSON.stringify(file)} | ${sunshineShellCommand(ws, [...ADD, '--source-from', '-'])}`;
    const transcript = await atTerminal(command, [
      [/Choose the passphrase that seals sources \(at least 12 characters\): $/, PASS],
      [/Type it again: $/, PASS],
    ], sunshineEnv(ws));
    expect(transcript).toMatchObject({ code: 0, text: expect.stringContaining('Added DIS-2026-0001') });
    expect(transcript.text).not.toContain(PASS);
    expect(revealed(ws, 'DIS-2026-0001')).toMatchObject({ name: NAME, contact: CONTACT });
  });

  it('without a terminal or --source-from, takes the disclosure without a source identity, as before', async () => {
    const ws = await cliWorkspace();
    expect(sunshine(ws, [...ADD])).toMatchObject({ code: 0, err: '' });
    expect(listed(ws)).toEqual([expect.objectContaining({ sourceOnFile: false })]);
  });
});

describe('sunshine disclosures passphrase', { timeout: 120_000 }, () => {
  it('changes it: every identity re-sealed, the old one refused afterwards; the new one must come from the environment or a terminal', async () => {
    const ws = await cliWorkspace();
    for (const name of [NAME, 'Osric Pell']) expect(sunshine(ws, [...ADD, '--source-from', sourceFile({ name })], { env: { SUNSHINE_PASSPHRASE: PASS } }).code).toBe(0);
    expect(sunshine(ws, ['disclosures', 'passphrase'], { env: { SUNSHINE_PASSPHRASE: PASS } })).toMatchObject({ code: 2, err: expect.stringMatching(/SUNSHINE_NEW_PASSPHRASE or run this on a terminal/) });
    expect(sunshine(ws, ['disclosures', 'passphrase'], { env: { SUNSHINE_PASSPHRASE: 'not it, not it at all', SUNSHINE_NEW_PASSPHRASE: NEW_PASS } })).toMatchObject({ code: 2, err: expect.stringMatching(/not the passphrase/) });
    expect(sunshine(ws, ['disclosures', 'passphrase'], { env: { SUNSHINE_PASSPHRASE: PASS, SUNSHINE_NEW_PASSPHRASE: NEW_PASS } })).toMatchObject({
      code: 0,
      out: 'Changed the passphrase: 2 sealed identities re-sealed with it. The old one no longer opens them.\n',
    });
    expect(revealed(ws, 'DIS-2026-0001')).toMatchObject({ code: 2, out: expect.stringMatching(/nothing was shown/) });
    expect(revealed(ws, 'DIS-2026-0002', NEW_PASS)).toMatchObject({ name: 'Osric Pell' });
  });
});

describe('sunshine disclosures passphrase at a terminal', { timeout: 120_000 }, () => {
  it.skipIf(!onPath('script'))('asks for the current one and the new one twice, without echo; two different typings change nothing (needs util-linux script for a terminal)', async () => {
    const ws = await cliWorkspace();
    expect(sunshine(ws, [...ADD, '--source-from', sourceFile({ name: NAME })], { env: { SUNSHINE_PASSPHRASE: PASS } }).code).toBe(0);
    const command = sunshineShellCommand(ws, ['disclosures', 'passphrase']);
    const mistyped = await atTerminal(command, [
      [/Current passphrase: $/, PASS],
      [/New passphrase \(at least 12 characters\): $/, NEW_PASS],
      [/Type it again: $/, `${NEW_PASS}!`],
    ], sunshineEnv(ws));
    expect(mistyped).toMatchObject({ code: 2, text: expect.stringMatching(/the two passphrases typed differ; nothing was saved/) });
    expect(revealed(ws, 'DIS-2026-0001')).toMatchObject({ name: NAME });
    const changed = await atTerminal(command, [
      [/Current passphrase: $/, PASS],
      [/New passphrase \(at least 12 characters\): $/, NEW_PASS],
      [/Type it again: $/, NEW_PASS],
    ], sunshineEnv(ws));
    expect(changed).toMatchObject({ code: 0, text: expect.stringContaining('Changed the passphrase: 1 sealed identity re-sealed') });
    for (const typed of [PASS, NEW_PASS]) expect(changed.text).not.toContain(typed);
    expect(revealed(ws, 'DIS-2026-0001', NEW_PASS)).toMatchObject({ name: NAME });
  });
});

/** The command lines of a process and its descendants (read from /proc). */
function commandLinesUnder(root: number): string[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const lines: string[] = [];
  for (const queue = [root]; queue.length; ) {
    const pid = queue.shift()!;
    try {
      lines.push(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // Gone meanwhile.
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return lines;
}

