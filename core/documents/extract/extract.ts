/** One entry point for every kind of file; runs inside the file reader's helper process. */
import { extractPdf } from './pdf.ts';
import { extractDocx, extractMsg } from './office.ts';
import { extractEml } from './mail.ts';
import { extractText } from './text.ts';
import { oversizeImage } from './image-size.ts';
import { imagePageCount } from './image-page.ts';
import { oleKind, oleStreams } from './ole.ts';
import { extractWordDoc } from './word-doc.ts';
import { extractRtf } from './rtf.ts';
import { extractPptx } from './pptx.ts';
import { extractPpt } from './ppt.ts';
import { archiveListing } from './unpack-archive.ts';
import { extractSpreadsheet } from './spreadsheet.ts';
import type { ExtractJob, Extracted } from './types.ts';

/**
 * A picture has no text layer: its pages (a TIFF may hold several) wait for
 * OCR — unless its header claims more pixels than may be decoded, when it is
 * kept (and found by name) but never handed to a decoder.
 */
async function extractImage(file: string): Promise<Extracted> {
  const tooLarge = oversizeImage(file);
  if (tooLarge) return { pages: [''], ocrPages: [], meta: {}, attachments: [], notes: [tooLarge] };
  const count = await imagePageCount(file);
  return { pages: Array.from({ length: count }, () => ''), ocrPages: Array.from({ length: count }, (_, i) => i), meta: {}, attachments: [], notes: [] };
}

/** Stored as received and found by its name, with the reason it was not read. */
export const storedNotRead = (why: string): Extracted => ({ pages: [''], ocrPages: [], meta: {}, attachments: [], notes: [], notRead: why });

export async function extract(job: ExtractJob): Promise<Extracted> {
  switch (job.type) {
    case 'pdf':
      return extractPdf(job.file, job.limits);
    case 'docx':
      return extractDocx(job.file, job.limits);
    case 'eml':
      return extractEml(job.file, job.limits);
    case 'msg':
      return extractMsg(job.file, job.limits);
    case 'spreadsheet':
      return extractSpreadsheet(job.file, false, job.limits, job.scratchDir);
    case 'csv':
      // A CSV is one sheet: read as one, so its search hits name the cell too.
      return extractSpreadsheet(job.file, true, job.limits, job.scratchDir);
    case 'text':
    case 'html':
      return extractText(job.file, job.type, job.limits);
    case 'image':
      return extractImage(job.file);
    case 'ole': {
      // Read as what its streams say it is, and say so: the document takes that kind.
      const kind = oleKind(await oleStreams(job.file));
      if (kind.type === 'other') return { ...storedNotRead('an OLE compound file of a kind Sunshine does not read (not a Word, Excel, PowerPoint or Outlook file)'), kind };
      return { ...(await extract({ ...job, type: kind.type })), kind };
    }
    case 'doc':
      return extractWordDoc(job.file, job.limits);
    case 'rtf':
      return extractRtf(job.file, job.limits);
    case 'pptx':
      return extractPptx(job.file, job.limits);
    case 'ppt':
      return extractPpt(job.file, job.limits);
    case 'mailbox':
      // Its messages are read in batches after it is stored (mailbox-import.ts), each a document of its own.
      return { pages: [''], ocrPages: [], meta: {}, attachments: [], notes: [] };
    case 'archive':
      // Its entries become documents of their own once it is stored (archive-import.ts); its text lists them.
      return archiveListing(job.file, job.limits);
    case 'other':
      return storedNotRead('not a kind of file Sunshine reads; stored as received');
  }
}
