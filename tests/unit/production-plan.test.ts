import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../core/index.ts';
import type { ProductionPlanOut } from '../../core/api-productions.ts';
import { fails, ok, query, teamLoginOf, tempDir, testCore } from './helpers.ts';
import { makeEml, makePdf, write } from './fixtures.ts';
import { blobPath } from '../../core/documents/vault.ts';
import { cliWorkspaceOf, runSunshine } from './cli-workspace.ts';

const PASS = 'correct horse battery staple';
const NAME = 'Zelda Quorntree';
const CONTACT = 'zq-7781@protonmail.example';

/**
 * A production with one of each problem: a document linked to the disclosure, one naming its
 * source in its text, an email from the source with an attachment nobody reviewed, a withheld
 * email whose privilege-log author is the source, one waiting for redaction, and one that is fine.
 */
async function corpus(): Promise<{ core: Core; ids: Record<string, number>; reference: string; out: string }> {
  const core = await testCore();
  const d = await ok(
    core.invoke('disclosures.create', {
      received: '2026-11-20',
      channel: 'secure-drop',
      summary: 'Placements at a vacant warehouse',
      identity: { name: NAME, contact: CONTACT, relation: 'employee', consent: 'confidential', mayShare: 'office only' },
      passphrase: PASS,
    }),
  );
  const src = tempDir('sunshine-src-');
  write(src, 'linked.txt', 'Quillfern quarterly placement figures.');
  write(src, 'named.txt', `Quillfern interview notes: ${NAME} described the warehouse.`);
  makeEml(path.join(src, 'tip.eml'), { subject: 'Quillfern tip', html: '<p>see attached</p>', from: CONTACT, attachment: { name: 'unrev.txt', text: 'Quillfern attachment' } });
  makeEml(path.join(src, 'advice.eml'), { subject: 'Quillfern counsel', html: '<p>legal advice</p>', from: CONTACT });
  write(src, 'needs.txt', 'Quillfern page needing a box.');
  write(src, 'plain.txt', 'Quillfern plain memo.');
  const r = await ok(core.invoke('documents.import', { paths: [src] }));
  const ids: Record<string, number> = {};
  for (const f of r.files.flatMap((f) => [f, ...(f.attachments ?? [])])) ids[path.basename(f.path.split(' › ').pop()!)] = f.documentId!;
  await ok(core.invoke('documents.link', { id: ids['linked.txt']!, disclosure: d.reference }));
  await ok(core.invoke('tags.create', { name: 'Quillfern out' }));
  const tagged = ['linked.txt', 'named.txt', 'tip.eml', 'advice.eml', 'needs.txt', 'plain.txt'].map((n) => ids[n]!);
  await ok(core.invoke('tags.apply', { tag: 'Quillfern out', ids: tagged }));
  await ok(core.invoke('review.set', { ids: [ids['advice.eml']!], status: 'privileged', privilege: 'attorney-client' }));
  await ok(core.invoke('review.set', { ids: [ids['needs.txt']!], status: 'needs-redaction' }));
  return { core, ids, reference: d.reference, out: path.join(tempDir('sunshine-out-'), 'vol1') };
}

const codes = (plan: ProductionPlanOut, id: number) => plan.documents.find((d) => d.id === id)!.problems.map((p) => p.code).sort();

describe('the production plan', () => {
  it('lists every blocking problem of every document at once, never a sealed identity, and writes nothing', async () => {
    const { core, ids, reference, out } = await corpus();
    const base = { tag: 'Quillfern out', prefix: 'QF-', start: 1, folder: out };

    // Without the passphrase the text cannot be checked against the source: that blocks the whole production.
    const locked = await ok(core.invoke('productions.plan', base));
    expect(locked.sourceCheck).toBe('needs-passphrase');
    expect(locked.blocked).toBe(true);
    expect(locked.problems).toEqual([expect.objectContaining({ code: 'sources-locked', message: 'The check against sealed sources could not run: give the passphrase.' })]);
    expect(codes(locked, ids['linked.txt']!)).toEqual(['source-linked']);
    expect(codes(locked, ids['unrev.txt']!)).toEqual(['family-unreviewed']);
    expect(codes(locked, ids['needs.txt']!)).toEqual(['needs-redaction']);
    expect(codes(locked, ids['plain.txt']!)).toEqual([]);
    expect(locked.documents.find((d) => d.id === ids['unrev.txt'])).toMatchObject({ familyOf: ids['tip.eml'], firstBates: expect.stringMatching(/^QF-\d{8}$/) });
    expect(locked.documents.find((d) => d.id === ids['plain.txt'])).toMatchObject({ familyOf: null, goes: ['image', 'text'] });
    expect(locked.documents.find((d) => d.id === ids['advice.eml'])).toMatchObject({ goes: ['withheld'], log: { author: CONTACT, to: expect.stringContaining('staff@house.example'), cc: expect.stringContaining('counsel@house.example'), kind: 'withheld', privilege: 'Attorney client', exemptions: '' } });

    const wrong = await ok(core.invoke('productions.plan', { ...base, passphrase: 'not the passphrase at all' }));
    expect(wrong.problems).toEqual([expect.objectContaining({ code: 'sources-locked', message: expect.stringMatching(/not the passphrase/) })]);

    // With it: where each document names the source, by the disclosure's reference — never the name or address itself.
    const plan = await ok(core.invoke('productions.plan', { ...base, passphrase: PASS }));
    expect(plan.sourceCheck).toBe('done');
    expect(plan.problems).toEqual([]);
    expect(codes(plan, ids['named.txt']!)).toEqual(['source-named']);
    expect(plan.documents.find((d) => d.id === ids['named.txt'])!.problems[0]!.message).toMatch(new RegExp(`names the source of ${reference} in page 1;`));
    expect(codes(plan, ids['tip.eml']!)).toEqual(['source-named']);
    expect(plan.documents.find((d) => d.id === ids['tip.eml'])!.problems[0]!.message).toMatch(/in the From field/);
    expect(codes(plan, ids['advice.eml']!)).toEqual(['log-names-source']);
    expect(codes(plan, ids['linked.txt']!)).toEqual(['source-linked']);
    expect(plan.blocked).toBe(true);
    const printed = JSON.stringify(plan.documents.map((d) => [d.problems, d.warnings]));
    expect(printed).not.toContain(NAME);
    expect(printed).not.toContain(CONTACT);

    expect(fs.existsSync(out)).toBe(false);
    expect((await ok(core.invoke('productions.list', {}))).productions).toEqual([]);
    // Each opening of the sources is on the record, refused or not; nothing found is.
    const opened = await query<{ after: unknown }>(core, "SELECT after FROM audit_log WHERE action = 'productions.sourceCheck' ORDER BY seq");
    expect(opened.map((r) => (typeof r.after === 'string' ? JSON.parse(r.after) : r.after))).toEqual([
      { outcome: 'refused: wrong passphrase', purpose: 'production plan', via: 'passphrase' },
      { outcome: 'checked, not shown', purpose: 'production plan', via: 'passphrase' },
    ]);
    // Producing is refused, naming every problem.
    const refused = await fails(core.invoke('productions.create', { ...base, passphrase: PASS }));
    expect(refused.message).toMatch(/^6 problems block this production; nothing was produced:/);
    expect(fs.existsSync(out)).toBe(false);
  }, 60_000);

  it('goes out once every blocking problem is fixed or has a reason, and records the reasons and the family choice', async () => {
    const { core, ids, out } = await corpus();
    const base = { tag: 'Quillfern out', prefix: 'QF-', start: 1, folder: out };
    const consent = "released with the source's written consent of 2026-11-02";
    const decisions = [
      { document: ids['linked.txt']!, problem: 'source-linked', reason: consent },
      { document: ids['named.txt']!, problem: 'source-named', reason: consent },
      { document: ids['tip.eml']!, problem: 'source-named', reason: consent },
    ];
    // A reason about a source needs the passphrase; a reason for a problem the plan does not have is refused.
    expect(await fails(core.invoke('productions.plan', { ...base, decisions }))).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/recorded only with the sources' passphrase/) });
    expect(await fails(core.invoke('productions.plan', { ...base, passphrase: PASS, decisions: [{ document: ids['plain.txt']!, problem: 'source-named', reason: 'x' }] }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(/plain\.txt has no problem "source-named" in this plan/),
    });
    // An override for a document with no privilege-log entry is refused too.
    expect(await fails(core.invoke('productions.plan', { ...base, passphrase: PASS, logEntries: [{ document: ids['plain.txt']!, author: 'x' }] }))).toMatchObject({ message: expect.stringMatching(/neither withheld nor redacted/) });

    await ok(core.invoke('review.set', { ids: [ids['needs.txt']!], status: 'responsive' }));
    const input = { ...base, passphrase: PASS, decisions, unreviewedFamily: 'slip-sheet' as const, logEntries: [{ document: ids['advice.eml']!, author: "Counsel's office", cc: 'Placement staff', description: 'Legal advice on placements' }] };
    const plan = await ok(core.invoke('productions.plan', input));
    expect(plan.blocked).toBe(false);
    expect(plan.documents.find((d) => d.id === ids['linked.txt'])!.problems).toEqual([expect.objectContaining({ code: 'source-linked', decision: consent })]);
    expect(plan.documents.find((d) => d.id === ids['advice.eml'])).toMatchObject({ problems: [], log: { author: "Counsel's office", cc: 'Placement staff', description: 'Legal advice on placements' } });
    expect(plan.documents.find((d) => d.id === ids['unrev.txt'])).toMatchObject({ goes: ['slip-sheet'], problems: [] });

    const report = await ok(core.invoke('productions.create', input));
    expect(report).toMatchObject({ documents: 7, notReviewed: 1, withheld: 1, produced: 5, unreviewedFamily: 'slip-sheet', addedByFamily: 1 });
    expect(report.decisions.map((x) => [x.document, x.problem])).toEqual(expect.arrayContaining(decisions.map((x) => [x.document, x.problem])));
    expect(report.decisions).toHaveLength(3);
    const [history] = await query<{ after: unknown }>(core, "SELECT after FROM audit_log WHERE action = 'productions.create'");
    const after = (typeof history!.after === 'string' ? JSON.parse(history!.after) : history!.after) as { unreviewedFamily: string; decisions: unknown[] };
    expect(after.unreviewedFamily).toBe('slip-sheet');
    expect(after.decisions).toEqual(expect.arrayContaining([[ids['linked.txt'], 'source-linked', consent]]));

    // The unreviewed attachment: a slip sheet, its Bates numbers in the DAT, nothing of its content.
    const unrev = plan.documents.find((d) => d.id === ids['unrev.txt'])!;
    const dat = fs.readFileSync(path.join(out, 'DATA', fs.readdirSync(path.join(out, 'DATA')).find((f) => f.endsWith('.dat'))!), 'utf8');
    const row = dat.split('\r\n').find((l) => l.startsWith(`\u00fe${unrev.firstBates}\u00fe`))!;
    expect(row).toBeDefined();
    expect(row).not.toMatch(/unrev\.txt|Quillfern/);
    expect(fs.readdirSync(path.join(out, 'TEXT'))).not.toContain(`${unrev.firstBates}.txt`);
    expect(fs.readdirSync(path.join(out, 'IMAGES', '001'))).toContain(`${unrev.firstBates}.pdf`);
    const log = fs.readFileSync(path.join(out, fs.readdirSync(out).find((f) => f.endsWith('privilege-log.csv'))!), 'utf8');
    expect(log.split('\r\n')[0]).toContain('Bates,Date,Author,To,Cc,Privilege,FOIA exemptions,Description,Withheld or redacted');
    expect(log).toContain("Counsel's office");
    expect(log).toContain('Placement staff');
    expect(log).not.toContain(CONTACT);
  }, 60_000);

  it('is checked again when producing: coding changed after the plan is caught, naming the document', async () => {
    const { core, ids, out } = await corpus();
    await ok(core.invoke('review.set', { ids: [ids['needs.txt']!], status: 'responsive' }));
    await ok(core.invoke('documents.unlink', { id: ids['linked.txt']!, disclosure: (await ok(core.invoke('documents.get', { id: ids['linked.txt']! }))).disclosures[0]! }));
    const input = { tag: 'Quillfern out', prefix: 'QR-', start: 1, folder: out, passphrase: PASS, unreviewedFamily: 'include' as const };
    const decisions = [
      { document: ids['named.txt']!, problem: 'source-named', reason: 'consent on file' },
      { document: ids['tip.eml']!, problem: 'source-named', reason: 'consent on file' },
      { document: ids['advice.eml']!, problem: 'log-names-source', reason: 'consent on file' },
    ];
    const plan = await ok(core.invoke('productions.plan', { ...input, decisions }));
    expect(plan.blocked).toBe(false);
    // "include": the unreviewed member goes whole, with a warning saying so.
    expect(plan.documents.find((d) => d.id === ids['unrev.txt'])!.warnings).toEqual([expect.objectContaining({ code: 'family-unreviewed' })]);

    await ok(core.invoke('review.set', { ids: [ids['plain.txt']!], exemptions: ['b6'] }));
    expect(await fails(core.invoke('productions.create', { ...input, decisions }))).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringMatching(new RegExp(`^#${ids['plain.txt']} plain\\.txt has FOIA exemptions but no redactions`)),
    });
    expect(fs.existsSync(out)).toBe(false);
    expect((await ok(core.invoke('productions.list', {}))).productions).toEqual([]);
  }, 60_000);

  it('lists problems it cannot decide away beside the others: a stored file gone, a box without a reason, a folder already in use', async () => {
    const core = await testCore();
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'gone.pdf'), ['Tarnwhistle page one']);
    await makePdf(path.join(src, 'boxed.pdf'), ['Tarnwhistle boxed page']);
    write(src, 'fine.txt', 'Tarnwhistle fine note');
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    const id = (n: string) => r.files.find((f) => f.path.endsWith(n))!.documentId!;
    await ok(core.invoke('tags.create', { name: 'Tarnwhistle' }));
    await ok(core.invoke('tags.apply', { tag: 'Tarnwhistle', ids: [id('gone.pdf'), id('boxed.pdf'), id('fine.txt')] }));
    await ok(core.invoke('redactions.add', { id: id('boxed.pdf'), page: 1, x: 0.1, y: 0.1, width: 0.2, height: 0.1, reason: 'b6' }));
    await query(core, "UPDATE redactions SET reason = ' ' WHERE document_id = ? RETURNING id", [id('boxed.pdf')]);
    fs.rmSync(blobPath(core.dataDir, (await ok(core.invoke('documents.get', { id: id('gone.pdf') }))).sha256));
    const folder = path.join(tempDir('sunshine-out-'), 'used');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'keep.txt'), 'mine');

    const plan = await ok(core.invoke('productions.plan', { tag: 'Tarnwhistle', prefix: 'TW-', start: 1, folder }));
    expect(plan.problems).toEqual([expect.objectContaining({ code: 'folder', decidable: false, message: 'folder: "used" already holds files; name a new or empty folder.' })]);
    expect(codes(plan, id('gone.pdf'))).toEqual(['file-missing']);
    expect(codes(plan, id('boxed.pdf'))).toEqual(['redaction-without-reason']);
    expect(codes(plan, id('fine.txt'))).toEqual([]);
    expect(await fails(core.invoke('productions.plan', { tag: 'Tarnwhistle', prefix: 'TW-', start: 1, folder, decisions: [{ document: id('gone.pdf'), problem: 'file-missing', reason: 'x' }] }))).toMatchObject({
      message: expect.stringMatching(/cannot be decided away; fix it/),
    });
    expect(await fails(core.invoke('productions.create', { tag: 'Tarnwhistle', prefix: 'TW-', start: 1, folder }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^3 problems block this production/) });
    expect(fs.readdirSync(folder)).toEqual(['keep.txt']);
  }, 60_000);

  it("is cleared when the source's name is redacted, on a page whose words' places are known", async () => {
    const { core } = await corpus();
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'scan.pdf'), [`Quillfern scan ${NAME} signed`]);
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    // Word boxes as OCR stores them (pixels of a 1000 × 1000 page): the name is the 2nd and 3rd word.
    const words = { w: 1000, h: 1000, words: [['Quillfern', 100, 100, 80, 20], ['scan', 190, 100, 40, 20], ['Zelda', 240, 100, 60, 20], ['Quorntree', 310, 100, 90, 20], ['signed', 410, 100, 60, 20]] };
    await query(core, 'UPDATE pages SET words = ? WHERE document_id = ? RETURNING document_id', [JSON.stringify(words), id]);
    await ok(core.invoke('tags.create', { name: 'Quillfern scan' }));
    await ok(core.invoke('tags.apply', { tag: 'Quillfern scan', ids: [id] }));
    const input = { tag: 'Quillfern scan', prefix: 'QS-', start: 1, folder: path.join(tempDir('sunshine-out-'), 'scan'), passphrase: PASS };
    const problems = async () => (await ok(core.invoke('productions.plan', input))).documents[0]!.problems.map((p) => p.message);

    expect(await problems()).toEqual([expect.stringMatching(/names the source of \S+ in page 1;/)]);
    // A box elsewhere on the page leaves the name readable.
    await ok(core.invoke('redactions.add', { id, page: 1, x: 0.5, y: 0.5, width: 0.1, height: 0.1, reason: 'b6' }));
    expect(await problems()).toEqual([expect.stringMatching(/in page 1 \(outside its redactions\);/)]);
    // A box over the name clears it.
    await ok(core.invoke('redactions.add', { id, page: 1, x: 0.23, y: 0.09, width: 0.18, height: 0.04, reason: 'b6' }));
    expect(await problems()).toEqual([]);
  }, 60_000);

  it('warns of personal data outside the boxes; with a second reviewer required, redacted documents wait for one who drew none of them; the redacted page is read back', async () => {
    const { core } = await corpus();
    const src = tempDir('sunshine-src-');
    await makePdf(path.join(src, 'intake.pdf'), ['Intake Quillfern SSN 123-45-6789\nCallback (202) 555-0147 weekdays']);
    const id = (await ok(core.invoke('documents.import', { paths: [src] }))).files[0]!.documentId!;
    await ok(core.invoke('tags.create', { name: 'Quillfern intake' }));
    await ok(core.invoke('tags.apply', { tag: 'Quillfern intake', ids: [id] }));
    const input = { tag: 'Quillfern intake', prefix: 'QI-', start: 1, folder: path.join(tempDir('sunshine-out-'), 'intake'), passphrase: PASS, secondReviewer: true };
    const plan = async () => (await ok(core.invoke('productions.plan', input))).documents[0]!;

    // Not scanned yet: the plan says so rather than reporting nothing.
    await query(core, 'DELETE FROM pii_scans RETURNING page_id');
    expect((await ok(core.invoke('productions.plan', input))).warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/The PII scan has not read 1 page of these documents yet/));
    await ok(core.invoke('pii.scan', {}));
    expect((await plan()).warnings.map((w) => w.message)).toEqual([expect.stringMatching(/holds personal data outside any redaction: Phone number \(page 1\), SSN \(page 1\)\./)]);

    // The first line boxed (baseline 740 pt up a 792 pt page, 12 pt type): its SSN is no longer reported.
    await ok(core.invoke('settings.update', { userName: 'Ana Drawer' }));
    // In a team workspace the drawer is the login, whatever name was typed.
    const drawer = teamLoginOf(core) ?? 'Ana Drawer';
    await ok(core.invoke('redactions.add', { id, page: 1, x: 40 / 612, y: (792 - 740 - 12) / 792, width: 520 / 612, height: 18 / 792, reason: 'b6' }));
    const boxed = await plan();
    expect(boxed.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/outside any redaction: Phone number \(page 1\)\./)]);
    expect(boxed.problems).toEqual([expect.objectContaining({ code: 'redactions-unapproved', decidable: false, message: expect.stringContaining(`not been approved by a second reviewer (drawn by ${drawer})`) })]);
    expect(await fails(core.invoke('productions.create', input))).toMatchObject({ message: expect.stringMatching(/second reviewer/) });

    // A second reviewer in a team workspace is a second login (tests/unit/team-*.test.ts): one core here is one person.
    if (teamLoginOf(core) !== null) return;
    await ok(core.invoke('settings.update', { userName: 'Ben Second' }));
    await ok(core.invoke('redactions.approve', { id }));
    expect((await plan()).problems).toEqual([]);
    const made = await ok(core.invoke('productions.create', input));
    expect(made).toMatchObject({ produced: 1, secondReviewer: true, redactedPagesReadBack: 1 });
    const history = await query<{ after: string }>(core, "SELECT after FROM audit_log WHERE action = 'productions.create' ORDER BY seq DESC LIMIT 1");
    expect(JSON.parse(history[0]!.after)).toMatchObject({ secondReviewer: true, redactedPagesReadBack: 1, approvals: [[id, 'Ben Second']] });
    const text = fs.readFileSync(path.join(input.folder, 'TEXT', 'QI-00000001.txt'), 'utf8');
    expect(text).toBe('[REDACTED (b)(6)]\nCallback (202) 555-0147 weekdays');
  }, 120_000);

  it('stops family members coded not responsive as it stops unreviewed ones', async () => {
    const { core, ids, out } = await corpus();
    await ok(core.invoke('review.set', { ids: [ids['unrev.txt']!], status: 'non-responsive' }));
    const plan = await ok(core.invoke('productions.plan', { tag: 'Quillfern out', prefix: 'QN-', start: 1, folder: out }));
    expect(plan.documents.find((d) => d.id === ids['unrev.txt'])!.problems).toEqual([expect.objectContaining({ code: 'family-unreviewed', message: expect.stringMatching(/is coded not responsive/) })]);
    await ok(core.invoke('review.set', { ids: [ids['unrev.txt']!], status: 'responsive' }));
    expect(codes(await ok(core.invoke('productions.plan', { tag: 'Quillfern out', prefix: 'QN-', start: 1, folder: out })), ids['unrev.txt']!)).toEqual([]);
  }, 60_000);

  it('on the command line: --plan --json prints the plan and exits 1 while anything blocks, 0 once reasons are given in --decisions; then it produces', async () => {
    const { core, ids, out } = await corpus();
    const ws = cliWorkspaceOf(core);
    const args = ['produce', '--tag', 'Quillfern out', '--prefix', 'QC-', '--start', '1', '--out', out];
    // No passphrase and no terminal to ask at: the plan says the source check could not run.
    const locked = runSunshine(ws, ['--json', ...args, '--plan']);
    expect(locked.code).toBe(1);
    expect(JSON.parse(locked.out)).toMatchObject({ blocked: true, sourceCheck: 'needs-passphrase' });
    // As a person reads it: each blocking problem on its own line, the source never named.
    const read = runSunshine(ws, [...args, '--plan']);
    expect(read.code).toBe(1);
    expect(read.out).toContain(`BLOCKS [source-linked] #${ids['linked.txt']} linked.txt is linked to disclosure`);
    expect(read.out).toContain('BLOCKS [sources-locked] The check against sealed sources could not run: give the passphrase.');
    expect(read.out).not.toContain(NAME);
    expect(fs.existsSync(out)).toBe(false);

    await ok(core.invoke('review.set', { ids: [ids['needs.txt']!], status: 'responsive' }));
    const file = path.join(tempDir('sunshine-decisions-'), 'decisions.json');
    const reason = "released with the source's written consent of 2026-11-02";
    const problems: [string, string][] = [['linked.txt', 'source-linked'], ['named.txt', 'source-named'], ['tip.eml', 'source-named'], ['advice.eml', 'log-names-source']];
    fs.writeFileSync(file, JSON.stringify(problems.map(([n, problem]) => ({ document: ids[n], problem, reason }))));
    const env = { SUNSHINE_PASSPHRASE: PASS };
    const blocked = runSunshine(ws, ['--json', ...args, '--plan'], { env });
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.out)).toMatchObject({ blocked: true, sourceCheck: 'done' });
    const decided = [...args, '--unreviewed-family', 'slip-sheet', '--decisions', file];
    const clear = runSunshine(ws, ['--json', ...decided, '--plan'], { env });
    expect(clear).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(clear.out)).toMatchObject({ blocked: false, unreviewedFamily: 'slip-sheet' });
    expect(fs.existsSync(out)).toBe(false);

    const made = runSunshine(ws, ['--json', ...decided], { env });
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ notReviewed: 1, decisions: expect.arrayContaining([{ document: ids['linked.txt'], problem: 'source-linked', reason }]) });
    expect(fs.existsSync(path.join(out, 'DATA'))).toBe(true);

    fs.writeFileSync(file, '{ not json');
    const bad = runSunshine(ws, [...args, '--plan', '--decisions', file], { env });
    expect(bad).toMatchObject({ code: 2, err: expect.stringMatching(/^sunshine: --decisions: decisions\.json is not JSON/) });
  }, 120_000);
});
