/**
 * The extraction worker: parses untrusted files off the thread that serves the
 * window, one job at a time. The host (extract-pool.ts) bounds its time and memory.
 */
import { parentPort } from 'node:worker_threads';
import { extract } from './extract/extract.ts';
import { FileProblem, type ExtractJob, type RenderJob } from './extract/types.ts';
import { renderPdfPage } from './extract/render.ts';

parentPort!.on('message', async (job: ExtractJob | RenderJob) => {
  try {
    const result = 'render' in job ? await renderPdfPage(job.render.file, job.render.page, job.render.dpi, job.render.boxes) : await extract(job);
    parentPort!.postMessage({ ok: true, result });
  } catch (e) {
    const known = e instanceof FileProblem;
    parentPort!.postMessage({ ok: false, error: known ? e.message : `could not be read (${(e as Error)?.message ?? String(e)})` });
  }
});
