/** One entry point for every kind of file; runs inside the file reader's helper process. */
import { extractPdf } from './pdf.ts';
import { extractDocx, extractMsg } from './office.ts';
import { extractEml } from './mail.ts';
import { extractText } from './text.ts';
import { imageSize } from './image-size.ts';
import { MAX_IMAGE_PIXELS } from './render.ts';
import type { ExtractJob, Extracted } from './types.ts';

/**
 * A picture has no text layer: its one page waits for OCR — unless its header
 * claims more pixels than may be decoded, when it is kept (and found by name)
 * but never handed to a decoder.
 */
function extractImage(file: string): Extracted {
  const size = imageSize(file);
  const pixels = size ? size.width * size.height : 0;
  if (size && pixels > MAX_IMAGE_PIXELS) {
    const note = `the image is ${size.width.toLocaleString('en-US')} × ${size.height.toLocaleString('en-US')} pixels, over the ${MAX_IMAGE_PIXELS / 1_000_000}-megapixel limit; it was not read for text`;
    return { pages: [''], ocrPages: [], meta: {}, attachments: [], notes: [note] };
  }
  return { pages: [''], ocrPages: [0], meta: {}, attachments: [], notes: [] };
}

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
      return extractImage(job.file);
  }
}
