/**
 * Old and other Office files built byte by byte for tests: OLE compound files with cfb itself,
 * the smallest Word 97 binary word-extractor reads (a FIB, the text, a piece table), PowerPoint 97
 * record streams, OLE summary property sets, and .pptx packages with slides out of name order.
 */
import fs from 'node:fs';
import CFB from 'cfb';
import JSZip from 'jszip';

/** An OLE compound file holding the given streams at its root. */
export function makeOle(file: string, streams: Record<string, Buffer>): void {
  const container = CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) CFB.utils.cfb_add(container, `/${name}`, data);
  fs.writeFileSync(file, Buffer.from(CFB.write(container, { type: 'buffer' }) as Uint8Array));
}

/** A SummaryInformation property set with a title (Windows-1252) and a creation time. */
export function summaryInformation(p: { title?: string; created?: Date }): Buffer {
  const props: [number, Buffer][] = [[1, typed(2, u16(1252))]];
  if (p.title !== undefined) {
    const bytes = Buffer.from(`${p.title}\0`, 'latin1');
    props.push([2, typed(0x1e, Buffer.concat([u32(bytes.length), pad4(bytes)]))]);
  }
  if (p.created) {
    const ft = Buffer.alloc(8);
    ft.writeBigUInt64LE(BigInt(p.created.getTime()) * 10_000n + 116_444_736_000_000_000n);
    props.push([12, typed(0x40, ft)]);
  }
  const head = 8 + props.length * 8;
  const index: Buffer[] = [];
  let offset = head;
  for (const [id, value] of props) {
    index.push(u32(id), u32(offset));
    offset += value.length;
  }
  const section = Buffer.concat([u32(offset), u32(props.length), ...index, ...props.map(([, v]) => v)]);
  const header = Buffer.concat([u16(0xfffe), u16(0), u32(0x00020006), Buffer.alloc(16), u32(1), Buffer.from('e0859ff2f94f6810ab9108002b27b3d9', 'hex'), u32(48)]);
  return Buffer.concat([header, section]);
}

const u16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
};
const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
};
const pad4 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
const typed = (vt: number, value: Buffer) => Buffer.concat([u32(vt), pad4(value)]);

/** Where the text starts in the WordDocument stream, past the FIB. */
const TEXT_AT = 0x400;

/**
 * The smallest Word 97 file word-extractor reads: a WordDocument stream with a FIB (magic,
 * the 1Table flag, the character counts of the body and footnotes, the place of the piece table)
 * and the text in UTF-16, and a 1Table stream holding one piece that spans it all.
 */
export function makeWordDoc(file: string, body: string, opts: { footnotes?: string; title?: string; created?: Date } = {}): void {
  const bodyText = `${body.replace(/\n/g, '\r')}\r`;
  const footText = opts.footnotes ? `${opts.footnotes}\r` : '';
  const all = bodyText + footText;
  const word = Buffer.alloc(TEXT_AT + all.length * 2);
  word.writeUInt16LE(0xa5ec, 0); // wIdent
  word.writeUInt16LE(0x00c1, 2); // nFib: Word 97
  word.writeUInt16LE(0x0200, 0x0a); // fWhichTblStm: the table is 1Table
  word.writeUInt32LE(TEXT_AT, 0x18); // fcMin
  word.writeUInt32LE(bodyText.length, 0x4c); // ccpText
  word.writeUInt32LE(footText.length, 0x50); // ccpFtn
  word.writeUInt32LE(0, 0x1a2); // fcClx: the piece table at the start of 1Table
  word.write(all, TEXT_AT, 'utf16le');
  // Clx: one Pcdt (0x02, its length, then a PlcPcd of two CPs and one 8-byte piece descriptor).
  const plcPcd = Buffer.concat([u32(0), u32(all.length), u16(0), u32(TEXT_AT), u16(0)]);
  const table = Buffer.concat([Buffer.from([0x02]), u32(plcPcd.length), plcPcd]);
  word.writeUInt32LE(table.length, 0x1a6); // lcbClx
  const streams: Record<string, Buffer> = { WordDocument: word, '1Table': table };
  if (opts.title !== undefined || opts.created) streams['\u0005SummaryInformation'] = summaryInformation(opts);
  makeOle(file, streams);
}

/** A PowerPoint record: 8-byte header, then the body (a container's body is its records). */
export function pptRecord(type: number, body: Buffer, opts: { container?: boolean; instance?: number } = {}): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(((opts.instance ?? 0) << 4) | (opts.container ? 0x0f : 0));
  head.writeUInt16LE(type, 2);
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

/**
 * A "PowerPoint Document" stream: a DocumentContainer whose slide list holds, per slide, a
 * SlidePersistAtom and its placeholders' texts (the first in UTF-16, the rest as single bytes, as
 * PowerPoint writes Latin text); then each slide's own container, whose drawing holds the text of
 * its text boxes (`boxes`), the notes pages (`notes`) named by each slide's SlideAtom, and the
 * persist directory that says where each slide and notes container is.
 */
export function pptStream(slides: string[][], boxes: string[][] = [], notes: (string | undefined)[] = []): Buffer {
  const persist = (id: number, pageId = 0) => {
    const body = Buffer.alloc(20);
    body.writeUInt32LE(id);
    body.writeUInt32LE(pageId, 12);
    return pptRecord(0x03f3, body);
  };
  const NOTES_PERSIST = 1001;
  const NOTES_ID = 5000;
  const atoms = slides.flatMap((texts, n) => [
    persist(n + 1),
    ...texts.flatMap((t, i) => [
      pptRecord(0x0f9f, u32(i === 0 ? 0 : 1)), // TextHeaderAtom: title, then body
      i === 0 ? pptRecord(0x0fa0, Buffer.from(t.replace(/\n/g, '\r'), 'utf16le')) : pptRecord(0x0fa8, Buffer.from(t.replace(/\n/g, '\r'), 'latin1')),
    ]),
  ]);
  const masters = pptRecord(0x0ff0, Buffer.concat([persist(100), pptRecord(0x0fa8, Buffer.from('Click to edit Master title style', 'latin1'))]), { container: true, instance: 1 });
  const list = pptRecord(0x0ff0, Buffer.concat(atoms), { container: true, instance: 0 });
  const notesList = pptRecord(0x0ff0, Buffer.concat(slides.map((_, n) => persist(NOTES_PERSIST + n, NOTES_ID + n))), { container: true, instance: 2 });
  const document = pptRecord(0x03e8, Buffer.concat([pptRecord(0x03e9, Buffer.alloc(40)), masters, list, notesList]), { container: true });
  // Slide (or Notes) → PPDrawing → OfficeArtDgContainer → shape → client textbox → the text.
  const drawing = (texts: string[]) =>
    pptRecord(
      0x040c,
      pptRecord(0xf002, Buffer.concat(texts.map((t) => pptRecord(0xf004, pptRecord(0xf00d, Buffer.concat([pptRecord(0x0f9f, u32(4)), pptRecord(0x0fa8, Buffer.from(t, 'latin1'))]), { container: true }), { container: true }))), { container: true }),
      { container: true },
    );
  const slideContainers = slides.map((_, n) => {
    const slideAtom = Buffer.alloc(24);
    if (notes[n] !== undefined) slideAtom.writeUInt32LE(NOTES_ID + n, 16); // notesIdRef
    return pptRecord(0x03ee, Buffer.concat([pptRecord(0x03ef, slideAtom), drawing(boxes[n] ?? [])]), { container: true });
  });
  const notesContainers = slides.map((_, n) => pptRecord(0x03f0, Buffer.concat([pptRecord(0x03f1, Buffer.alloc(8)), drawing(notes[n] === undefined ? [] : [notes[n]!])]), { container: true }));
  const offsetsOf = (containers: Buffer[], from: number) => containers.map((_, i) => from + containers.slice(0, i).reduce((sum, c) => sum + c.length, 0));
  const slideOffsets = offsetsOf(slideContainers, document.length);
  const notesOffsets = offsetsOf(notesContainers, document.length + slideContainers.reduce((sum, c) => sum + c.length, 0));
  const directory = pptRecord(
    0x1772,
    Buffer.concat([u32((slides.length << 20) | 1), ...slideOffsets.map(u32), u32((slides.length << 20) | NOTES_PERSIST), ...notesOffsets.map(u32)]),
  );
  return Buffer.concat([document, ...slideContainers, ...notesContainers, directory]);
}

export function makePpt(file: string, slides: string[][], opts: { title?: string; created?: Date; boxes?: string[][]; notes?: (string | undefined)[] } = {}): void {
  const streams: Record<string, Buffer> = { 'PowerPoint Document': pptStream(slides, opts.boxes, opts.notes), 'Current User': Buffer.alloc(20) };
  if (opts.title !== undefined || opts.created) streams['\u0005SummaryInformation'] = summaryInformation(opts);
  makeOle(file, streams);
}

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NS = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const shape = (paragraphs: string[], placeholder?: string) =>
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>${placeholder ? `<p:ph type="${placeholder}"/>` : ''}</p:nvPr></p:nvSpPr><p:txBody>${paragraphs
    .map((p) => `<a:p>${p.split('\t').map((run) => `<a:r><a:t>${xmlText(run)}</a:t></a:r>`).join('<a:tab/>')}</a:p>`)
    .join('')}</p:txBody></p:sp>`;

/**
 * A .pptx whose slides are shown in `order` (indexes into `slides`): part slideN.xml holds
 * slides[N-1], so a reader that goes by part names gets the order wrong. `doctype` puts an entity
 * declaration into the first slide.
 */
export async function makePptx(file: string, slides: { text: string[]; notes?: string }[], opts: { order?: number[]; created?: string; doctype?: boolean } = {}): Promise<void> {
  const zip = new JSZip();
  const order = opts.order ?? slides.map((_, i) => i);
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('ppt/presentation.xml', `<?xml version="1.0"?><p:presentation ${NS}><p:sldIdLst>${order.map((n, i) => `<p:sldId id="${256 + i}" r:id="rId${n + 10}"/>`).join('')}</p:sldIdLst></p:presentation>`);
  zip.file('ppt/_rels/presentation.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides
    .map((_, n) => `<Relationship Id="rId${n + 10}" Type="${REL}/slide" Target="slides/slide${n + 1}.xml"/>`)
    .join('')}<Relationship Id="rId1" Type="${REL}/slideMaster" Target="slideMasters/slideMaster1.xml"/></Relationships>`);
  slides.forEach((s, n) => {
    const doctype = opts.doctype && n === 0 ? '<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>' : '';
    zip.file(`ppt/slides/slide${n + 1}.xml`, `<?xml version="1.0"?>${doctype}<p:sld ${NS}><p:cSld><p:spTree>${shape(s.text.slice(0, 1), 'title')}${shape(s.text.slice(1))}</p:spTree></p:cSld></p:sld>`);
    if (s.notes === undefined) return;
    zip.file(`ppt/slides/_rels/slide${n + 1}.xml.rels`, `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${REL}/notesSlide" Target="../notesSlides/notesSlide${n + 1}.xml"/></Relationships>`);
    zip.file(
      `ppt/notesSlides/notesSlide${n + 1}.xml`,
      `<?xml version="1.0"?><p:notes ${NS}><p:cSld><p:spTree>${shape([''], 'sldImg')}${shape(s.notes.split('\n'), 'body')}<p:sp><p:nvSpPr><p:cNvPr id="4" name="n"/><p:cNvSpPr/><p:nvPr><p:ph type="sldNum"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:fld type="slidenum"><a:t>${n + 1}</a:t></a:fld></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>`,
    );
  });
  if (opts.created) zip.file('docProps/core.xml', `<?xml version="1.0"?><cp:coreProperties xmlns:cp="x" xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>${opts.created}</dcterms:created></cp:coreProperties>`);
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
