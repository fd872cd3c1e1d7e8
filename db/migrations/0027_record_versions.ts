import type { Migration } from './types.ts';

/**
 * Every record a person edits through a form or a review action carries a version, raised by one
 * in the same statement as each edit, so a save made from an older version can be refused instead
 * of silently overwriting a colleague's newer change (core/versions.ts).
 *
 * A document's coding (its `reviews` row, which may not exist yet) and its tags share one version,
 * kept on `documents`: the document is the thing a reviewer has open, and a row that is only made
 * by the first coding cannot carry the version of the tags added before it. Nothing else that
 * changes a document (reading its text, OCR, threading) raises it: those are not a person's edits.
 *
 * Productions are not here: once made they are never edited (a plan is a preview, not a record).
 */
const VERSIONED = ['agencies', 'requests', 'disclosures', 'tags', 'documents'] as const;

export const m0027: Migration = {
  version: 27,
  name: 'record versions',
  up(db) {
    for (const t of VERSIONED) db.exec(`ALTER TABLE ${t} ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)`);
  },
  pg: async (tx) => {
    for (const t of VERSIONED) await tx.exec(`ALTER TABLE ${t} ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)`);
  },
};
