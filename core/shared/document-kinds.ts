/**
 * The kinds of document (search-query.ts DOCUMENT_KINDS, the same list: a unit test holds them
 * together) as people call them, and what each is: one place for the type filter, the search
 * facets, the Documents list, the production's native kinds and the CLI. Pure data, shared by
 * core and the window.
 */

export const KIND_LABELS = {
  pdf: 'PDF',
  docx: 'Word',
  doc: 'Word 97–2003',
  rtf: 'Rich text',
  pptx: 'PowerPoint',
  ppt: 'PowerPoint 97–2003',
  spreadsheet: 'Spreadsheet',
  csv: 'CSV',
  eml: 'Email',
  msg: 'Outlook message',
  mailbox: 'Mailbox',
  archive: 'Archive (ZIP)',
  html: 'Web page',
  text: 'Text',
  image: 'Image',
  other: 'Other (stored, not read)',
} as const;

/** A kind import tells apart; `type:` in search and the type filter take the same list. */
export type DocumentKind = keyof typeof KIND_LABELS;

export const isDocumentKind = (s: string): s is DocumentKind => Object.hasOwn(KIND_LABELS, s);

/** A kind's label; a value that is no kind (an older workspace's) shown as it is. */
export const kindLabel = (kind: string): string => (isDocumentKind(kind) ? KIND_LABELS[kind] : kind);

/**
 * Files that hold other documents (a ZIP's entries, a mailbox's messages), each stored as a
 * document of its own. The container itself is neither drawn as pages nor sent whole in a
 * production: its file would carry whatever of its contents is withheld.
 */
export const CONTAINER_KINDS: readonly DocumentKind[] = ['mailbox', 'archive'];
export const isContainer = (kind: string): boolean => (CONTAINER_KINDS as readonly string[]).includes(kind);

/** How a file stored as received but not read is marked wherever it is listed. */
export const NOT_READ = 'stored, not read';
export const notReadText = (why: string): string => `${NOT_READ}: ${why}`;
