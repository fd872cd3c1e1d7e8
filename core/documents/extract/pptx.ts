/**
 * PowerPoint (.pptx): one page per slide, in the order the presentation shows them (its list of
 * slide ids, not the part names, which keep the order slides were made in), each slide's speaker
 * notes after its text. Run in the file reader's helper, after the zip-bomb check.
 */
import fs from 'node:fs';
import path from 'node:path';
import type JSZipType from 'jszip';
import { checkZip } from './zip-check.ts';
import { officeCreated } from './office.ts';
import { FileProblem, charLimitNote, type ExtractLimits, type Extracted } from './types.ts';

const damaged = (why: string) => new FileProblem(`the PowerPoint presentation is damaged (${why})`);

/** An XML part as text; one that declares a DOCTYPE or entities is refused (entity expansion, "billion laughs"). */
async function part(zip: JSZipType, name: string): Promise<string | undefined> {
  const entry = zip.file(name);
  if (!entry) return undefined;
  const xml = await entry.async('string');
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
    throw new FileProblem(`the .pptx file declares XML entities in ${name.slice(0, 80)} (a way to exhaust a reader's memory); refused`);
  }
  return xml;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#')) {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

/** The text of DrawingML: runs (<a:t>) joined, a line per paragraph (<a:p>), breaks and tabs kept. */
export function drawingText(xml: string): string {
  const lines: string[] = [];
  for (const para of xml.split(/<\/a:p>/)) {
    const text = [...para.matchAll(/<a:t(?:\s[^>]*)?>([^<]*)<\/a:t>|<a:(br|tab)\b[^>]*\/>/g)]
      .map((m) => (m[2] === 'br' ? '\n' : m[2] === 'tab' ? '\t' : unescapeXml(m[1]!)))
      .join('');
    if (text.trim()) lines.push(text);
  }
  return lines.join('\n');
}

/** Relationship id → part name, resolved against the folder of the part the relationships belong to. */
async function relationships(zip: JSZipType, ofPart: string): Promise<Map<string, { type: string; target: string }>> {
  const relsName = path.posix.join(path.posix.dirname(ofPart), '_rels', `${path.posix.basename(ofPart)}.rels`);
  const xml = (await part(zip, relsName)) ?? '';
  const rels = new Map<string, { type: string; target: string }>();
  for (const [tag] of xml.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (!id || !target || attr(tag, 'TargetMode') === 'External') continue;
    const resolved = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(ofPart), target));
    rels.set(id, { type: attr(tag, 'Type') ?? '', target: resolved });
  }
  return rels;
}

/** Placeholders of a notes page that repeat the slide's picture, its number, the date, header or footer: no notes. */
const NOT_NOTES = /<p:ph\b[^>]*\stype="(sldImg|sldNum|hdr|ftr|dt)"/;

/** The speaker notes of a notes slide: its body placeholder, and any text box the speaker added (LibreOffice writes notes so). */
function notesText(xml: string): string {
  return xml
    .split(/<\/p:sp>/)
    .filter((shape) => !NOT_NOTES.test(shape))
    .map(drawingText)
    .filter(Boolean)
    .join('\n');
}

export async function extractPptx(file: string, limits: ExtractLimits): Promise<Extracted> {
  checkZip(file, limits.maxUnzippedBytes, '.pptx');
  try {
    return await readPptx(file, limits);
  } catch (e) {
    // A part that will not inflate, or any other surprise in the package, is damage to this file.
    if (e instanceof FileProblem) throw e;
    throw damaged((e as Error).message.slice(0, 120));
  }
}

async function readPptx(file: string, limits: ExtractLimits): Promise<Extracted> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const presentation = await part(zip, 'ppt/presentation.xml');
  if (presentation === undefined) throw damaged('it has no ppt/presentation.xml');
  const rels = await relationships(zip, 'ppt/presentation.xml');
  const slideList = /<p:sldIdLst\b[^>]*>([\s\S]*?)<\/p:sldIdLst>/.exec(presentation)?.[1] ?? '';
  const pages: string[] = [];
  const notes: string[] = [];
  let chars = 0;
  for (const [tag] of slideList.matchAll(/<p:sldId\b[^>]*>/g)) {
    const slideName = rels.get(attr(tag, 'r:id') ?? '')?.target;
    const slide = slideName ? await part(zip, slideName) : undefined;
    if (slideName === undefined || slide === undefined) {
      notes.push(`slide ${pages.length + 1} is listed but missing from the file`);
      pages.push('');
      continue;
    }
    const notesPart = [...(await relationships(zip, slideName)).values()].find((r) => r.type.endsWith('/notesSlide'))?.target;
    const notesXml = notesPart ? await part(zip, notesPart) : undefined;
    const spoken = notesXml ? notesText(notesXml) : '';
    let page = drawingText(slide) + (spoken ? `\n\nNotes:\n${spoken}` : '');
    if (chars + page.length > limits.maxChars) {
      page = page.slice(0, Math.max(0, limits.maxChars - chars));
      notes.push(charLimitNote(limits.maxChars));
    }
    chars += page.length;
    pages.push(page);
    if (chars >= limits.maxChars) break;
  }
  const created = await officeCreated(file);
  return { pages: pages.length ? pages : [''], ocrPages: [], meta: created ? { created } : {}, attachments: [], notes };
}
