/**
 * Received productions (a volume of load files, page images, text and
 * natives that an agency or a company produced): the shapes the parts of the
 * import share. Reading load files (load-files/*), turning page images into
 * one PDF per document (extract/assemble-pages.ts), storing (db/received.ts)
 * and the import itself (receive.ts) meet here.
 */

/** Where in the volume a problem is: the load file, its line, the record (its first Bates number) and the field. */
export interface Where {
  file: string;
  line?: number;
  record?: string;
  field?: string;
}

export interface LoadProblem extends Where {
  /** blocking: the record cannot be imported as it is; warning: it is imported, and the report says what to check. */
  severity: 'blocking' | 'warning';
  code: string;
  message: string;
}

export type DatEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** How a DAT (or a CSV/TXT metadata file with a header row) is written, as read from its bytes and header row. */
export interface DatFormat {
  encoding: DatEncoding;
  /** The field separator: U+0014, a literal ¶ (U+00B6), ',', '\t', '|' or ';'. */
  separator: string;
  /** The text qualifier: þ (U+00FE), '"' or '' for none. */
  quote: string;
  /** What stands for a line break inside a field: ® (U+00AE) in a Concordance DAT; '' when none. */
  newline: string;
  /** Between several values of one field: ';'. */
  multi: string;
}

export interface DatRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  /** One value per header column, in header order, qualifiers removed, ® turned into "\n". */
  values: string[];
}

export interface DatTable {
  format: DatFormat;
  header: string[];
  records: DatRecord[];
  problems: LoadProblem[];
}

/** One page image as an OPT or LFP line names it. */
export interface ImageLine {
  /** The page's Bates number (the image key). */
  key: string;
  volume: string;
  /** The path as written in the load file (Windows style, relative or absolute). */
  path: string;
  /** A document starts here (OPT `Y`; LFP `D`). */
  docBreak: boolean;
  /** LFP `C`: an attachment (child) starts here. */
  childBreak: boolean;
  /** The page inside a multi-page image file, 0-based (LFP offset − 1; OPT: counted from repeated paths). */
  frame: number;
  /** OPT: the page count written on a document's first page. */
  pageCount?: number;
  line: number;
}

export interface ImageTable {
  file: string;
  pages: ImageLine[];
  problems: LoadProblem[];
}

/** What a DAT column is taken as. Anything else is kept as the document's metadata under its column name. */
export type FieldTarget =
  | 'begBates'
  | 'endBates'
  | 'begAttach'
  | 'endAttach'
  | 'parent'
  | 'docId'
  | 'custodian'
  | 'from'
  | 'to'
  | 'cc'
  | 'bcc'
  | 'subject'
  | 'title'
  | 'dateSent'
  | 'timeSent'
  | 'dateCreated'
  | 'fileName'
  | 'fileExtension'
  | 'md5'
  | 'sha1'
  | 'nativePath'
  | 'textPath'
  | 'pageCount'
  | 'confidentiality'
  | 'messageId'
  | 'inReplyTo'
  | 'references';

/** A column's use: a target, 'metadata' (kept under its name) or 'ignore'. */
export type ColumnUse = FieldTarget | 'metadata' | 'ignore';

/** Column header → its use; one per header column. */
export type FieldMapping = Record<string, ColumnUse>;

/** A page of a document to be: the image file (resolved inside the volume) and the page inside it. */
export interface PageSource {
  bates: string;
  file: string;
  frame: number;
}
