/** One entry point for every kind of file; runs inside the extraction worker. */
import { extractPdf } from './pdf.ts';
import { extractDocx, extractMsg } from './office.ts';
import { extractEml } from './mail.ts';
import { extractText } from './text.ts';
import type { ExtractJob, Extracted } from './types.ts';

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
    case 'text':
    case 'csv':
    case 'html':
      return extractText(job.file, job.type, job.limits);
    case 'image':
      // No text layer at all: the one page waits for OCR.
      return { pages: [''], ocrPages: [0], meta: {}, attachments: [], notes: [] };
  }
}
