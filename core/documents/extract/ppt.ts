/**
 * PowerPoint 97–2003 (.ppt), read in the file reader's helper by walking the records of its
 * "PowerPoint Document" stream (MS-PPT): every record starts with an 8-byte header (version and
 * instance, type, length); containers hold records. The slides' text sits in the
 * SlideListWithText container of the slides (instance 0), where a SlidePersistAtom opens each
 * slide and text atoms follow it; text boxes that are no placeholders keep their text in the
 * slide's own container, found through the persist directory. One page per slide, in the slide
 * list's order (the show order). Every length is checked against its container before anything
 * is read.
 */
import { openOle, oleStream } from './ole.ts';
import { oleSummary } from './ole-properties.ts';
import { windows1252 } from '../../received/load-files/decode.ts';
import { FileProblem, charLimitNote, type ExtractLimits, type Extracted } from './types.ts';

const WHAT = 'the PowerPoint 97–2003 presentation';
const damaged = (why: string) => new FileProblem(`${WHAT} is damaged (${why})`);

const SLIDE_LIST_WITH_TEXT = 0x0ff0;
const SLIDE = 0x03ee;
const PERSIST_DIRECTORY_ATOM = 0x1772;
const SLIDE_PERSIST_ATOM = 0x03f3;
const TEXT_CHARS_ATOM = 0x0fa0;
const TEXT_BYTES_ATOM = 0x0fa8;
const CSTRING = 0x0fba;
/** Containers nest a few levels in real files; deeper is a damaged or hostile file. */
const MAX_DEPTH = 64;
/** Instance 0 of SlideListWithText lists the slides (1 the masters, 2 the notes pages). */
const SLIDES = 0;
const NOTES_PAGES = 2;
const SLIDE_ATOM = 0x03ef;
const NOTES = 0x03f0;

interface Rec {
  type: number;
  instance: number;
  container: boolean;
  /** Where the record's body starts and ends in the stream. */
  start: number;
  end: number;
}

/** The records inside [start, end), each checked to fit. */
function* records(buf: Buffer, start: number, end: number): Generator<Rec> {
  let p = start;
  while (p + 8 <= end) {
    const verInst = buf.readUInt16LE(p);
    const len = buf.readUInt32LE(p + 4);
    const body = p + 8;
    if (body + len > end) throw damaged(`a record at byte ${p} runs past the end of its container`);
    yield { type: buf.readUInt16LE(p + 2), instance: verInst >> 4, container: (verInst & 0x0f) === 0x0f, start: body, end: body + len };
    p = body + len;
  }
}

/** The lists of slides and of notes pages, wherever in the record tree they are. */
function slideLists(buf: Buffer, start: number, end: number, depth: number, found: Rec[]): void {
  if (depth > MAX_DEPTH) throw damaged(`its records nest more than ${MAX_DEPTH} deep`);
  for (const r of records(buf, start, end)) {
    if (r.type === SLIDE_LIST_WITH_TEXT && (r.instance === SLIDES || r.instance === NOTES_PAGES)) found.push(r);
    else if (r.container) slideLists(buf, r.start, r.end, depth + 1, found);
  }
}

const atomText = (buf: Buffer, r: Rec): string | undefined => {
  const bytes = buf.subarray(r.start, r.end);
  if (r.type === TEXT_CHARS_ATOM || r.type === CSTRING) return bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le');
  if (r.type === TEXT_BYTES_ATOM) return windows1252(bytes);
  return undefined;
};

/**
 * Where each persist object (a slide, by the id its SlidePersistAtom names) starts in the stream:
 * the PersistDirectoryAtoms among the top-level records, a later one (a later save) overriding.
 */
function persistDirectory(buf: Buffer): Map<number, number> {
  const dir = new Map<number, number>();
  for (const r of records(buf, 0, buf.length)) {
    if (r.type !== PERSIST_DIRECTORY_ATOM) continue;
    for (let p = r.start; p + 4 <= r.end; ) {
      const head = buf.readUInt32LE(p);
      p += 4;
      // 20 bits of first id, 12 bits of how many consecutive ids follow with their offsets.
      const first = head & 0xfffff;
      for (let k = 0; k < head >>> 20 && p + 4 <= r.end; k++, p += 4) dir.set(first + k, buf.readUInt32LE(p));
    }
  }
  return dir;
}

/** The Slide or Notes container a persist offset points to; nothing when it points to anything else. */
function persistObject(buf: Buffer, offset: number | undefined, type: number): Rec | undefined {
  if (offset === undefined || offset + 8 > buf.length || buf.readUInt16LE(offset + 2) !== type) return undefined;
  return records(buf, offset, Math.min(buf.length, offset + 8 + buf.readUInt32LE(offset + 4))).next().value ?? undefined;
}

/**
 * The text atoms anywhere in a Slide or Notes container (in its drawing's text boxes).
 * Placeholders of a slide keep their text in the slide list and only a reference here, so
 * nothing is taken twice.
 */
function textAtoms(buf: Buffer, container: Rec | undefined): Rec[] {
  const found: Rec[] = [];
  const walk = (start: number, end: number, depth: number) => {
    if (depth > MAX_DEPTH) throw damaged(`its records nest more than ${MAX_DEPTH} deep`);
    for (const r of records(buf, start, end)) {
      if (r.type === TEXT_CHARS_ATOM || r.type === TEXT_BYTES_ATOM) found.push(r);
      else if (r.container) walk(r.start, r.end, depth + 1);
    }
  };
  if (container) walk(container.start, container.end, 0);
  return found;
}

interface SlideRecords {
  /** Where the slide's container is (its persist id, from its SlidePersistAtom). */
  persistId?: number;
  /** The placeholders' text from the slide list. */
  atoms: Rec[];
}

/**
 * The speaker notes of a slide: its SlideAtom names its notes page by the id the notes list's
 * persist atom gives it, and that page's container holds the text.
 */
function notesOf(buf: Buffer, slide: Rec | undefined, notesPages: Map<number, number>, directory: Map<number, number>): Rec[] {
  if (!slide) return [];
  const atom = [...records(buf, slide.start, slide.end)].find((r) => r.type === SLIDE_ATOM && r.end - r.start >= 20);
  const notesId = atom ? buf.readUInt32LE(atom.start + 16) : 0;
  const persistId = notesId ? notesPages.get(notesId) : undefined;
  return persistId === undefined ? [] : textAtoms(buf, persistObject(buf, directory.get(persistId), NOTES));
}

const clean = (text: string) =>
  // PowerPoint ends paragraphs with \r and soft breaks with \v; other controls (field marks) are no text.
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  text.replace(/[\r\v]/g, '\n').replace(/[\0-\x08\x0b-\x1f]/g, '');

/**
 * The text of each slide, in show order: its placeholders' text from the slide list, then its
 * text boxes, then its speaker notes after "Notes:" (as for a .pptx).
 */
export function pptSlides(buf: Buffer, maxChars: number): { slides: string[]; truncated: boolean } {
  const lists: Rec[] = [];
  slideLists(buf, 0, buf.length, 0, lists);
  const directory = persistDirectory(buf);
  const slides: SlideRecords[] = [];
  /** Notes page id → its persist id. */
  const notesPages = new Map<number, number>();
  for (const list of lists) {
    for (const r of records(buf, list.start, list.end)) {
      if (r.type === SLIDE_PERSIST_ATOM && list.instance === NOTES_PAGES) {
        if (r.end - r.start >= 16) notesPages.set(buf.readUInt32LE(r.start + 12), buf.readUInt32LE(r.start));
      } else if (list.instance !== SLIDES) continue;
      else if (r.type === SLIDE_PERSIST_ATOM) slides.push({ persistId: r.end - r.start >= 4 ? buf.readUInt32LE(r.start) : undefined, atoms: [] });
      else if (slides.length && atomText(buf, r) !== undefined) slides.at(-1)!.atoms.push(r);
    }
  }
  const out: string[] = [];
  let chars = 0;
  const take = (atoms: Rec[]): string[] | undefined => {
    const texts: string[] = [];
    for (const r of atoms) {
      const t = clean(atomText(buf, r)!);
      chars += t.length;
      if (chars > maxChars) return undefined;
      texts.push(t);
    }
    return texts;
  };
  for (const slide of slides) {
    const container = persistObject(buf, slide.persistId === undefined ? undefined : directory.get(slide.persistId), SLIDE);
    const texts = take([...slide.atoms, ...textAtoms(buf, container)]);
    const notes = texts && take(notesOf(buf, container, notesPages, directory));
    if (!texts || !notes) return { slides: [...out, (texts ?? []).join('\n')], truncated: true };
    const spoken = notes.join('\n').trim();
    out.push(texts.join('\n') + (spoken ? `\n\nNotes:\n${spoken}` : ''));
  }
  return { slides: out, truncated: false };
}

export async function extractPpt(file: string, limits: ExtractLimits): Promise<Extracted> {
  const container = await openOle(file, WHAT);
  const stream = await oleStream(container, 'PowerPoint Document');
  if (!stream) throw damaged('it has no "PowerPoint Document" stream');
  const { slides, truncated } = pptSlides(stream, limits.maxChars);
  const notes: string[] = [];
  if (truncated) notes.push(charLimitNote(limits.maxChars));
  if (slides.length === 0) notes.push('no slide text was found in this presentation; it is found by its name');
  return { pages: slides.length ? slides : [''], ocrPages: [], meta: await oleSummary(container), attachments: [], notes };
}
