/** Test files made on the spot: real PDFs, Word files and emails, some of them hostile. */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import JSZip from 'jszip';

export async function makePdf(file: string, pages: string[], opts: { created?: Date } = {}): Promise<void> {
  const doc = await PDFDocument.create();
  if (opts.created) doc.setCreationDate(opts.created);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = doc.addPage([612, 792]);
    text.split('\n').forEach((line, i) => page.drawText(line, { x: 50, y: 740 - i * 16, size: 12, font }));
  }
  fs.writeFileSync(file, await doc.save());
}

export async function makeDocx(file: string, paragraphs: string[], opts: { created?: string } = {}): Promise<void> {
  const zip = new JSZip();
  if (opts.created) {
    zip.file('docProps/core.xml', `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">${opts.created}</dcterms:created></cp:coreProperties>`);
  }
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** A .docx whose zip directory claims each entry expands to 4 GB: the shape of a zip bomb. */
export async function makeZipBomb(file: string): Promise<void> {
  await makeDocx(file, ['boom']);
  const buf = fs.readFileSync(file);
  for (let p = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) {
    buf.writeUInt32LE(0xfffffff0, p + 24);
  }
  fs.writeFileSync(file, buf);
}

/** An email with one HTML part and maybe an attachment; the headers not given are a whistleblower's tip to staff, copied to counsel. */
export function makeEml(file: string, opts: { subject: string; html: string; attachment?: { name: string; text: string }; from?: string; to?: string; cc?: string | null; date?: string }): void {
  const b = 'BOUNDARY42';
  const parts = [
    `--${b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${opts.html}\r\n`,
    ...(opts.attachment
      ? [`--${b}\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="${opts.attachment.name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(opts.attachment.text).toString('base64')}\r\n`]
      : []),
    `--${b}--\r\n`,
  ];
  fs.writeFileSync(
    file,
    `From: ${opts.from ?? 'Whistle Blower <wb@example.org>'}\r\nTo: ${opts.to ?? 'Staff <staff@house.example>'}\r\n${opts.cc === null ? '' : `Cc: ${opts.cc ?? 'Counsel <counsel@house.example>'}\r\n`}Subject: ${opts.subject}\r\nDate: ${opts.date ?? 'Tue, 03 Nov 2026 10:00:00 -0500'}\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n${parts.join('')}`,
  );
}

export interface Mail {
  from: string;
  to: string;
  subject: string;
  date: string;
  body: string;
  id?: string;
  inReplyTo?: string;
  references?: string;
  attachment?: { name: string; text: string };
}

/** An .eml as a mail program writes it, with the ids given (and none when not given). */
export function emlText(m: Mail): string {
  const head = [
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    ...(m.id ? [`Message-ID: ${m.id}`] : []),
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    'MIME-Version: 1.0',
  ];
  if (!m.attachment) return [...head, 'Content-Type: text/plain; charset=utf-8', '', m.body, ''].join('\r\n');
  return [
    ...head,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    m.body,
    '--b1',
    `Content-Type: text/plain; name="${m.attachment.name}"`,
    `Content-Disposition: attachment; filename="${m.attachment.name}"`,
    '',
    m.attachment.text,
    '--b1--',
    '',
  ].join('\r\n');
}

/** Text as a reply quotes it: each line after "> ". */
export const quote = (text: string): string =>
  text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

export function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/**
 * A PDF with a standard security handler whose user password is not empty:
 * readers must ask for a password. (The /U entry is random, so no password
 * matches; the file only has to look encrypted the way real ones do.)
 */
export async function makeEncryptedPdf(file: string): Promise<void> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]).drawText('secret', { x: 50, y: 700 });
  const text = Buffer.from(await doc.save({ useObjectStreams: false })).toString('latin1');
  const hex = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${hex(32, 1)}> /U <${hex(32, 2)}> /P -44 >>\n/ID [<${hex(16, 3)}> <${hex(16, 3)}>]\n`;
  if (!text.includes('trailer\n<<')) throw new Error('pdf-lib wrote no classic trailer');
  fs.writeFileSync(file, Buffer.from(text.replace('trailer\n<<', `trailer\n<<\n${encrypt}`), 'latin1'));
}

/** A PDF cut off part-way, as a failed download leaves it. */
export async function makeTruncatedPdf(file: string, pages: string[], keep = 0.6): Promise<void> {
  await makePdf(file, pages);
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * keep)));
}

/**
 * An Outlook .msg (a compound file of MAPI property streams) with a subject,
 * sender, one recipient, a body, a delivery time and one text attachment.
 */
export async function makeMsg(
  file: string,
  m: {
    subject: string;
    from: string;
    fromAddress: string;
    to: string;
    body: string;
    delivered: Date;
    attachment: { name: string; text: string };
    /** The transport headers Outlook keeps of a received message (PR_TRANSPORT_MESSAGE_HEADERS). */
    headers?: string;
    /** Outlook's own Message-ID property (PR_INTERNET_MESSAGE_ID). */
    messageId?: string;
  },
): Promise<void> {
  const { burn } = await import('@kenjiuno/msgreader/lib/Burner.js');
  type Entry = Parameters<typeof burn>[0][number];
  const utf16 = (s: string) => Buffer.from(`${s}\0`, 'utf16le');
  // A copy with a buffer of its own: the burner reads the whole underlying buffer, and small Buffers share a pool.
  const doc = (name: string, bytes: Uint8Array) => {
    const data = new Uint8Array(bytes);
    return { name, type: 2, length: data.length, binaryProvider: () => data };
  };
  // Property stream: a header, then 16-byte entries (tag, flags, value); the delivery time is a FILETIME.
  const props = (headerBytes: number, entries: [number, bigint][]) => {
    const b = Buffer.alloc(headerBytes + entries.length * 16);
    entries.forEach(([tag, value], i) => {
      b.writeUInt32LE(tag, headerBytes + i * 16);
      b.writeUInt32LE(6, headerBytes + i * 16 + 4);
      b.writeBigUInt64LE(value, headerBytes + i * 16 + 8);
    });
    return b;
  };
  const filetime = (d: Date) => BigInt(d.getTime()) * 10_000n + 116_444_736_000_000_000n;
  // Flattened tree: the root's children and each storage's children are indexes into this list.
  const entries: Entry[] = [
    { name: 'Root Entry', type: 5, length: 0, children: [1, 2, 3, 4, 5, 6, 9] },
    doc('__substg1.0_0037001F', utf16(m.subject)),
    doc('__substg1.0_0C1A001F', utf16(m.from)),
    doc('__substg1.0_5D01001F', utf16(m.fromAddress)),
    doc('__substg1.0_1000001F', utf16(m.body)),
    doc('__properties_version1.0', props(32, [[0x0e060040, filetime(m.delivered)]])),
    { name: '__recip_version1.0_#00000000', type: 1, length: 0, children: [7, 8] },
    doc('__substg1.0_3001001F', utf16(m.to)),
    doc('__properties_version1.0', props(8, [[0x0c150003, 1n]])),
    { name: '__attach_version1.0_#00000000', type: 1, length: 0, children: [10, 11, 12] },
    doc('__substg1.0_3707001F', utf16(m.attachment.name)),
    doc('__substg1.0_37010102', Buffer.from(m.attachment.text)),
    doc('__properties_version1.0', props(8, [])),
  ];
  for (const [name, value] of [['__substg1.0_007D001F', m.headers], ['__substg1.0_1035001F', m.messageId]] as const) {
    if (value === undefined) continue;
    entries[0]!.children!.push(entries.length);
    entries.push(doc(name, utf16(value)));
  }
  fs.writeFileSync(file, burn(entries));
}

/**
 * A ZIP of the given files, made as a Unix zipper makes it. Folders in the names get folder entries
 * of their own unless `createFolders` is false; `unixPermissions` marks an entry as, say, a link
 * (0o120777); `store` packs without compression.
 */
export async function zipOf(
  files: Record<string, string | Uint8Array>,
  opts: { unixPermissions?: Record<string, number>; createFolders?: boolean; store?: boolean } = {},
): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data, { unixPermissions: opts.unixPermissions?.[name], createFolders: opts.createFolders ?? false });
  return zip.generateAsync({ type: 'nodebuffer', compression: opts.store ? 'STORE' : 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
}

/** Where each central directory entry of a ZIP starts. */
export function centralEntries(zip: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (zip.readUInt32LE(i) === 0x02014b50) out.push(i);
  return out;
}

/** The ZIP with its first entry marked encrypted in both headers, as an encrypting zipper writes it. */
export function encryptFirstEntry(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  out.writeUInt16LE(out.readUInt16LE(6) | 1, 6);
  const [central] = centralEntries(out);
  out.writeUInt16LE(out.readUInt16LE(central! + 8) | 1, central! + 8);
  return out;
}
