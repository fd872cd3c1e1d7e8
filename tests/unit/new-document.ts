/** A document row as an import would insert it, for tests that fill a workspace through db/ itself. */
import type { NewDocument } from '../../db/documents.ts';

/** A one-page text document named `name`, its hash made from the name; `more` changes any field. */
export const newDocument = (name: string, more: Partial<NewDocument> = {}): NewDocument => ({
  sha256: `sha-${name}`,
  size: name.length,
  type: 'text',
  mime: 'text/plain',
  name,
  path: `/import/${name}`,
  source: '',
  fileDate: null,
  docDate: null,
  parentId: null,
  title: null,
  emailFrom: null,
  emailTo: null,
  emailCc: null,
  emailDate: null,
  emailSubject: null,
  pages: [`the text of ${name}`],
  ocrPages: [],
  ...more,
});
