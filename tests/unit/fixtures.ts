/** Test files made on the spot: real PDFs, Word files and emails, some of them hostile. */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import JSZip from 'jszip';

export async function makePdf(file: string, pages: string[]): Promise<void> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = doc.addPage([612, 792]);
    text.split('\n').forEach((line, i) => page.drawText(line, { x: 50, y: 740 - i * 16, size: 12, font }));
  }
  fs.writeFileSync(file, await doc.save());
}

export async function makeDocx(file: string, paragraphs: string[]): Promise<void> {
  const zip = new JSZip();
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

export function makeEml(file: string, opts: { subject: string; html: string; attachment?: { name: string; text: string } }): void {
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
    `From: Whistle Blower <wb@example.org>\r\nTo: Staff <staff@house.example>\r\nCc: Counsel <counsel@house.example>\r\nSubject: ${opts.subject}\r\nDate: Tue, 03 Nov 2026 10:00:00 -0500\r\nMessage-ID: <1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n${parts.join('')}`,
  );
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}
