/** Received productions (load-file volumes an agency or company produced): the part of the contract. Spread into the table in api.ts. */
import { z } from 'zod';
import { call } from './contract.ts';
import { randomId } from './api-schemas.ts';
import type { ColumnUse, LoadProblem } from './received/types.ts';

export type { ColumnUse, FieldMapping, FieldTarget, LoadProblem } from './received/types.ts';

export interface ReceivedVolumeOut {
  name: string;
  /** The load files, relative to the production's folder. */
  dat: string;
  images: string | null;
  encoding: string;
  records: number;
  pages: number;
  first: string | null;
  last: string | null;
}

/** What a production holds and what is wrong with it: the report a user reads before anything is written, and after. */
export interface ReceiveReportOut {
  party: string;
  /** The production's name as shown: its folder's or ZIP's name. */
  name: string;
  volumes: ReceivedVolumeOut[];
  header: string[];
  mapping: Record<string, ColumnUse>;
  /** The mapping came from the party's last production (else it was recognised from the header's names). */
  mappingRemembered: boolean;
  /** The first few values of each column, for checking the mapping. */
  samples: Record<string, string[]>;
  mappingProblems: string[];
  records: number;
  pages: number;
  /** Records that can be imported, that cannot (a blocking problem), and that are in already (a production received before). */
  valid: number;
  blocked: number;
  already: number;
  first: string | null;
  last: string | null;
  problems: LoadProblem[];
  /** Problems past the first 2,000, counted but not listed. */
  problemsLeftOut: number;
  dryRun: boolean;
  /** After an import: the received production's id, and what happened. */
  receivedId?: number;
  imported?: number;
  failed?: number;
  cancelled?: boolean;
  /** Nothing was imported: records were blocked and importing what is valid was not asked for. */
  refused?: boolean;
  /** The request's timeline entry, or why its timeline did not take one. */
  timeline?: { added: boolean; line: string; why?: string };
}

export interface ReceivedProductionOut {
  id: number;
  party: string;
  name: string;
  request: string | null;
  addedAt: string;
  finishedAt: string | null;
  status: 'importing' | 'complete' | 'partial';
  first: string | null;
  last: string | null;
  documents: number;
  pages: number;
}

export interface ReceivedProductionDetailOut extends ReceivedProductionOut {
  report: ReceiveReportOut | null;
}

const COLUMN_USES = [
  'begBates', 'endBates', 'begAttach', 'endAttach', 'parent', 'docId', 'custodian', 'from', 'to', 'cc', 'bcc', 'subject', 'title',
  'dateSent', 'timeSent', 'dateCreated', 'fileName', 'fileExtension', 'md5', 'sha1', 'nativePath', 'textPath', 'pageCount', 'confidentiality',
  'messageId', 'inReplyTo', 'references', 'metadata', 'ignore',
] as const satisfies readonly ColumnUse[];

const receiveInput = {
  /** The production's folder or ZIP: a path (the sunshine command; browser mode under its import folders) or the desktop dialog's token. */
  path: z.string().trim().min(1).max(4096).optional(),
  picked: randomId('a picked-file token').optional(),
  /** The producing party ("ICE"); by default the request's agency, else the Bates prefix. Mappings are remembered per party. */
  party: z.string().trim().min(1).max(200).optional(),
  request: z.string().trim().min(1).max(40).optional(),
  /** Column header → its use; columns left out keep the recognised or remembered use. */
  mapping: z.record(z.string().max(500), z.enum(COLUMN_USES)).optional(),
};

const oneSource = (i: { path?: string; picked?: string }) => (i.path === undefined) !== (i.picked === undefined);
const oneSourceError = { message: 'give the production as a path or a picked folder (one of them)', path: ['path'] };

export const receivedCalls = {
  'received.inspect': call<ReceiveReportOut>()(z.object(receiveInput).strict().refine(oneSource, oneSourceError), {
    summary: 'Read a production (folder or ZIP): its load files, the field mapping with samples, and every problem; nothing written.',
    job: true,
  }),
  'received.import': call<ReceiveReportOut>()(
    z
      .object({
        ...receiveInput,
        /** Import the valid records when some are blocked (else nothing is imported while any record is blocked). */
        validOnly: z.boolean().default(false),
      })
      .strict()
      .refine(oneSource, oneSourceError),
    { summary: 'Import a production: one document per record, its page images, text, native and family; a re-run adds only what is missing.', job: true, mutates: true },
  ),
  'received.list': call<ReceivedProductionOut[]>()(z.object({ request: z.string().trim().min(1).max(40).optional() }).strict(), {
    summary: 'The productions received, newest first (of one request, if given).',
  }),
  'received.get': call<ReceivedProductionDetailOut>()(z.object({ id: z.number().int().positive() }).strict(), {
    summary: 'One received production: its volumes, range, counts and validation report.',
  }),
};
