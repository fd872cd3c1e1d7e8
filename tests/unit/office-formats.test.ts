import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../core/documents/extract/extract.ts';
import { rtfText, MAX_RTF_DEPTH } from '../../core/documents/extract/rtf.ts';
import { pptSlides } from '../../core/documents/extract/ppt.ts';
import { DEFAULT_LIMITS, type ExtractLimits } from '../../core/documents/extract/types.ts';
import type { SniffType } from '../../core/documents/sniff.ts';
import type { DocumentImportReport } from '../../core/api.ts';
import { ok, tempDir, testCore } from './helpers.ts';
import { makeOle, makePpt, makePptx, makeWordDoc, pptRecord, pptStream } from './office-fixtures.ts';

/** Files LibreOffice wrote (see tests/fixtures/office/README.md). */
const real = (name: string) => path.join(import.meta.dirname, '../fixtures/office', name);
const read = (file: string, type: SniffType, limits: ExtractLimits = DEFAULT_LIMITS) => extract({ file, type, limits });
const rtf = (s: string, maxChars = 1_000_000) => rtfText(Buffer.from(s, 'latin1'), maxChars);

describe('OLE files told apart by their streams', () => {
  it('reads an OLE file with a WordDocument stream as a .doc, never as an Outlook message', async () => {
    const file = path.join(tempDir(), 'memo.bin');
    makeWordDoc(file, 'Memorandum on sponsor vetting');
    const r = await read(file, 'ole');
    expect(r.kind).toEqual({ type: 'doc', mime: 'application/msword' });
    expect(r.pages.join('\n')).toContain('Memorandum on sponsor vetting');
    expect(r.ocrPages).toEqual([]);
    expect(r.notRead).toBeUndefined();
  });

  it('reads an OLE file with a PowerPoint Document stream as a .ppt', async () => {
    const file = path.join(tempDir(), 'brief.bin');
    makePpt(file, [['Quarterly briefing']]);
    const r = await read(file, 'ole');
    expect(r.kind).toEqual({ type: 'ppt', mime: 'application/vnd.ms-powerpoint' });
    expect(r.pages).toEqual(['Quarterly briefing']);
  });

  it('stores an OLE file of no known kind as not read: not a message, no OCR promised', async () => {
    const file = path.join(tempDir(), 'thing.bin');
    makeOle(file, { Contents: Buffer.from('drawing data'), CompObj: Buffer.alloc(40) });
    const r = await read(file, 'ole');
    expect(r.kind?.type).toBe('other');
    expect(r.notRead).toMatch(/OLE compound file of a kind Sunshine does not read/);
    expect(r.ocrPages).toEqual([]);
    expect(r.meta).toEqual({});
  });

  it('gives a damaged OLE file a clear error', async () => {
    const file = path.join(tempDir(), 'damaged.doc');
    const good = path.join(tempDir(), 'good.doc');
    makeWordDoc(good, 'Whatever it said');
    // The header survives; the sectors it points to are cut away.
    fs.writeFileSync(file, fs.readFileSync(good).subarray(0, 600));
    await expect(read(file, 'ole')).rejects.toThrow(/the Office file is damaged \(its OLE structure cannot be read/);
  });
});

describe('Word 97–2003 (.doc)', () => {
  it('reads the body, then the footnotes under a heading, and the title and date from the summary', async () => {
    const file = path.join(tempDir(), 'letter.doc');
    makeWordDoc(file, 'Dear Director,\nWe ask for the placement records of Camp Quillfeather.', {
      footnotes: 'See the letter of March 2021.',
      title: 'Placement records request',
      created: new Date('2021-03-04T15:30:00Z'),
    });
    const r = await read(file, 'doc');
    expect(r.pages).toHaveLength(1);
    expect(r.pages[0]).toBe('Dear Director,\nWe ask for the placement records of Camp Quillfeather.\n\nFootnotes:\nSee the letter of March 2021.');
    expect(r.meta).toEqual({ title: 'Placement records request', created: '2021-03-04T15:30:00.000Z' });
  });

  it('splits a long document into pages', async () => {
    const file = path.join(tempDir(), 'long.doc');
    makeWordDoc(file, Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of the inspection report, with findings.`).join('\n'));
    const r = await read(file, 'doc');
    expect(r.pages.length).toBeGreaterThan(3);
    expect(r.pages.join('\n')).toContain('Paragraph 399 of the inspection report');
  });

  it('names the Word document as damaged when its WordDocument stream is no Word text', async () => {
    const file = path.join(tempDir(), 'fake.doc');
    makeOle(file, { WordDocument: Buffer.alloc(1024), '1Table': Buffer.alloc(16) });
    await expect(read(file, 'ole')).rejects.toThrow(/^the Word 97–2003 document is damaged \(/);
  });
});

describe('RTF', () => {
  it('reads text, paragraphs, tabs and escapes; skips fonts, colours, pictures, fields and {\\*} groups', () => {
    const r = rtf(
      String.raw`{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}` +
        String.raw`{\*\generator Riched20;}{\stylesheet{\s1 heading 1;}}\pard\f0\fs24 Dear Director,\par ` +
        String.raw`Item\tab Count\line Shelters\tab 12\par ` +
        String.raw`{\pict\pngblip 89504e470d0a1a0a}{\field{\*\fldinst HYPERLINK "http://x.example"}{\fldrslt the link}}\par ` +
        String.raw`Braces \{ and \} and a backslash \\ stay.}`,
    );
    expect(r.text).toBe('Dear Director,\nItem\tCount\nShelters\t12\nthe link\nBraces { and } and a backslash \\ stay.');
  });

  it("reads \\'hh in Windows-1252, with 0x80–0x9F as curly quotes, dashes and the euro", () => {
    expect(rtf(String.raw`{\rtf1\ansi\ansicpg1252 \'93Sponsor\'94 \'96 \'80 5 \'e9t\'e9}`).text).toBe('\u201cSponsor\u201d \u2013 \u20ac 5 été');
  });

  it("reads \\'hh in the document's own code page (Cyrillic, 1251)", () => {
    expect(rtf(String.raw`{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\'e2\'e5\'f2}`).text).toBe('Привет');
  });

  it('reads \\uN and skips its \\ucN fallback characters; negative N and surrogate pairs too', () => {
    expect(rtf(String.raw`{\rtf1\ansi\uc1 Stra\u223?e, \uc2\u8364\'80\'80 10, \uc1\u-10179?\u-8704?}`).text).toBe('Straße, € 10, 😀');
  });

  it('puts footnotes after the body, whether written {\\footnote} or {\\*\\footnote}', () => {
    const r = rtf(String.raw`{\rtf1\ansi Records of Marrowgate\chftn{\*\footnote \pard\chftn  See the 2021 letter.} are asked for.{\footnote Second note.}\par}`);
    expect(r.text).toBe('Records of Marrowgate are asked for.\n\nFootnotes:\nSee the 2021 letter.\nSecond note.');
  });

  it('takes the title and creation time from \\info and leaves the rest of \\info out', () => {
    const r = rtf(String.raw`{\rtf1\ansi{\info{\title Site visit notes}{\author J. Doe}{\creatim\yr2022\mo7\dy19\hr14\min5}}Body text.}`);
    expect(r).toMatchObject({ text: 'Body text.', meta: { title: 'Site visit notes', created: '2022-07-19T14:05:00.000Z' } });
  });

  it('skips \\binN data by its length, even when it holds braces', () => {
    expect(rtf(`{\\rtf1 before {\\*\\objdata \\bin6 }}{{{x}after}`).text).toBe('before after');
    expect(rtf(`{\\rtf1 one \\bin4 }}}}two}`).text).toBe('one two');
  });

  it('refuses groups nested past the limit with a clear error', () => {
    const deep = `{\\rtf1 ${'{'.repeat(MAX_RTF_DEPTH + 1)}x${'}'.repeat(MAX_RTF_DEPTH + 1)}}`;
    expect(() => rtf(deep)).toThrow(`the RTF document nests groups more than ${MAX_RTF_DEPTH} deep`);
  });

  it('keeps text up to the character limit, and says so', async () => {
    const file = path.join(tempDir(), 'big.rtf');
    fs.writeFileSync(file, `{\\rtf1\\ansi ${'word '.repeat(10_000)}}`);
    const r = await read(file, 'rtf', { ...DEFAULT_LIMITS, maxChars: 1000 });
    expect(r.pages.join('').length).toBeLessThanOrEqual(1000);
    expect(r.notes).toEqual(['only the first 1,000 characters of text were kept']);
  });

  it('names a file that is no RTF as a damaged RTF document', async () => {
    const file = path.join(tempDir(), 'not.rtf');
    fs.writeFileSync(file, 'plain words');
    await expect(read(file, 'rtf')).rejects.toThrow('the RTF document is damaged (it does not begin with {\\rtf)');
  });
});

describe('PowerPoint (.pptx)', () => {
  it('reads one page per slide in show order, each with its speaker notes', async () => {
    const file = path.join(tempDir(), 'deck.pptx');
    await makePptx(
      file,
      [
        { text: ['Intake numbers', 'March: 410\tApril: 388'], notes: 'Say the April dip is seasonal.' },
        { text: ['Agenda', 'Sponsors & vetting'] },
        { text: ['Next steps'], notes: 'Ask for the <draft> report.' },
      ],
      { order: [1, 0, 2], created: '2023-02-01T09:00:00Z' },
    );
    const r = await read(file, 'pptx');
    expect(r.pages).toEqual([
      'Agenda\nSponsors & vetting',
      'Intake numbers\nMarch: 410\tApril: 388\n\nNotes:\nSay the April dip is seasonal.',
      'Next steps\n\nNotes:\nAsk for the <draft> report.',
    ]);
    expect(r.ocrPages).toEqual([]);
    expect(r.meta.created).toBe('2023-02-01T09:00:00.000Z');
  });

  it('refuses a slide whose XML declares entities (billion laughs)', async () => {
    const file = path.join(tempDir(), 'laughs.pptx');
    await makePptx(file, [{ text: ['lol'] }], { doctype: true });
    await expect(read(file, 'pptx')).rejects.toThrow(/^the \.pptx file declares XML entities in ppt\/slides\/slide1\.xml/);
  });

  it('names a .pptx without its presentation part as damaged, and a truncated one by its kind', async () => {
    const dir = tempDir();
    const JSZip = (await import('jszip')).default;
    const zip = new JSZip();
    zip.file('ppt/slides/slide1.xml', '<p:sld/>');
    fs.writeFileSync(path.join(dir, 'hollow.pptx'), await zip.generateAsync({ type: 'nodebuffer' }));
    await expect(read(path.join(dir, 'hollow.pptx'), 'pptx')).rejects.toThrow('the PowerPoint presentation is damaged (it has no ppt/presentation.xml)');
    await makePptx(path.join(dir, 'whole.pptx'), [{ text: ['x'] }]);
    fs.writeFileSync(path.join(dir, 'cut.pptx'), fs.readFileSync(path.join(dir, 'whole.pptx')).subarray(0, 300));
    await expect(read(path.join(dir, 'cut.pptx'), 'pptx')).rejects.toThrow(/^the \.pptx file is damaged/);
  });
});

describe('PowerPoint 97–2003 (.ppt)', () => {
  it('reads one page per slide from the slide list, not the masters, with the text boxes and speaker notes of each slide; the title and date from the summary', async () => {
    const file = path.join(tempDir(), 'old.ppt');
    makePpt(file, [['Shelter capacity', 'Beds: 1,200\nOccupied: 97%'], ['Questions']], {
      title: 'Capacity briefing',
      created: new Date('2019-05-06T12:00:00Z'),
      boxes: [['Source: ORR weekly report'], ['Call Ms. Vantreece', 'Room 2157']],
      notes: [undefined, 'Thank the Palewick staff.'],
    });
    const r = await read(file, 'ppt');
    expect(r.pages).toEqual(['Shelter capacity\nBeds: 1,200\nOccupied: 97%\nSource: ORR weekly report', 'Questions\nCall Ms. Vantreece\nRoom 2157\n\nNotes:\nThank the Palewick staff.']);
    expect(r.meta).toEqual({ title: 'Capacity briefing', created: '2019-05-06T12:00:00.000Z' });
  });

  it('names a record that runs past its container as damage, and refuses records nested without end', () => {
    const stream = pptStream([['Slide text']]);
    stream.writeUInt32LE(stream.readUInt32LE(4) + 10_000, 4); // the document container claims more than there is
    expect(() => pptSlides(stream, 1000)).toThrow(/^the PowerPoint 97–2003 presentation is damaged \(a record at byte 0 runs past the end/);
    let nested = pptRecord(0x0fa0, Buffer.from('x', 'utf16le'));
    for (let i = 0; i < 100; i++) nested = pptRecord(0x03e8, nested, { container: true });
    expect(() => pptSlides(nested, 1000)).toThrow(/its records nest more than 64 deep/);
  });
});

describe('importing old and other Office files', () => {
  const byName = (r: DocumentImportReport, name: string) => r.files.find((f) => path.basename(f.path) === name)!;

  it('reads .doc, .rtf, .pptx and .ppt through the whole import; a renamed text file is text; a strange OLE file is stored; a damaged one fails alone', async () => {
    const src = tempDir('sunshine-office-');
    makeWordDoc(path.join(src, 'letter.doc'), 'Records of the Marrowgate shelter', { created: new Date('2020-10-01T08:00:00Z') });
    fs.writeFileSync(path.join(src, 'notes.rtf'), String.raw`{\rtf1\ansi{\fonttbl{\f0 Arial;}}Visit to the Quenbrook facility\par}`);
    await makePptx(path.join(src, 'deck.pptx'), [{ text: ['Intake'], notes: 'Mention Brackenholt' }, { text: ['Staffing of Tillerwick'] }]);
    makePpt(path.join(src, 'old.ppt'), [['Cover'], ['Budget of Hollowmere'], ['End']]);
    fs.writeFileSync(path.join(src, 'renamed.doc'), 'Just words about Fernwhistle, saved as text.\n');
    makeOle(path.join(src, 'drawing.doc'), { Contents: Buffer.from('vector data') });
    fs.writeFileSync(path.join(src, 'damaged.doc'), fs.readFileSync(path.join(src, 'old.ppt')).subarray(0, 600));

    const core = await testCore();
    const r = await ok(core.invoke('documents.import', { paths: [src] }));
    expect(byName(r, 'letter.doc')).toMatchObject({ status: 'added', type: 'doc', pages: 1 });
    expect(byName(r, 'notes.rtf')).toMatchObject({ status: 'added', type: 'rtf', pages: 1 });
    expect(byName(r, 'deck.pptx')).toMatchObject({ status: 'added', type: 'pptx', pages: 2 });
    expect(byName(r, 'old.ppt')).toMatchObject({ status: 'added', type: 'ppt', pages: 3 });
    expect(byName(r, 'renamed.doc')).toMatchObject({ status: 'added', type: 'text' });
    expect(byName(r, 'drawing.doc')).toMatchObject({ status: 'added', type: 'other', notRead: expect.stringMatching(/OLE compound file/) });
    expect(byName(r, 'drawing.doc').ocrPages ?? 0).toBe(0);
    expect(byName(r, 'damaged.doc')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the Office file is damaged/) });
    expect(r).toMatchObject({ added: 6, failed: 1 });

    const found = async (word: string) => (await ok(core.invoke('documents.search', { query: word }))).hits.map((h) => [h.name, h.type, h.page]);
    expect(await found('Marrowgate')).toEqual([['letter.doc', 'doc', 1]]);
    expect(await found('Quenbrook')).toEqual([['notes.rtf', 'rtf', 1]]);
    expect(await found('Brackenholt')).toEqual([['deck.pptx', 'pptx', 1]]);
    expect(await found('Tillerwick')).toEqual([['deck.pptx', 'pptx', 2]]);
    expect(await found('Hollowmere')).toEqual([['old.ppt', 'ppt', 2]]);
    expect(await found('Fernwhistle')).toEqual([['renamed.doc', 'text', 1]]);
    const letter = await ok(core.invoke('documents.get', { id: byName(r, 'letter.doc').documentId! }));
    expect(letter).toMatchObject({ type: 'doc', date: '2020-10-01T08:00:00.000Z' });
    await core.close();
  });
});

describe('real files, as LibreOffice writes them', () => {
  const LETTER = 'Dear Director, the records of the Marrowgate shelter are requested. \u201cQuoted\u201d \u20ac 10.\nSecond paragraph with Tillerwick.';

  it('reads a Word 97 .doc: body as typed, footnote, header, title', async () => {
    const r = await read(real('letter.doc'), 'ole');
    expect(r.kind?.type).toBe('doc');
    expect(r.pages).toEqual([`${LETTER}\n\nFootnotes:\nFootnote about Hollowmere.\n\nHeaders:\nHeader of Quillfeather`]);
    expect(r.meta.title).toBe('Placement memo');
  });

  it('reads its RTF: header, body, footnote ({\\*\\footnote}), title', async () => {
    const r = await read(real('letter.rtf'), 'rtf');
    expect(r.pages).toEqual([`Header of Quillfeather\n${LETTER}\n\nFootnotes:\nFootnote about Hollowmere.`]);
    expect(r.meta.title).toBe('Placement memo');
  });

  it('reads a PowerPoint 97 .ppt: placeholders, text boxes and speaker notes per slide, title and date', async () => {
    const r = await read(real('briefing.ppt'), 'ole');
    expect(r.kind?.type).toBe('ppt');
    expect(r.pages).toEqual(['Shelter capacity\nBeds at Marrowgate: 1,200\nOccupied: 97%\nSource: Quillfeather weekly\n\nNotes:\nSay Brackenholt is seasonal.', 'Questions about Tillerwick']);
    expect(r.meta).toEqual({ title: 'Capacity briefing', created: '2019-05-06T12:00:00.000Z' });
  });

  it('reads a .pptx: text per slide with its speaker notes, and the date', async () => {
    const r = await read(real('briefing.pptx'), 'pptx');
    expect(r.pages).toEqual(['Shelter capacity\nBeds at Marrowgate: 1,200\nOccupied: 97%\nSource: Quillfeather weekly\n\nNotes:\nSay Brackenholt is seasonal.', 'Questions about Tillerwick']);
    expect(r.meta.created).toBe('2019-05-06T12:00:00.000Z');
  });
});

describe('damaged old and other Office files', () => {
  /** A small deterministic generator, so a failure can be replayed. */
  const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  it('gives every damaged copy a clear error naming its kind, or reads it: never a crash', async () => {
    const dir = tempDir();
    const originals: [string, SniffType, RegExp][] = [
      [path.join(dir, 'a.doc'), 'ole', /^the (Word 97–2003 document|Office file) is damaged \(/],
      [path.join(dir, 'a.ppt'), 'ole', /^the (PowerPoint 97–2003 presentation|Office file) is damaged \(/],
      [path.join(dir, 'a.pptx'), 'pptx', /^the (PowerPoint presentation|\.pptx file) is damaged \(|^the \.pptx file would expand/],
      [path.join(dir, 'a.rtf'), 'rtf', /^the RTF document/],
    ];
    makeWordDoc(originals[0]![0], 'Body text of the damaged letter', { title: 'T', created: new Date('2020-01-01T00:00:00Z') });
    makePpt(originals[1]![0], [['One'], ['Two']], { title: 'T' });
    await makePptx(originals[2]![0], [{ text: ['One'], notes: 'n' }]);
    fs.writeFileSync(originals[3]![0], String.raw`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}{\info{\title T}{\creatim\yr2020\mo1\dy1}}\uc1 Body \u8364? \'93text\'94\par{\pict\bin4 {{{{}}`);
    const next = random(17);
    for (const [file, type, message] of originals) {
      const bytes = fs.readFileSync(file);
      for (let i = 0; i < 40; i++) {
        const copy = Buffer.from(bytes);
        // Some bytes overwritten at random, past the signature that sniffing already checked.
        for (let k = 0; k < 8; k++) copy[8 + Math.floor(next() * (copy.length - 8))] = Math.floor(next() * 256);
        const damaged = path.join(dir, `damaged-${i}${path.extname(file)}`);
        fs.writeFileSync(damaged, i % 5 === 4 ? copy.subarray(0, Math.floor(copy.length * next())) : copy);
        const outcome = await read(damaged, type).then(
          (r) => (Array.isArray(r.pages) ? 'read' : 'no pages'),
          (e: Error) => e.message,
        );
        if (outcome !== 'read') expect(outcome, `copy ${i} of ${path.basename(file)}`).toMatch(message);
      }
    }
  });
});
