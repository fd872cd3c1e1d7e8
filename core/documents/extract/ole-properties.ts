/**
 * The title and creation date an old Office file (.doc, .ppt, .xls) keeps in its
 * "\x05SummaryInformation" stream: an OLE property set (MS-OLEPS). Read with bounds checks on
 * every offset, since the bytes are untrusted; anything that does not fit leaves the field out.
 */
import type * as Cfb from 'cfb';
import { windows1252 } from '../../received/load-files/decode.ts';
import { oleStream } from './ole.ts';
import { isoDate, type Extracted } from './types.ts';

const PID_CODEPAGE = 1;
const PID_TITLE = 2;
const PID_CREATED = 12;
const VT_I2 = 2;
const VT_LPSTR = 0x1e;
const VT_FILETIME = 0x40;
/** FILETIME counts 100-nanosecond steps from 1601-01-01 UTC. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

/** Only the fields found are set, so a summary serves as a document's properties as it is. */
export type OleSummary = Pick<Extracted['meta'], 'title' | 'created'>;

/** The title and creation date in a SummaryInformation property set (its first section). */
export function summaryFrom(buf: Buffer): OleSummary {
  if (buf.length < 48 || buf.readUInt16LE(0) !== 0xfffe) return {};
  const section = buf.readUInt32LE(44);
  if (section + 8 > buf.length) return {};
  const count = Math.min(buf.readUInt32LE(section + 4), 1000);
  const at = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const p = section + 8 + i * 8;
    if (p + 8 > buf.length) break;
    const offset = section + buf.readUInt32LE(p + 4);
    if (offset + 8 <= buf.length) at.set(buf.readUInt32LE(p), offset);
  }
  const typed = (id: number, type: number) => {
    const p = at.get(id);
    return p !== undefined && buf.readUInt32LE(p) === type ? p + 4 : undefined;
  };
  const out: OleSummary = {};
  const cp = typed(PID_CODEPAGE, VT_I2);
  const codePage = cp === undefined ? 1252 : buf.readUInt16LE(cp);
  const title = typed(PID_TITLE, VT_LPSTR);
  if (title !== undefined) {
    const len = buf.readUInt32LE(title);
    if (title + 4 + len <= buf.length) {
      const bytes = buf.subarray(title + 4, title + 4 + len);
      const text = (codePage === 1200 ? bytes.toString('utf16le') : codePage === 65001 ? bytes.toString('utf8') : windows1252(bytes)).replace(/\0+$/, '').trim();
      if (text) out.title = text;
    }
  }
  const created = typed(PID_CREATED, VT_FILETIME);
  if (created !== undefined && created + 8 <= buf.length) {
    const ticks = buf.readBigUInt64LE(created);
    // Zero (never set) and dates before 1980 are no real creation dates of a digital file.
    const ms = Number((ticks - FILETIME_UNIX_EPOCH) / 10_000n);
    if (ticks > FILETIME_UNIX_EPOCH && ms >= Date.UTC(1980, 0, 1)) out.created = isoDate(new Date(ms));
  }
  return out;
}

/** The summary of an OLE file, or nothing when it has none: the properties are a nicety, never a reason to fail. */
export async function oleSummary(container: Cfb.CFB$Container): Promise<OleSummary> {
  try {
    const buf = await oleStream(container, '\u0005SummaryInformation');
    return buf ? summaryFrom(buf) : {};
  } catch {
    return {};
  }
}
