import fs from 'node:fs';
import { FileProblem, type ExtractLimits, type Extracted } from './types.ts';

/** Text of each page with pdf.js; pages without a text layer are marked for OCR. */
export async function extractPdf(file: string, limits: ExtractLimits): Promise<Extracted> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const data = new Uint8Array(fs.readFileSync(file));
  let doc;
  try {
    // Untrusted input: no eval, no fonts loaded, no network.
    doc = await getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') throw new FileProblem('the PDF is encrypted (password-protected); ask for an unprotected copy');
    if (name === 'InvalidPDFException') throw new FileProblem('the PDF is damaged, cut short or not a PDF');
    throw new FileProblem(`the PDF could not be read (${(e as Error).message})`);
  }
  const out: Extracted = { pages: [], ocrPages: [], meta: {}, attachments: [], notes: [] };
  try {
    const count = Math.min(doc.numPages, limits.maxPages);
    if (doc.numPages > limits.maxPages) out.notes.push(`only the first ${limits.maxPages} of ${doc.numPages} pages were read`);
    let chars = 0;
    for (let i = 1; i <= count; i++) {
      let text = '';
      try {
        const page = await doc.getPage(i);
        // pdf.js normalizes glyph by glyph; one NFKC pass over the page below does the same
        // (ligatures such as "ﬁ" become "fi", so search finds them) in a third less time.
        const content = await page.getTextContent({ disableNormalization: true });
        for (const item of content.items) {
          if ('str' in item) text += item.str + (item.hasEOL ? '\n' : item.str ? ' ' : '');
        }
        page.cleanup();
      } catch (e) {
        out.notes.push(`page ${i} could not be read (${(e as Error).message})`);
      }
      text = text.normalize('NFKC').replace(/[ \t]+\n/g, '\n').trim();
      chars += text.length;
      if (chars > limits.maxChars) {
        out.notes.push(`text after page ${i - 1} was left out (over ${limits.maxChars} characters)`);
        break;
      }
      out.pages.push(text);
      if (text.replace(/\s/g, '').length < 3) out.ocrPages.push(i - 1);
    }
    const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown; CreationDate?: unknown } | undefined;
    if (typeof info?.Title === 'string' && info.Title.trim()) out.meta.title = info.Title.trim().slice(0, 500);
    const created = typeof info?.CreationDate === 'string' ? pdfDate(info.CreationDate) : null;
    if (created) out.meta.created = created;
  } finally {
    await doc.destroy();
  }
  return out;
}

/**
 * A PDF date string ("D:20240115093000-05'00'", parts after the year
 * optional) as an ISO timestamp in UTC; null when it is not one or names an
 * impossible date.
 */
export function pdfDate(s: string): string | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?(?:\d{2}'?)?)?/.exec(s.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', zone] = m;
  const n = (v: string) => Number(v);
  if (n(mo) < 1 || n(mo) > 12 || n(d) < 1 || n(h) > 23 || n(mi) > 59 || n(sec) > 59) return null;
  let offsetMin = 0;
  if (zone && zone !== 'Z') {
    const z = /([+-])(\d{2})'?(\d{2})?/.exec(zone)!;
    offsetMin = (z[1] === '-' ? -1 : 1) * (n(z[2]!) * 60 + n(z[3] ?? '0'));
  }
  const t = Date.UTC(n(y!), n(mo) - 1, n(d), n(h), n(mi), n(sec)) - offsetMin * 60_000;
  const back = new Date(Date.UTC(n(y!), n(mo) - 1, n(d)));
  if (back.getUTCDate() !== n(d) || n(y!) < 1900 || n(y!) > 2200) return null;
  return new Date(t).toISOString();
}
