import { describe, expect, it } from 'vitest';
import { sourceMatcher, type SourceHit } from '../../core/disclosures/source-match.ts';
import type { IdentityOut } from '../../core/api-disclosures.ts';

const identity = (name: string, contact = ''): IdentityOut => ({ name, contact, relation: 'employee', consent: 'confidential', mayShare: '' });

/** What was found, as the words of the text each hit covers. */
function found(text: string, sources: { reference: string; identity: IdentityOut }[]): { reference: string; kind: SourceHit['kind']; text: string }[] {
  return sourceMatcher(sources)
    .find(text)
    .map((h) => ({ reference: h.reference, kind: h.kind, text: text.slice(h.start, h.end) }));
}

const maria = [{ reference: 'D-2026-0001', identity: identity('María José Ramírez-López', 'm.ramirez@agency.gov; cell (202) 555-0147; badge 4471-B') }];
const names = (text: string) => found(text, maria).map((h) => h.text);

/**
 * Are the hits exactly these texts, of this kind, for this source? A yes or no, so that a failing
 * assertion shows its label, never the identity text it found or expected.
 */
function hitsAre(text: string, sources: { reference: string; identity: IdentityOut }[], reference: string, expected: string[]): boolean {
  const hits = found(text, sources);
  return hits.length === expected.length && hits.every((h, i) => h.reference === reference && h.kind === 'name' && h.text === expected[i]);
}

describe('source matcher: names', () => {
  it('finds the full name whatever its case and accents', () => {
    expect(names('Met with MARIA JOSE RAMIREZ-LOPEZ today.')).toEqual(['MARIA JOSE RAMIREZ-LOPEZ']);
    expect(names('Met with maría josé ramírez-lópez.')).toEqual(['maría josé ramírez-lópez']);
    // Decomposed accents (NFD) as some PDFs carry them.
    expect(names('Met with Mari\u0301a Rami\u0301rez-Lo\u0301pez.'.normalize('NFD'))).toEqual(['Mari\u0301a Rami\u0301rez-Lo\u0301pez'.normalize('NFD')]);
  });

  it('finds "Last, First", "First M. Last" and initials with the last name', () => {
    expect(names('Per Ramirez-Lopez, Maria the file moved.')).toEqual(['Ramirez-Lopez, Maria']);
    expect(names('Signed: Maria J. Ramirez-Lopez')).toEqual(['Maria J. Ramirez-Lopez']);
    expect(names('cc: M. Ramirez-Lopez and others')).toEqual(['M. Ramirez-Lopez']);
    expect(names('cc: M Ramirez-Lopez')).toEqual(['M Ramirez-Lopez']);
    expect(names('cc: M. J. Ramirez-Lopez')).toEqual(['M. J. Ramirez-Lopez']);
    expect(names('Reviewer: Ramirez-Lopez, M.')).toEqual(['Ramirez-Lopez, M']);
  });

  it('takes compound names with a hyphen, a space or run together, and across line and hyphenation breaks', () => {
    expect(names('from Maria Ramirez Lopez')).toEqual(['Maria Ramirez Lopez']);
    expect(names('from Maria RamirezLopez')).toEqual(['Maria RamirezLopez']);
    expect(names('from Maria\nRamirez-\nLopez.')).toEqual(['Maria\nRamirez-\nLopez']);
    expect(names('from Maria Rami-\nrez-Lopez.')).toEqual(['Maria Rami-\nrez-Lopez']);
  });

  it('finds the possessive, and a compound last name on its own', () => {
    expect(names("Maria Ramirez-Lopez's complaint")).toEqual(['Maria Ramirez-Lopez']);
    expect(names("Ms. Ramirez-Lopez's complaint")).toEqual(['Ramirez-Lopez']);
    expect(hitsAre('the Ramirez-Lopez family; RAMIREZ LOPEZ; RamirezLopez', maria, 'D-2026-0001', ['Ramirez-Lopez', 'RAMIREZ LOPEZ', 'RamirezLopez']), 'compound, three spellings').toBe(true);
    const dana = [{ reference: 'D-9', identity: identity('Dana Okonkwo-Baptiste') }];
    expect(hitsAre('Okonkwo-Baptiste filed it.', dana, 'D-9', ['Okonkwo-Baptiste']), 'compound alone').toBe(true);
    const spaced = [{ reference: 'D-10', identity: identity('Ramírez López, María') }];
    expect(hitsAre('the Ramirez Lopez file', spaced, 'D-10', ['Ramirez Lopez']), 'compound on file with a space').toBe(true);
    // A particle or a one-letter part makes no compound: such a name alone needs a title.
    for (const [i, name] of ["Sean O'Brien", 'Maria de la Cruz', 'Omar Al-Sayed'].entries()) {
      const last = name.split(' ').slice(1).join(' ');
      const sources = [{ reference: 'D-11', identity: identity(name) }];
      expect(hitsAre(`the ${last} file`, sources, 'D-11', []), `not compound ${i}, alone`).toBe(true);
      expect(hitsAre(`Mr. ${last}`, sources, 'D-11', [`Mr. ${last}`]), `not compound ${i}, after a title`).toBe(true);
    }
  });

  it('never reports a first name alone, nor other people who share the last name only in part', () => {
    expect(names('Maria called; Lopez answered; Ramirez was out.')).toEqual([]);
  });

  it('a one-word name that is no everyday word is found as that whole word only', () => {
    const hits = found('Xiomarae wrote to Xiomara; XIOMARA replied.', [{ reference: 'D-4', identity: identity('Xiomara') }]);
    expect(hits.map((h) => h.text)).toEqual(['Xiomara', 'XIOMARA']);
  });

  it('a "Last, First" name on file is read that way round', () => {
    const sources = [{ reference: 'D-9', identity: identity('Okonkwo-Baptiste, Dana K.') }];
    expect(found('Memo from Dana K. Okonkwo-Baptiste.', sources)).toEqual([{ reference: 'D-9', kind: 'name', text: 'Dana K. Okonkwo-Baptiste' }]);
    // An initial is no everyday word: nothing to note.
    expect(sourceMatcher(sources).notes).toEqual([]);
  });
});

describe('source matcher: a plain last name alone', () => {
  const garcia = [{ reference: 'D-2026-0011', identity: identity('Maria Garcia') }];
  /** What was found, as [reference, kind, how many words]: a failure never prints the text it found. */
  const shape = (text: string) => found(text, garcia).map((h) => [h.reference, h.kind, h.text.split(/\s+/).length]);

  it('is no hit on its own', () => {
    expect(shape('Records on the Garcia family; GARCIA was released; Jose Garcia and Garcia, Jose too.')).toEqual([]);
    // Neither is a title separated from it by more than a dot and spaces, nor a title word that is part of another word.
    expect(shape('Report to the agent: Garcia was released. The deputy, Garcia said. Reprogarcia; Ms Garciaz.')).toEqual([]);
  });

  it('is a hit right after a title or role word, with or without the dot, in any case, across a line break', () => {
    const cases = [
      ["Ms. Garcia's complaint", 'Ms. Garcia'],
      ['per Agent Garcia', 'Agent Garcia'],
      ['per Special Agent Garcia', 'Special Agent Garcia'],
      ['MR GARCIA', 'MR GARCIA'],
      ['Dr.\nGarcia', 'Dr.\nGarcia'],
      ['Officer\r\nGarcia', 'Officer\r\nGarcia'],
      ['Rep. Garcia', 'Rep. Garcia'],
      ['Lt Garcia', 'Lt Garcia'],
      ['Sgt. Garcia', 'Sgt. Garcia'],
      ['Supervisor García', 'Supervisor García'],
      ['Inspector Gar-\ncia', 'Inspector Gar-\ncia'],
    ];
    cases.forEach(([text, hit], i) => expect(hitsAre(text!, garcia, 'D-2026-0011', [hit!]), `case ${i}`).toBe(true));
  });

  it('still finds the full name, "Last, First" and initials with the last name', () => {
    expect(shape('Maria Garcia wrote; Garcia, Maria signed; M. Garcia filed it; Ms. Maria Garcia called.')).toEqual([
      ['D-2026-0011', 'name', 2],
      ['D-2026-0011', 'name', 2],
      ['D-2026-0011', 'name', 2],
      ['D-2026-0011', 'name', 2],
    ]);
  });

  it('draws no note, and an everyday last name is found alone only after a personal title', () => {
    expect(sourceMatcher(garcia).notes).toEqual([]);
    const price = [{ reference: 'D-7', identity: identity('Rose Price') }];
    expect(hitsAre('Ms. Price wrote; Agent Price called; the price rose.', price, 'D-7', ['Ms. Price']), 'everyday last name after a personal title, not a role word').toBe(true);
    expect(hitsAre('DR. PRICE and Mrs\nPrice', price, 'D-7', ['DR. PRICE', 'Mrs\nPrice']), 'any case, across a line break').toBe(true);
  });
});

describe('source matcher: names made of everyday words', () => {
  const sources = [
    { reference: 'D-2026-0007', identity: identity('Rose Price') },
    { reference: 'D-2026-0008', identity: identity('Will') },
    { reference: 'D-2026-0009', identity: identity('Grant Ramsbottom') },
  ];

  it('never matches one of the words alone', () => {
    expect(found('The rose garden price list will be sent; the grant was approved.', sources)).toEqual([]);
    expect(found('Prices rose sharply. Rose, the price was right. The price rose by 5%.', sources)).toEqual([]);
  });

  it('finds the full name, "Last, First" and initial with last name', () => {
    const text = 'Rose Price wrote; later Price, Rose signed; R. Price filed it; Price, R. too.';
    expect(found(text, sources).map((h) => [h.reference, h.text])).toEqual([
      ['D-2026-0007', 'Rose Price'],
      ['D-2026-0007', 'Price, Rose'],
      ['D-2026-0007', 'R. Price'],
      ['D-2026-0007', 'Price, R'],
    ]);
  });

  it('finds an uncommon last name after a title even when the first name is an everyday word', () => {
    expect(hitsAre('Per Ms. Ramsbottom, the grant was late.', sources, 'D-2026-0009', ['Ms. Ramsbottom']), 'after a title').toBe(true);
    expect(hitsAre('Per Ramsbottom, the grant was late.', sources, 'D-2026-0009', []), 'alone').toBe(true);
  });

  it('says in its notes, by reference only, what is and is not looked for', () => {
    const { notes } = sourceMatcher(sources);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toMatch(/^D-2026-0007: .*everyday word.*only the full name, "Last, First", initials with the last name and the last name right after a personal title such as "Ms\." or "Dr\." are looked for, never one of its words alone/);
    expect(notes[1]).toMatch(/^D-2026-0008: .*single everyday word; it is not looked for in text/);
    expect(notes[2]).toMatch(/^D-2026-0009: .*never looked for alone; .*the last name right after a title or role word such as "Ms\." or "Agent" are\.$/);
    const compound = sourceMatcher([{ reference: 'D-2026-0010', identity: identity('Grant Okonkwo-Baptiste') }]).notes;
    expect(compound).toHaveLength(1);
    expect(compound[0]).toMatch(/^D-2026-0010: .*never looked for alone; .*and the last name on its own are\.$/);
  });
});

describe('source matcher: contact details', () => {
  it('finds the e-mail address whatever its case', () => {
    expect(found('From: M.Ramirez@Agency.GOV\nSent: Monday', maria)).toEqual([{ reference: 'D-2026-0001', kind: 'email', text: 'M.Ramirez@Agency.GOV' }]);
    expect(found('From: j.ramirez@agency.gov', maria)).toEqual([]);
  });

  it('finds the phone number in any format', () => {
    for (const phone of ['(202) 555-0147', '202-555-0147', '202.555.0147', '2025550147', '+1 202 555 0147', '1-202-555-0147', '+1 (202) 555-0147', '202 555\n0147']) {
      const hits = found(`Call ${phone} after five.`, maria);
      expect(hits.map((h) => h.kind), phone).toEqual(['phone']);
      expect(hits[0]!.text.endsWith('0147'), phone).toBe(true);
    }
    expect(found('Call 202-555-0148 or 555-0147.', maria)).toEqual([]);
  });

  it('finds other identifiers as whole tokens only', () => {
    expect(found('Badge 4471-B was used.', maria)).toEqual([{ reference: 'D-2026-0001', kind: 'identifier', text: '4471-B' }]);
    expect(found('Badge 4471B was used.', maria).map((h) => h.kind)).toEqual(['identifier']);
    expect(found('Part X-4471-B and 4471-BC and 14471-B.', maria)).toEqual([]);
  });

  it('leaves short bare numbers alone, and says so', () => {
    const m = sourceMatcher([{ reference: 'D-5', identity: identity('Tamsin Oyelaran-Quist', 'room 212, employee EMP-0042177') }]);
    expect(m.find('Room 212 is on floor 2.')).toEqual([]);
    expect(m.find('See EMP-0042177.').map((h) => h.kind)).toEqual(['identifier']);
    expect(m.notes).toEqual(['D-5: a number of fewer than 5 digits in the source\'s contact details is not looked for on its own (it would match ordinary numbers).']);
  });
});

describe('source matcher: many sources', () => {
  it('tells the sources apart in one pass', () => {
    const sources = [...maria, { reference: 'D-2026-0002', identity: identity('Tamsin Oyelaran-Quist', 't.quist@example.org') }];
    const text = 'T. Oyelaran-Quist forwarded M. Ramirez-Lopez\'s note to t.quist@example.org.';
    expect(found(text, sources).map((h) => [h.reference, h.kind, h.text])).toEqual([
      ['D-2026-0002', 'name', 'T. Oyelaran-Quist'],
      ['D-2026-0001', 'name', 'M. Ramirez-Lopez'],
      ['D-2026-0002', 'email', 't.quist@example.org'],
    ]);
  });

  it('never puts any part of a name or contact detail in its notes', () => {
    const sources = [
      { reference: 'D-1', identity: identity('Rose Price', 'rose.price@example.org, 202-555-0199, badge 77 and room 12') },
      { reference: 'D-2', identity: identity('Will', 'w@example.org 301 555 0100') },
      { reference: 'D-3', identity: identity('Price, Summer J.', 'ID 4471-B room 9') },
    ];
    // The name's words, and every contact token with a digit or an "@" in it.
    const secrets = sources.flatMap((s) => [
      ...(s.identity.name.toLowerCase().match(/[a-z]{3,}/g) ?? []),
      ...(s.identity.contact.toLowerCase().match(/[^\s,]+/g) ?? []).filter((t) => /[\d@]/.test(t)),
    ]);
    const notes = sourceMatcher(sources).notes.join('\n').toLowerCase();
    expect(notes.length).toBeGreaterThan(0);
    // Counted, never printed: a failure here must not show the identities in the test output.
    const inNotes = secrets.filter((s) => new RegExp(`(^|[^a-z0-9])${s.replace(/[.]/g, '\\.')}([^a-z0-9]|$)`).test(notes));
    expect(inNotes.length, 'parts of an identity appear in the notes').toBe(0);
  });
});
