/**
 * PowerPoint 97–2003 (.ppt), read in the file reader's helper by walking the records of its
 * "PowerPoint Document" stream (MS-PPT): every record starts with an 8-byte header (version and
 * instance, type, length); containers hold records. The slides' text sits in the
 * SlideListWithText container of the slides (instance 0), where a SlidePersistAtom opens each
 * slide and text atoms follow it. One page per slide, in that list's order (the show order).
 * Every length is checked against its container before anything is read.
 */
import { openOle, oleStream } from './ole.ts';
import { oleSummary } from './ole-properties.ts';
import { windows1252 } from '../../received/load-files/decode.ts';
import { FileProblem, charLimitNote, type ExtractLimits, type Extracted } from './types.ts';

const WHAT = 'the PowerPoint 97–2003 presentation';
const damaged = (why: string) => new FileProblem(`${WHAT} is damaged (${why})`);

const SLIDE_LIST_WITH_TEXT = 0x0ff0;
const SLIDE_PERSIST_ATOM = 0x03f3;
const TEXT_CHARS_ATOM = 0x0fa0;
const TEXT_BYTES_ATOM = 0x0fa8;
const CSTRING = 0x0fba;
/** Containers nest a few levels in real files; deeper is a damaged or hostile file. */
const MAX_DEPTH = 64;
/** Instance 0 of SlideListWithText lists the slides (1 the masters, 2 the notes pages). */
const SLIDES = 0;

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

/** The slides' text lists, wherever in the record tree they are. */
function slideLists(buf: Buffer, start: number, end: number, depth: number, found: Rec[]): void {
  if (depth > MAX_DEPTH) throw damaged(`its records nest more than ${MAX_DEPTH} deep`);
  for (const r of records(buf, start, end)) {
    if (r.type === SLIDE_LIST_WITH_TEXT && r.instance === SLIDES) found.push(r);
    else if (r.container) slideLists(buf, r.start, r.end, depth + 1, found);
  }
}

const atomText = (buf: Buffer, r: Rec): string | undefined => {
  const bytes = buf.subarray(r.start, r.end);
  if (r.type === TEXT_CHARS_ATOM || r.type === CSTRING) return bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le');
  if (r.type === TEXT_BYTES_ATOM) return windows1252(bytes);
  return undefined;
};

/** The text of each slide, in show order. */
export function pptSlides(buf: Buffer, maxChars: number): { slides: string[]; truncated: boolean } {
  const lists: Rec[] = [];
  slideLists(buf, 0, buf.length, 0, lists);
  const slides: string[][] = [];
  let chars = 0;
  for (const list of lists) {
    for (const r of records(buf, list.start, list.end)) {
      if (r.type === SLIDE_PERSIST_ATOM) slides.push([]);
      const text = atomText(buf, r);
      if (text === undefined || slides.length === 0) continue;
      // PowerPoint ends paragraphs with \r and soft breaks with \v; other controls (field marks) are no text.
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      const clean = text.replace(/[\r\v]/g, '\n').replace(/[\0-\x08\x0b-\x1f]/g, '');
      chars += clean.length;
      if (chars > maxChars) return { slides: slides.map((s) => s.join('\n')), truncated: true };
      slides.at(-1)!.push(clean);
    }
  }
  return { slides: slides.map((s) => s.join('\n')), truncated: false };
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
