import type { ColumnUse } from '../../../../core/api.ts';

/** Every use a load file's column can be given, in the order the mapping's Select lists them, with the words it shows. */
export const COLUMN_USE_LABELS: Record<ColumnUse, string> = {
  begBates: 'First Bates number',
  endBates: 'Last Bates number',
  begAttach: 'Family: first Bates',
  endAttach: 'Family: last Bates',
  parent: 'Parent (its Bates or ID)',
  docId: 'Document ID',
  custodian: 'Custodian',
  from: 'From',
  to: 'To',
  cc: 'CC',
  bcc: 'BCC',
  subject: 'Subject',
  title: 'Title',
  dateSent: 'Date sent',
  timeSent: 'Time sent',
  dateCreated: 'Date created',
  fileName: 'File name',
  fileExtension: 'File extension',
  md5: 'MD5 hash',
  sha1: 'SHA-1 hash',
  nativePath: 'Native file',
  textPath: 'Text file',
  pageCount: 'Page count',
  confidentiality: 'Confidentiality',
  messageId: 'Message-ID',
  inReplyTo: 'In-Reply-To',
  references: 'References',
  metadata: 'Keep as metadata',
  ignore: 'Ignore',
};

export const COLUMN_USES = Object.keys(COLUMN_USE_LABELS) as ColumnUse[];

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export const batesRange = (first: string | null, last: string | null) => (first ? (last && last !== first ? `${first}–${last}` : first) : '—');
