/**
 * Word 97–2003 (.doc), read with word-extractor in the file reader's helper: the body, then the
 * footnotes, endnotes, comments, text boxes, headers and footers, each after a heading line,
 * so a search finds a name wherever in the document it was typed.
 *
 * word-extractor's own OLE reader loses errors inside its streams (a damaged sector table leaves
 * a promise that never settles), so the OLE file is opened with cfb, as every OLE file is here,
 * and only its Word text reader is used, handed the streams.
 */
import type { WordDocument } from 'word-extractor/lib/word-ole-extractor.js';
import { openOle, oleStream } from './ole.ts';
import { oleSummary } from './ole-properties.ts';
import { FileProblem, charLimitNote, splitPages, type ExtractLimits, type Extracted } from './types.ts';

const WHAT = 'the Word 97–2003 document';

export async function extractWordDoc(file: string, limits: ExtractLimits): Promise<Extracted> {
  const container = await openOle(file, WHAT);
  const WordOleExtractor = (await import('word-extractor/lib/word-ole-extractor.js')).default;
  class FromCfb extends WordOleExtractor {
    override documentStream(_document: unknown, name: string): Promise<Buffer> {
      return oleStream(container, name).then((b) => b ?? Promise.reject(new Error(`it has no ${name} stream`)));
    }
    override streamBuffer(stream: unknown): Promise<Buffer> {
      return Promise.resolve(stream as Buffer);
    }
  }
  let doc: WordDocument;
  try {
    const word = await oleStream(container, 'WordDocument');
    if (!word) throw new Error('it has no WordDocument stream');
    doc = await new FromCfb().extractWordDocument(null, word);
  } catch (e) {
    throw new FileProblem(`${WHAT} is damaged (${(e as Error).message.slice(0, 120)})`);
  }
  // Text as typed: word-extractor would otherwise turn curly quotes and dashes into ASCII.
  const asTyped = { filterUnicode: false };
  const parts: [string, string][] = [
    ['', doc.getBody(asTyped)],
    ['Footnotes', doc.getFootnotes(asTyped)],
    ['Endnotes', doc.getEndnotes(asTyped)],
    ['Comments', doc.getAnnotations(asTyped)],
    ['Text boxes', doc.getTextboxes({ ...asTyped, includeHeadersAndFooters: true, includeBody: true })],
    ['Headers', doc.getHeaders({ ...asTyped, includeFooters: false })],
    ['Footers', doc.getFooters(asTyped)],
  ];
  const text = parts
    .map(([heading, t]) => [heading, t.trim()])
    .filter(([, t]) => t)
    .map(([heading, t]) => (heading ? `${heading}:\n${t}` : t))
    .join('\n\n');
  const notes = text.length > limits.maxChars ? [charLimitNote(limits.maxChars)] : [];
  return { pages: splitPages(text.slice(0, limits.maxChars)), ocrPages: [], meta: await oleSummary(container), attachments: [], notes };
}
