/**
 * An OLE compound file is a small file system: Outlook .msg, Word .doc, Excel .xls and PowerPoint
 * .ppt are all one, told apart only by the streams inside. Listed here, in the file reader's
 * helper (cfb parses untrusted bytes), so an OLE file that is no message is never taken for one.
 */
import fs from 'node:fs';
import type * as Cfb from 'cfb';
import { MIME, type Kind } from '../sniff.ts';
import { FileProblem } from './types.ts';

type CfbModule = typeof Cfb;

/** cfb is CommonJS: its functions come as the default export under Node's ESM loader. */
const cfb = async (): Promise<CfbModule> => {
  const m = (await import('cfb')) as CfbModule & { default?: CfbModule };
  return m.default ?? m;
};

/** An OLE file's structure, parsed; `what` names the file in the error when it is damaged. */
export async function openOle(file: string, what = 'the Office file'): Promise<Cfb.CFB$Container> {
  const CFB = await cfb();
  try {
    return CFB.read(fs.readFileSync(file), { type: 'buffer' });
  } catch (e) {
    throw new FileProblem(`${what} is damaged (its OLE structure cannot be read: ${(e as Error).message.slice(0, 120)})`);
  }
}

/** One stream's bytes, by its name at the root; undefined when there is none. */
export async function oleStream(container: Cfb.CFB$Container, name: string): Promise<Buffer | undefined> {
  const CFB = await cfb();
  const entry = CFB.find(container, `/${name}`);
  return entry?.content ? Buffer.from(entry.content as Uint8Array) : undefined;
}

/** The names of the streams and storages at the root of an OLE file. */
export async function oleStreams(file: string): Promise<Set<string>> {
  const container = await openOle(file);
  // FullPaths are "Root Entry/WordDocument", "Root Entry/__substg1.0_0037001F" …: the part after the root.
  return new Set(container.FullPaths.map((p) => p.split('/')[1] ?? '').filter(Boolean));
}

/** What an OLE file is, by its streams. */
export function oleKind(streams: Set<string>): Kind {
  if (streams.has('__properties_version1.0') || [...streams].some((s) => s.startsWith('__substg1.0_'))) return { type: 'msg', mime: MIME.msg };
  if (streams.has('WordDocument')) return { type: 'doc', mime: MIME.doc };
  if (streams.has('Workbook') || streams.has('Book')) return { type: 'spreadsheet', mime: MIME.xls };
  if (streams.has('PowerPoint Document')) return { type: 'ppt', mime: MIME.ppt };
  return { type: 'other', mime: MIME.ole };
}
