/**
 * Two ways to read text off a page image, the same answer from both:
 *
 * - the system's Tesseract (Debian: apt-get install tesseract-ocr), when it is
 *   installed with English: about twice as fast as the WebAssembly build. One
 *   thread per process (OMP_THREAD_LIMIT=1): with OpenMP on a small machine it
 *   is several times slower, and the queue already reads a page per core.
 * - tesseract.js with the English data shipped in @tesseract.js-data/eng:
 *   always there, no network.
 *
 * SUNSHINE_OCR_ENGINE=wasm or =system chooses; otherwise the system's when found.
 *
 * Both are asked for Tesseract's TSV (one row per word, with its box), and the
 * text is put together from it: one parser, the same text and the same word
 * boxes from either engine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

/** One word read off a page: its text and box in pixels of the image read. */
export type OcrWord = [text: string, left: number, top: number, width: number, height: number];

/** What OCR read off one image: its text, and where each word is (for hit boxes on the picture). */
export interface OcrResult {
  text: string;
  /** The image's size in pixels, as Tesseract saw it; word boxes are in these pixels. */
  width: number;
  height: number;
  words: OcrWord[];
}

/**
 * Tesseract's TSV (level, page, block, paragraph, line, word, left, top,
 * width, height, confidence, text) as text and word boxes: words of a line
 * joined by spaces, lines by a line break, paragraphs by an empty line — as
 * Tesseract's own text output lays them out.
 */
export function fromTsv(tsv: string): OcrResult {
  const out: OcrResult = { text: '', width: 0, height: 0, words: [] };
  const lines: string[] = [];
  let line: string[] = [];
  let lineKey = '';
  let paraKey = '';
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || !/^\d+$/.test(f[0]!)) continue;
    const [level, , block, par, ln] = f;
    const [left, top, width, height] = f.slice(6, 10).map(Number) as [number, number, number, number];
    if (level === '1') {
      out.width = width;
      out.height = height;
      continue;
    }
    const text = f.slice(11).join('\t').trim();
    if (level !== '5' || !text) continue;
    const key = `${block}.${par}.${ln}`;
    if (key !== lineKey) {
      if (line.length) lines.push(line.join(' '));
      if (paraKey && `${block}.${par}` !== paraKey) lines.push('');
      line = [];
      lineKey = key;
      paraKey = `${block}.${par}`;
    }
    line.push(text);
    out.words.push([text, left, top, width, height]);
  }
  if (line.length) lines.push(line.join(' '));
  out.text = lines.join('\n');
  return out;
}

export interface Recognizer {
  readonly engine: 'system' | 'wasm';
  /** Text and word boxes of one image (PNG, JPEG, TIFF… as bytes). */
  recognize(image: Buffer): Promise<OcrResult>;
  terminate(): Promise<void>;
}

/** Page segmentation: one block of text (what tesseract.js does too; "auto" misreads regular pages as columns). */
const PSM = '6';
const TIMEOUT_MS = 120_000;

let systemBin: string | null | undefined;

/** The system's tesseract if it is on the PATH and has English; null otherwise. */
export function systemTesseract(): string | null {
  if (systemBin !== undefined) return systemBin;
  const r = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8', timeout: 10_000 });
  systemBin = r.status === 0 && /^eng$/m.test(`${r.stdout}\n${r.stderr}`) ? 'tesseract' : null;
  return systemBin;
}

function systemRecognizer(bin: string): Recognizer {
  return {
    engine: 'system',
    recognize: (image) =>
      new Promise((resolve, reject) => {
        // Arguments, never a shell; the image goes in on stdin, the words come out on stdout.
        const child = spawn(bin, ['stdin', 'stdout', '-l', 'eng', '--psm', PSM, 'tsv'], {
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        const out: Buffer[] = [];
        let err = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
        child.stdout.on('data', (c: Buffer) => out.push(c));
        child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (code === 0) resolve(fromTsv(Buffer.concat(out).toString('utf8')));
          else reject(new Error(signal === 'SIGKILL' ? `tesseract took longer than ${TIMEOUT_MS / 1000} s` : `tesseract failed (${err.trim().split('\n').pop() ?? code})`));
        });
        child.stdin.on('error', () => undefined); // a crash before reading all of it is reported by close
        child.stdin.end(image);
      }),
    terminate: async () => undefined,
  };
}

async function wasmRecognizer(): Promise<Recognizer> {
  const require = createRequire(import.meta.url);
  const eng = require('@tesseract.js-data/eng') as { langPath: string };
  const { createWorker } = await import('tesseract.js');
  const worker = await createWorker('eng', 1, {
    langPath: eng.langPath,
    gzip: true,
    cacheMethod: 'none',
    // Without a handler tesseract.js also throws a failed job's error from its message
    // listener, where nothing can catch it: one unreadable image would end the app.
    errorHandler: () => undefined,
  });
  await worker.setParameters({ tessedit_pageseg_mode: PSM as never });
  return {
    engine: 'wasm',
    recognize: async (image) => fromTsv((await worker.recognize(image, {}, { text: false, tsv: true })).data.tsv ?? ''),
    terminate: async () => void (await worker.terminate()),
  };
}

export async function startRecognizer(choice = process.env.SUNSHINE_OCR_ENGINE): Promise<Recognizer> {
  if (choice === 'wasm') return wasmRecognizer();
  const bin = systemTesseract();
  if (choice === 'system' && !bin) throw new Error('SUNSHINE_OCR_ENGINE=system, but no tesseract with English is installed (apt-get install tesseract-ocr)');
  return bin ? systemRecognizer(bin) : wasmRecognizer();
}
