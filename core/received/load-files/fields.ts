/**
 * Which DAT column is which: the usual header names and their spellings (BEGDOC, Begin Bates,
 * ProdBeg…) recognised whatever their case and punctuation, a party's remembered mapping first,
 * and the plain problems of a mapping the user edited or brought in a file.
 */
import type { ColumnUse, DatTable, FieldMapping, FieldTarget } from '../types.ts';

/** Each target's names, best first, as they read folded (lower case, letters and digits only). */
const SYNONYMS: Record<FieldTarget, string[]> = {
  begBates: ['begbates', 'begdoc', 'beginbates', 'prodbeg', 'prodbegbates', 'begno', 'batesbegin', 'batesbeg', 'startbates', 'begprodbates', 'bates', 'batesnumber'],
  endBates: ['endbates', 'enddoc', 'endingbates', 'prodend', 'prodendbates', 'endno', 'batesend', 'endprodbates'],
  begAttach: ['begattach', 'attachbeg', 'begfamily', 'familybegin', 'familybeg', 'beginattach', 'begattachment', 'prodbegattach'],
  endAttach: ['endattach', 'attachend', 'endfamily', 'familyend', 'endattachment', 'prodendattach'],
  parent: ['parentbates', 'parentid', 'parentdocid', 'parentdoc', 'parent'],
  docId: ['docid', 'documentid', 'controlnumber', 'controlno'],
  custodian: ['custodian', 'custodians', 'allcustodians'],
  from: ['from', 'emailfrom', 'author', 'authoremail'],
  to: ['to', 'recipients', 'emailto', 'recipient'],
  cc: ['cc', 'emailcc'],
  bcc: ['bcc', 'emailbcc'],
  subject: ['subject', 'emailsubject'],
  title: ['title', 'doctitle', 'documenttitle'],
  dateSent: ['datesent', 'sentdate', 'sent', 'emaildatesent'],
  timeSent: ['timesent', 'senttime'],
  dateCreated: ['datecreated', 'createddate', 'docdate', 'createdate'],
  fileName: ['filename', 'originalfilename', 'nativefilename'],
  fileExtension: ['fileextension', 'fileext', 'extension', 'ext'],
  md5: ['md5hash', 'md5'],
  sha1: ['sha1hash', 'sha1'],
  nativePath: ['nativepath', 'nativelink', 'nativefile', 'native'],
  textPath: ['textpath', 'textlink', 'extractedtext', 'textprecedence', 'ocrpath'],
  pageCount: ['pagecount', 'pages', 'numpages'],
  confidentiality: ['confidentiality', 'designation', 'confidential', 'confidentialitydesignation'],
  // An email's ids, for threading it with the emails already here (core/documents/threads.ts).
  messageId: ['messageid', 'internetmessageid', 'emailmessageid', 'msgid'],
  inReplyTo: ['inreplyto', 'emailinreplyto', 'inreplytoid'],
  references: ['references', 'emailreferences'],
};

const TARGETS = Object.keys(SYNONYMS) as FieldTarget[];
const USES = new Set<string>([...TARGETS, 'metadata', 'ignore']);

/** A header name folded for comparing: "Begin Bates", "BEGIN_BATES" and "Begin-Bates" agree. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The target a folded name is a spelling of, and how good a spelling (0 best). */
const KNOWN = new Map<string, { target: FieldTarget; rank: number }>();
for (const target of TARGETS) SYNONYMS[target].forEach((name, rank) => KNOWN.set(name, { target, rank }));

/**
 * A mapping for the header: the party's remembered uses for the columns it names, then each
 * target to its best-spelled column; every other column is metadata. A DocID column is taken
 * as the first Bates number only when no column is named like one.
 */
export function suggestMapping(header: string[], remembered?: FieldMapping): FieldMapping {
  const mapping: FieldMapping = {};
  const taken = new Set<ColumnUse>();
  for (const name of header) {
    const use = remembered?.[name];
    if (use === undefined || name in mapping) continue;
    mapping[name] = isTarget(use) && taken.has(use) ? 'metadata' : use;
    taken.add(use);
  }
  const best = new Map<FieldTarget, { name: string; rank: number }>();
  for (const name of header) {
    if (name in mapping) continue;
    const known = KNOWN.get(fold(name));
    if (!known || taken.has(known.target)) continue;
    const was = best.get(known.target);
    if (!was || known.rank < was.rank) best.set(known.target, { name, rank: known.rank });
  }
  if (!best.has('begBates') && !taken.has('begBates') && best.has('docId')) {
    best.set('begBates', best.get('docId')!);
    best.delete('docId');
  }
  const chosen = new Map<string, FieldTarget>();
  for (const [target, { name }] of best) chosen.set(name, target);
  for (const name of header) if (!(name in mapping)) mapping[name] = chosen.get(name) ?? 'metadata';
  return mapping;
}

/** What is wrong with a mapping for this header, in plain words (none when it can be used). */
export function checkMapping(header: string[], mapping: FieldMapping): string[] {
  const problems: string[] = [];
  const columns = new Set(header);
  for (const name of header) {
    if (!(name in mapping)) problems.push(`The mapping does not say what the column "${name}" is.`);
  }
  const usedBy = new Map<string, string[]>();
  for (const [name, use] of Object.entries(mapping)) {
    if (!columns.has(name)) problems.push(`The mapping names "${name}", which is not a column of the load file.`);
    if (!USES.has(use)) {
      problems.push(`The column "${name}" is mapped to "${String(use)}", which is not a field Sunshine knows (use one of ${[...TARGETS, 'metadata', 'ignore'].join(', ')}).`);
      continue;
    }
    if (isTarget(use) && columns.has(name)) usedBy.set(use, [...(usedBy.get(use) ?? []), name]);
  }
  for (const [use, names] of usedBy) {
    if (names.length > 1) problems.push(`${use} is the use of more than one column (${names.map((n) => `"${n}"`).join(', ')}); choose one.`);
  }
  if (!usedBy.has('begBates')) problems.push('No column is taken as the first Bates number (begBates); every record needs one.');
  return problems;
}

/** The first `n` non-empty values of each column, to show beside the mapping. */
export function columnSamples(table: Pick<DatTable, 'header' | 'records'>, n = 3): Record<string, string[]> {
  const samples: Record<string, string[]> = {};
  const open = new Set<number>();
  table.header.forEach((name, i) => {
    if (name in samples) return;
    samples[name] = [];
    open.add(i);
  });
  for (const record of table.records) {
    if (open.size === 0) break;
    for (const i of open) {
      const value = record.values[i]?.trim();
      const list = samples[table.header[i]!]!;
      if (value) list.push(value);
      if (list.length >= n) open.delete(i);
    }
  }
  return samples;
}

function isTarget(use: ColumnUse | string): use is FieldTarget {
  return use !== 'metadata' && use !== 'ignore' && USES.has(use);
}
