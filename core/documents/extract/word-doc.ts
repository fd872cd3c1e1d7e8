/**
 * Word 97–2003 (.doc), read with word-extractor in the file reader's helper: the body, then the
 * footnotes, endnotes, comments, text boxes, headers and footers, each after a heading line,
 * so a search finds a name wherever in the document it was typed.
 */
import { openOle } from './ole.ts';
import { oleSummary } from './ole-properties.ts';
import { FileProblem, splitPages, type ExtractLimits, type Extracted } from './types.ts';

const WHAT = 'the Word 97–2003 document';

export async function extractWordDoc(file: string, limits: ExtractLimits): Promise<Extracted> {
  const container = await openOle(file, WHAT);
  const WordExtractor = (await import('word-extractor')).default;
  let doc;
  try {
    doc = await new WordExtractor().extract(file);
  } catch (e) {
    throw new FileProblem(`${WHAT} is damaged (${(e as Error).message.slice(0, 120)})`);
  }
  const parts: [string, string][] = [
    ['', doc.getBody()],
    ['Footnotes', doc.getFootnotes()],
    ['Endnotes', doc.getEndnotes()],
    ['Comments', doc.getAnnotations()],
    ['Text boxes', doc.getTextboxes({ includeHeadersAndFooters: true, includeBody: true })],
    ['Headers', doc.getHeaders({ includeFooters: false })],
    ['Footers', doc.getFooters()],
  ];
  const text = parts
    .map(([heading, t]) => [heading, t.trim()])
    .filter(([, t]) => t)
    .map(([heading, t]) => (heading ? `${heading}:\n${t}` : t))
    .join('\n\n');
  const notes = text.length > limits.maxChars ? [`only the first ${limits.maxChars.toLocaleString('en-US')} characters of text were kept`] : [];
  const { title, created } = await oleSummary(container);
  const meta: Extracted['meta'] = {};
  if (title) meta.title = title;
  if (created) meta.created = created;
  return { pages: splitPages(text.slice(0, limits.maxChars)), ocrPages: [], meta, attachments: [], notes };
}
