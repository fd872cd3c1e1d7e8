/**
 * The file reader: a helper process (extract-pool.ts starts it) that parses
 * untrusted files and renders PDF pages, one job at a time. It runs apart
 * from the app so that a crash or running out of memory here ends only this
 * process; the pool bounds its time and memory and starts a new one.
 *
 * Started by `child_process.fork` (plain Node) it talks over process.send;
 * started by Electron's utilityProcess, over process.parentPort.
 */
import { extract } from './extract/extract.ts';
import { FileProblem, type ExtractJob, type RenderJob } from './extract/types.ts';
import { renderPdfPage } from './extract/render.ts';
import { readImagePage, type ImagePageJob } from './extract/image-page.ts';
import { tiffPage, type TiffPageJob } from './extract/tiff-page.ts';
import { pdfPageWords, type PdfWordsJob } from './extract/pdf-words.ts';
import { assemblePages, type AssemblePagesJob } from './extract/assemble-pages.ts';
import { checkImages, type CheckImagesJob } from './extract/check-images.ts';
import type { MailboxBatchJob } from './extract/mailbox-batch.ts';
import { readMboxBatch } from './extract/mbox.ts';
import { readPstBatch } from './extract/pst.ts';

import { unpackArchive, type UnpackArchiveJob } from './extract/unpack-archive.ts';

type Job = ExtractJob | RenderJob | ImagePageJob | TiffPageJob | PdfWordsJob | AssemblePagesJob | CheckImagesJob | MailboxBatchJob | UnpackArchiveJob;

function run(job: Job): Promise<unknown> {
  if ('render' in job) return renderPdfPage(job.render.file, job.render.page, job.render.dpi, job.render.boxes);
  if ('tiffPage' in job) return tiffPage(job.tiffPage.file, job.tiffPage.dpi);
  if ('pdfWords' in job) return pdfPageWords(job.pdfWords.file, job.pdfWords.pages);
  if ('assemblePages' in job) return assemblePages(job.assemblePages.pages, job.assemblePages.out);
  if ('checkImages' in job) return checkImages(job.checkImages.files);
  if ('mailboxBatch' in job) return job.mailboxBatch.kind === 'mbox' ? Promise.resolve(readMboxBatch(job.mailboxBatch)) : readPstBatch(job.mailboxBatch);
  if ('unpackArchive' in job) return unpackArchive(job.unpackArchive);
  if ('imagePage' in job) return readImagePage(job.imagePage.file, job.imagePage.page, job.imagePage.boxes, job.imagePage.asPng);
  return extract(job);
}

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

async function answer(job: Job): Promise<unknown> {
  try {
    const result = await run(job);
    return { ok: true, result };
  } catch (e) {
    const known = e instanceof FileProblem;
    return { ok: false, error: known ? e.message : `could not be read (${(e as Error)?.message ?? String(e)})` };
  }
}

const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
if (parentPort) {
  parentPort.on('message', (e) => void answer(e.data as Job).then((reply) => parentPort.postMessage(reply)));
} else if (process.send) {
  process.on('message', (job) => void answer(job as Job).then((reply) => process.send?.(reply)));
  // The app went away: nothing more will come.
  process.on('disconnect', () => process.exit(0));
} else {
  console.error('This is the file reader of Sunshine; it runs only as a helper process of the app.');
  process.exit(2);
}
